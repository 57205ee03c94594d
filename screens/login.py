"""Login screen (shown by app.py while nobody is logged in)."""

import streamlit as st

from components.shell.auth import login_form
from services.demo import DEMO_PASSWORD
from services.labels import ROLE_LABELS

_, middle, _ = st.columns([1, 2, 1])
with middle:
    st.title("Kümmerer-Cockpit")
    st.caption("Dokumentation, Fälle und Indikatoren für Soziale Kümmerer")
    if login_form() is not None:
        st.rerun()

demo_accounts = st.session_state.get("kc_demo_accounts")
if demo_accounts:
    with middle, st.expander("Demo-Konten (nur für die Demo)"):
        st.write(f"Passwort für alle Demo-Konten: `{DEMO_PASSWORD}`")
        st.table(
            {
                "Benutzername": [a[0] for a in demo_accounts],
                "Rolle": [ROLE_LABELS[a[1]] for a in demo_accounts],
                "Genossenschaft": [a[2] for a in demo_accounts],
            }
        )
