"""Austauschtreffen: Koordination documents, Kümmerer read and propose topics."""

import streamlit as st

from components.formatting import de_date
from components.forms import show_flash
from components.meetings import meeting_views as views
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from components.tables import record_picker
from config import local_today
from services import meetings as m
from services.permissions import can

actor = current_actor_or_stop()
today = local_today()
st.title("Austauschtreffen")
show_flash(tabbed=True)
with session_scope() as session:
    meetings = m.list_meetings(session, actor)
    people = m.attendee_choices(session, actor)
    actions = m.open_actions(session, actor)
one, open_tab = st.tabs(["Treffen", f"Offene Vereinbarungen ({len(actions)})"], key="meeting_tabs")
with one:
    if can(actor, "meeting.write"):
        with st.expander("Neues Treffen anlegen"):
            views.meeting_form(actor, people, today, None)
    if not meetings:
        st.info("Noch keine Austauschtreffen eingetragen.")
    else:
        chosen = record_picker(
            "Treffen",
            meetings,
            views.PICK_KEY,
            lambda x: f"{de_date(x.held_on)} · {x.place or 'ohne Ort'} · {x.topics} Themen",
        )
        with session_scope() as session:
            detail = m.meeting_detail(session, actor, chosen.id)
            period = m.presentation_period(session, actor, chosen.id, today)
        views.presentation_link(period)
        views.meeting_view(actor, detail, people)
with open_tab:
    views.open_actions_view(actions)
