"""Quartier & Ehrenamt: the Kümmerer's neighbourhood work; counts only for Koordination."""

import streamlit as st

from components.community import community_views as views
from components.community import help_views
from components.forms import show_flash
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import get_settings, local_today
from services.case_queries import CaseFilter, list_cases
from services.catalogues import options
from services.community import community_overview, list_volunteers
from services.help_matching import help_counts
from services.help_needs import list_needs
from services.users import account_info

actor = current_actor_or_stop()
today = local_today()
st.title("Quartier & Ehrenamt")
show_flash(tabbed=True)
if actor.role != "kuemmerer":
    with session_scope() as session:
        figures = community_overview(session, actor, today)
    views.overview(figures, get_settings().suppression_threshold)
    st.stop()

with session_scope() as session:
    kinds = options(session, "activity_kind")
    help_kinds = options(session, "help_kind")
    volunteers = list_volunteers(session, actor, today)
    open_cases = list_cases(session, actor, CaseFilter(status="aktiv"), today, "code", 1000).rows
    needs = list_needs(session, actor)
    counts = help_counts(session, actor)
    cooperative = account_info(session, actor).cooperative or ""
cases = {r.id: f"{r.pseudonym} · {r.name}" if r.name else r.pseudonym for r in open_cases}
help_views.counts_line(counts)
activities, people, assignments, help_needed = st.tabs(
    ["Aktivitäten", "Ehrenamtliche", "Einsätze", "Hilfebedarfe"], key="community_tabs"
)
with activities:
    views.activity_form(actor, kinds, volunteers, today)
    views.activity_list(actor, kinds, today)
with people:
    views.volunteer_list(actor, volunteers, today)
    if volunteers:
        views.volunteer_page(actor, volunteers, today, help_kinds)
    with st.expander("Neue ehrenamtliche Person"):
        views.volunteer_form(actor)
with assignments:
    views.assignment_form(actor, volunteers, cases, needs, today)
with help_needed:
    with st.expander("Neuer Hilfebedarf", expanded=not needs):
        help_views.need_form(actor, help_kinds, cases, today)
    help_views.need_list(needs)
    help_views.need_page(actor, needs, cooperative, today)
