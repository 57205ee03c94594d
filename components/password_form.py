"""The form to change one's own password (Mein Konto, and forced after a reset)."""

from __future__ import annotations

import streamlit as st

from components.forms import FieldErrors, run_service
from components.shell.auth import client_address
from services.actor import Actor
from services.auth import register_wrong_current_password
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
    ok, _ = run_service(errors, lambda s: change_own_password(s, actor, current, new, repeat))
    if not ok and "current" in errors.shown:
        address = client_address()
        run_service(FieldErrors(), lambda s: register_wrong_current_password(s, actor, address))
    return ok
