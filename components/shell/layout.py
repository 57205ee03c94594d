"""Page furniture shared by all screens."""

from __future__ import annotations

import streamlit as st

from components.formatting import plain
from components.shell.auth import request_logout
from services.actor import Actor
from services.labels import ROLE_LABELS


def sidebar_account(actor: Actor) -> None:
    with st.sidebar:
        st.markdown("### Kümmerer-Cockpit")
        st.caption(f"{plain(actor.display_name)} · {ROLE_LABELS[actor.role]}")
        st.button(
            "Abmelden", on_click=request_logout, icon=":material/logout:", key="kc_logout_button"
        )


def current_actor_or_stop() -> Actor:
    """The actor set by app.py; pages run only behind the login gate."""
    actor = st.session_state.get("actor")
    if actor is None:
        st.stop()
    return actor
