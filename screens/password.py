"""Forced password change after a reset: the only screen until the password is changed."""

import streamlit as st

from components.password_form import password_change_form
from components.shell.layout import current_actor_or_stop

actor = current_actor_or_stop()
st.title("Bitte ändern Sie Ihr Passwort")
st.write(
    "Ihr Passwort wurde zurückgesetzt. Bevor Sie weiterarbeiten, legen Sie bitte ein eigenes "
    "Passwort fest (mindestens 10 Zeichen, nicht zu verbreitet, ohne Ihren Benutzernamen)."
)
if password_change_form(actor):
    st.rerun()
