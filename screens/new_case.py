"""Neuer Fall: find or create the person, the concern, and the first contact in one form."""

import dataclasses

import streamlit as st

from components import address
from components.cases.case_forms import NEW_CASE_CATALOGUES, new_case_fields, person_choice
from components.cases.rating_views import rating_fields
from components.forms import FieldErrors, client_token, generation, save_new_entry
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import local_today
from services import ratings
from services.cases import find_persons, open_case, open_case_from_signal
from services.catalogues import options
from services.errors import NotFound
from services.signals import case_draft

FORM = "new_case"
actor = current_actor_or_stop()
today = local_today()
st.title("Neuer Fall")
search = st.text_input(
    "Gibt es die Person schon? Suche nach Code oder Name",
    placeholder="z. B. Krause oder CSG-0012 – leer lassen für eine neue Person",
    key=f"nc_search_{generation(FORM)}",
)
signal_id = address.record_id("signal")
with session_scope() as session:
    matches = find_persons(session, actor, search)
    choices = {c: options(session, c) for c in NEW_CASE_CATALOGUES}
    own_tool = next(t for t in ratings.instruments(session) if t.own)
    try:
        draft = case_draft(session, actor, signal_id) if signal_id is not None else None
    except NotFound:
        draft = None
        st.error("Diesen Hinweis gibt es nicht.", icon=":material/warning:")
if draft:
    st.info(
        "Aus einem Hinweis der Genossenschaft – Angaben sind vorausgefüllt.",
        icon=":material/campaign:",
    )
person_id = person_choice(matches, searched=len(search.strip()) >= 2)

errors = FieldErrors()
with st.form(f"{FORM}_{generation(FORM)}"):
    data = new_case_fields(f"nc{generation(FORM)}", person_id, choices, errors, today, draft)
    with st.expander("Erste Einschätzung (freiwillig, ca. 20 Sekunden)"):
        first = rating_fields(f"nc{generation(FORM)}_rt", own_tool, errors, today,
                              data.first_contact.contact_date, "rating_", "aufnahme")  # fmt: skip
    if st.form_submit_button("Fall anlegen", type="primary", icon=":material/check:"):
        contact = dataclasses.replace(data.first_contact, client_token=client_token(FORM))
        data = dataclasses.replace(data, first_contact=contact)

        def save(s):
            if draft:
                case = open_case_from_signal(s, actor, draft.signal_id, data, today)
            else:
                case = open_case(s, actor, data, today)
            if not first.empty:  # in the same transaction: a bad rating keeps the whole form
                ratings.add_rating(s, actor, case.id, first, today, prefix="rating_")
            return case

        ok, case_id = save_new_entry(FORM, errors, save, "Fall angelegt.")
        if ok:
            st.switch_page("screens/case.py", query_params={"id": case_id})
