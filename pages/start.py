"""Start: what is due today (Kümmerer), overview (Koordination), system status (Admin)."""

import streamlit as st

from components import start_views
from components.db import session_scope
from components.layout import current_actor_or_stop
from config import local_today
from db.models import utcnow
from services import start

actor = current_actor_or_stop()
today = local_today()
st.title(f"Guten Tag, {actor.display_name}")

with session_scope() as session:
    if actor.role == "kuemmerer":
        start_views.kuemmerer_view(start.kuemmerer_start(session, actor, today), today)
    elif actor.role == "koordination":
        start_views.overview_view(start.overview_start(session, actor, today))
    elif actor.role == "admin":
        start_views.admin_view(start.admin_start(session, actor, utcnow()))
    else:
        start_views.staff_view(actor)
