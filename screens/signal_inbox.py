"""Hinweis-Eingang (Kümmerer): signals from the cooperative's staff, triage, figures."""

import datetime as dt

import streamlit as st

from components.forms import show_flash
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from components.signals.signal_views import figures_table, signal_card
from config import get_settings, local_today
from services.case_queries import CaseFilter, list_cases
from services.signals import inbox, signal_indicators

actor = current_actor_or_stop()
today = local_today()
st.title("Hinweise")
show_flash()
show_done = st.toggle("Auch erledigte zeigen", key="sg_done")
with session_scope() as session:
    items = inbox(session, actor, include_done=show_done)
    open_cases = list_cases(session, actor, CaseFilter(status="aktiv"), today, "code", 1000).rows
    figures = signal_indicators(session, actor, today - dt.timedelta(days=365), today)
cases = {r.id: f"{r.pseudonym} · {r.name}" if r.name else r.pseudonym for r in open_cases}
if not items:
    st.success("Keine offenen Hinweise.", icon=":material/check_circle:")
for item in items:
    signal_card(actor, item, cases)
st.subheader("Auswertung")
figures_table(figures, get_settings().suppression_threshold)
