"""Kümmerer-Cockpit: page config, first-run/login gate, role-based navigation — nothing else."""

import streamlit as st

import logs
import profiling
from components.shell import failures
from components.shell.auth import current_actor, login_cookie_pending
from components.shell.db import session_scope
from components.shell.layout import sidebar_account
from components.shell.navigation import PRESENTING, navigation_for
from components.shell.styles import use_scripts, use_stylesheet
from services.users import needs_setup


def main() -> str:
    """One rerun; returns the page's path (for the optional profile)."""
    st.set_page_config(page_title="Kümmerer-Cockpit", page_icon="🏠", layout="wide")
    logs.configure()
    use_stylesheet("base")
    use_scripts()

    with session_scope() as session:
        first_run = needs_setup(session)

    if first_run:
        st.navigation([st.Page("screens/setup.py", title="Einrichtung")], position="hidden").run()
        st.stop()

    actor = current_actor()
    if actor is None:
        st.navigation([st.Page("screens/login.py", title="Anmelden")], position="hidden").run()
        st.stop()

    if login_cookie_pending():
        st.navigation(
            [st.Page("screens/login_cookie.py", title="Anmelden")], position="hidden"
        ).run()
        st.stop()

    st.session_state["actor"] = actor
    presenting = PRESENTING in st.session_state
    if not presenting:
        sidebar_account(actor)
    if actor.must_change_password:
        st.navigation(
            [st.Page("screens/password.py", title="Passwort ändern")], position="hidden"
        ).run()
        st.stop()
    page = navigation_for(actor, hidden=presenting)
    if presenting and page.url_path != "presentation":  # left the slides by address or back
        del st.session_state[PRESENTING]
        st.rerun()
    try:
        page.run()
    except Exception as exc:  # noqa: BLE001 - st.stop/st.rerun are BaseExceptions and pass
        failures.show(failures.report(exc, page.url_path))
    return page.url_path


profiling.run(main)
