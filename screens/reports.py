"""Berichte: the annual Sachbericht (PDF) and the Excel workbook of all indicators."""

import streamlit as st

from components.indicators import report_views as views
from components.indicators.indicator_views import cooperatives_label
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import local_today
from services.dashboard import scope_options

actor = current_actor_or_stop()
today = local_today()
st.title("Berichte")
with session_scope() as session:
    options = scope_options(session, actor)
scope, hide_small = views.choose(actor, options, today)
where = cooperatives_label(scope, options)
views.sachbericht(actor, scope, hide_small, where, today)
st.divider()
views.workbook(actor, scope, hide_small, where)
