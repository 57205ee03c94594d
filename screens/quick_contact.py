"""Kurzkontakt: an anonymous quick contact in three taps, from the stairwell; several at once
from a paper tally; the paper sheets for days without a device."""

import streamlit as st

from components.cases import quick_contact_views as views
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from components.shell.styles import use_stylesheet
from config import local_today
from services.catalogues import options
from services.quick_contacts import todays_quick_contacts

actor = current_actor_or_stop()
today = local_today()
with session_scope() as session:
    kinds, topics = options(session, "contact_kind"), options(session, "problem_area")
    lines = todays_quick_contacts(session, actor, today)

use_stylesheet("quick_contact")
st.title("Kurzkontakt")
views.confirmation(actor, today)
one, tally, paper = st.tabs(["Einzeln", "Strichliste", "Papier"], key=views.TABS, on_change="rerun")
with one:
    st.caption("Anonym, ohne Namen. Für eine Person mit Anliegen: „Neuer Fall“.")
    views.single_form(actor, kinds, topics, today)
with tally:
    views.tally_tab(tally.open, actor, kinds, topics, today)
with paper:
    views.paper_downloads(actor, kinds, topics, today)
views.todays_list(actor, lines, today)
