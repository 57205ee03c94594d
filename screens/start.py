"""Start: what is due today (Kümmerer), overview (Koordination), system status (Admin)."""

import datetime as dt

import streamlit as st

from components.formatting import plain
from components.forms import show_flash
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from components.signals.signal_views import figures_table
from components.start import start_views
from config import get_settings, local_today
from db.models import utcnow
from services import start
from services.signals import signal_indicators

actor = current_actor_or_stop()
today = local_today()
st.title(f"Guten Tag, {plain(actor.display_name)}")
show_flash()

if actor.role == "kuemmerer":
    with session_scope() as session:
        mine = start.kuemmerer_start(session, actor, today)
    start_views.kuemmerer_view(actor, mine, today)  # its answer forms write on their own
with session_scope() as session:
    if actor.role == "koordination":
        start_views.overview_view(start.overview_start(session, actor, today))
        st.subheader("Hinweise der Genossenschaften")
        year = signal_indicators(session, actor, today - dt.timedelta(days=365), today)
        figures_table(year, get_settings().suppression_threshold)
    elif actor.role == "admin":
        start_views.admin_view(start.admin_start(session, actor, utcnow()))
