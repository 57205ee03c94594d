"""Kurzkontakt: an anonymous quick contact in a few clicks, from the stairwell."""

import dataclasses

import streamlit as st

from components.cases.contact_forms import quick_contact_fields
from components.forms import (
    FieldErrors,
    client_token,
    generation,
    save_new_entry_and_rerun,
    show_flash,
)
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import local_today
from services.catalogues import options
from services.contacts import quick_contacts_on, record_quick_contact

FORM = "quick_contact"
actor = current_actor_or_stop()
today = local_today()
with session_scope() as session:
    kinds, topics = options(session, "contact_kind"), options(session, "problem_area")
    count = quick_contacts_on(session, actor, today)

st.title("Kurzkontakt")
show_flash()
st.caption(
    "Anonym, ohne Namen – für kurze Gespräche im Haus. Für eine Person mit Anliegen: „Neuer Fall“."
)
st.metric("Kurzkontakte heute", count)
errors = FieldErrors()
with st.form(f"{FORM}_{generation(FORM)}", border=True):
    data = quick_contact_fields(f"qc{generation(FORM)}", kinds, topics, errors, today)
    if st.form_submit_button("Speichern", type="primary", icon=":material/check:"):
        data = dataclasses.replace(data, client_token=client_token(FORM))
        save_new_entry_and_rerun(
            FORM,
            errors,
            lambda s: record_quick_contact(s, actor, data, today),
            "Kurzkontakt gespeichert.",
        )
