"""Präsentation: full-screen slides of the indicators, safe to share on a projector."""

import streamlit as st

from components.indicators import presentation_views as views
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from components.shell.navigation import PRESENTING
from config import local_today
from services.dashboard import scope_options

actor = current_actor_or_stop()
if PRESENTING in st.session_state:
    views.slideshow(actor)
    st.stop()
st.title("Präsentation")
with session_scope() as session:
    options = scope_options(session, actor)
views.setup(actor, options, local_today())
