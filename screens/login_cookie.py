"""Shown for a moment after a login, while the browser stores the re-login cookie."""

import streamlit as st

from components.shell.auth import await_login_cookie

_, middle, _ = st.columns([1, 2, 1])  # where the login form was
with middle:
    st.title("Kümmerer-Cockpit")
    await_login_cookie()
