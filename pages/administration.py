"""Verwaltung (Admin): accounts and cooperatives at a glance."""

import streamlit as st

from components.db import session_scope
from components.formatting import de_datetime, de_number
from components.layout import current_actor_or_stop
from services.labels import ROLE_LABELS
from services.users import list_cooperatives, list_users

actor = current_actor_or_stop()
st.title("Verwaltung")
with session_scope() as session:
    users = list_users(session, actor)
    coops = list_cooperatives(session, actor)

tab_users, tab_coops = st.tabs(["Benutzer", "Genossenschaften"])
with tab_users:
    st.dataframe(
        {
            "Benutzername": [u.username for u in users],
            "Name": [u.display_name for u in users],
            "Rolle": [ROLE_LABELS[u.role] for u in users],
            "Genossenschaft": [u.cooperative or "" for u in users],
            "Aktiv": ["ja" if u.active else "nein" for u in users],
            "Gesperrt bis": [de_datetime(u.locked_until) if u.locked_until else "" for u in users],
            "Letzte Anmeldung": [de_datetime(u.last_login_at) for u in users],
        },
        hide_index=True,
        width="stretch",
    )
with tab_coops:
    if not coops:
        st.info("Es sind noch keine Genossenschaften angelegt.")
    else:
        st.dataframe(
            {
                "Genossenschaft": [c.name for c in coops],
                "Kürzel": [c.code for c in coops],
                "Stadt": [c.city for c in coops],
                "Wohneinheiten": [de_number(c.housing_units) for c in coops],
                "Aktiv": ["ja" if c.active else "nein" for c in coops],
            },
            hide_index=True,
            width="stretch",
        )
