"""Ziele: the success goals that concern the viewer, their computed status and history;
Koordination sets and changes them."""

import streamlit as st

from components.approaches import goal_views as views
from components.forms import show_flash
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import get_settings, local_today
from services import dashboard as dash
from services import goals as gl
from services.permissions import can

actor = current_actor_or_stop()
today = local_today()
threshold = get_settings().suppression_threshold
st.title("Ziele")
show_flash()
with session_scope() as session:
    goals = gl.goals(session, actor, today)
    changes = {g.id: gl.history(session, actor, g.id) for g in goals}
    cooperatives = dash.scope_options(session, actor).cooperatives
    approaches = gl.approach_options(session, actor)
shown = views.overview(goals, threshold)
for goal in shown:
    views.goal_details(actor, goal, changes[goal.id], cooperatives, approaches)
if can(actor, "goal.write"):
    with st.container(key="goal_new_form"):
        st.subheader("Neues Ziel")
        views.form(actor, "goal_new", views.new_goal_start(today), cooperatives, approaches)
