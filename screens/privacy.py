"""Datenschutz: a tenant's rights — consents, access export (Art. 15), erasure (Art. 17)."""

import streamlit as st

from components import address
from components.formatting import plain
from components.forms import show_flash
from components.privacy import privacy_views as views
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import get_settings, local_today
from services import privacy, retention
from services.errors import NotFound
from services.partners import partner_choices
from services.records import processing_records
from services.retention import retention_plan

actor = current_actor_or_stop()
today = local_today()
st.title("Datenschutz")
show_flash(tabbed=True)
with session_scope() as session:
    plan = retention_plan(session, actor, today)
    records = processing_records(session, today, get_settings().encrypt_personal_data)
    rules = retention.rules(session)
if actor.role == "admin":
    st.subheader("Aufbewahrung")
    views.rules_form(actor, rules)
    views.retention_view(plan, own=False)
    views.records_view(records, today)
    st.stop()
person_id = views.choose_person(actor, address.record_id("person"))
if person_id is None:
    st.caption(
        "Suchen Sie die Person, um Einwilligungen zu pflegen, eine Auskunft zu erstellen "
        "oder sie zu anonymisieren."
    )
    st.divider()
    st.subheader("Aufbewahrung")
    views.retention_view(plan, own=True)
    views.records_view(records, today)
    st.stop()
try:
    with session_scope() as session:
        person = privacy.person_summary(session, actor, person_id)
        partners = {card.id: card.name for card in partner_choices(session, actor)}
        cooperative = privacy.cooperative_name(session, actor)
except NotFound:
    st.error("Diese Person gibt es nicht.", icon=":material/warning:")
    st.stop()
st.subheader(f"{person.pseudonym} · {plain(person.name)}" if person.name else person.pseudonym)
consents, access, erasure = st.tabs(["Einwilligungen", "Auskunft", "Löschen"], key="privacy_tabs")
with consents:
    views.consents_tab(actor, person.id, partners, today)
with access:
    views.access_tab(actor, person, cooperative, today)
with erasure:
    views.erasure_tab(actor, person)
