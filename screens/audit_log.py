"""Protokoll (Admin and Koordination): who did what, when — never personal data."""

import streamlit as st

from components.admin.audit_log import audit_filter_bar, audit_table
from components.shell.layout import current_actor_or_stop
from config import local_today

actor = current_actor_or_stop()
st.title("Protokoll")
st.caption(
    "Anmeldungen und Änderungen an Konten, Genossenschaften und Katalogen. "
    "Das Protokoll enthält nur Benutzernamen, Aktionen und Nummern – keine Daten über Mieter."
    + (
        ""
        if actor.role == "admin"
        else " Einträge zu Personen, Fällen, Kontakten, Hinweisen und Ehrenamt sieht nur die "
        "Administration – einzeln gezählt verrieten sie kleine Zahlen."
    )
)
flt = audit_filter_bar(actor, local_today())
if flt is not None:
    audit_table(actor, flt)
