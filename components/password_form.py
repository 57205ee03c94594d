"""The form to change one's own password (Mein Konto, and forced after a reset)."""

from __future__ import annotations

import streamlit as st

from components.db import session_scope
from components.forms import FieldErrors
from services.actor import Actor
from services.errors import Invalid
from services.users import change_own_password


def password_change_form(actor: Actor) -> bool:
    """Render the form; True once the password was changed in this run."""
    errors = FieldErrors()
    with st.form("password_change"):
        current = st.text_input("Bisheriges Passwort", type="password", key="pw_current")
        errors.slot("current")
        new = st.text_input(
            "Neues Passwort", type="password", key="pw_new", help="Mindestens 10 Zeichen."
        )
        errors.slot("password")
        repeat = st.text_input("Neues Passwort wiederholen", type="password", key="pw_repeat")
        errors.slot("password_repeat")
        submitted = st.form_submit_button("Passwort ändern", type="primary")
    if not submitted:
        return False
    try:
        with session_scope() as session:
            change_own_password(session, actor, current, new, repeat)
    except Invalid as exc:
        errors.show(exc)
        return False
    return True
