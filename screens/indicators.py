"""Indikatoren: the success indicators, live, aggregated and suppressed for the viewer."""

import streamlit as st

from components.indicators import indicator_views as views
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import local_today
from services.dashboard import scope_options

actor = current_actor_or_stop()
st.title("Indikatoren")
with session_scope() as session:
    options = scope_options(session, actor)
scope = views.scope_filters(actor, options, local_today())
if scope is not None:
    views.live_dashboard(actor, scope, views.scope_label(scope, options))
