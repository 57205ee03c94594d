"""Login gate around streamlit-authenticator, with the truth kept in the database.

The library renders the form, checks the bcrypt hash and sets its re-login cookie. Its own
in-memory failure counter and its logout are not trusted (its issues #91, #203): every rerun
checks our ``user_session`` row (services.auth), and failed logins count in ``app_user``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import streamlit as st

from components.shell import authenticator as library
from components.shell.db import session_scope
from config import get_secrets, get_settings
from services import auth, login_limits
from services.actor import Actor

SESSION_KEY = "kc_session_id"
MESSAGE_KEY = "kc_login_message"
LOGOUT_KEY = "kc_logout_requested"
COOKIE_PENDING_KEY = "kc_cookie_pending"
DELETE_COOKIE_KEY = "kc_delete_cookie"
COOKIE_WAIT_SECONDS = 5
LOGIN_FIELDS = {
    "Form name": "Anmelden",
    "Username": "Benutzername",
    "Password": "Passwort",
    "Login": "Anmelden",
}


def _authenticator(credentials: dict):  # noqa: ANN202 - the library's Authenticate
    """The library's login form; the cookie is set by await_login_cookie once the login run
    is through."""
    settings = get_settings()
    return library.login_widget(
        credentials, settings.cookie_name, get_secrets().cookie_key, settings.login_sleep_seconds
    )


def _forget_login(message: str | None) -> None:
    """Clear the login from this browser session; the library must not re-read its cookie."""
    library.forget()
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop("actor", None)
    if message:
        st.session_state[MESSAGE_KEY] = message


def request_logout() -> None:
    """Button callback: the logout is carried out at the start of the next run."""
    st.session_state[LOGOUT_KEY] = True


def _carry_out_logout() -> None:
    session_id = st.session_state.get(SESSION_KEY)
    if session_id is not None:
        with session_scope() as session:
            auth.end_session(session, session_id, "logout")
    _forget_login("Sie wurden abgemeldet.")
    # The login form removes the cookie from the browser (one cookie component per run);
    # the ended session makes any copy of it useless anyway.
    st.session_state[DELETE_COOKIE_KEY] = True
    st.session_state.pop(LOGOUT_KEY, None)


def current_actor() -> Actor | None:
    """The logged-in user, checked against the database on every rerun; None if not logged in."""
    if st.session_state.get(LOGOUT_KEY):
        _carry_out_logout()
        return None
    session_id = st.session_state.get(SESSION_KEY)
    if session_id is None:
        return _resume_from_cookie()
    with session_scope() as session:
        check = auth.validate_session(session, session_id)
    if not check.ok:
        _forget_login(check.message)
        return None
    return check.actor


def _resume_from_cookie() -> Actor | None:
    """A browser that comes back with the re-login cookie of a live session (a reload, a new
    tab, a tab reconnecting after a restart) goes straight on to the page it asked for, with
    what it sent: no login page and no rerun in between, which would open the start page and
    drop a form submitted right then (e.g. a quick contact entered before a restart)."""
    if library.logged_out_here():  # logged out in this tab: its cookie no longer counts
        return None
    token = st.context.cookies.get(get_settings().cookie_name)
    claims = library.token_claims(token, get_secrets().cookie_key) if token else None
    if claims is None:
        return None
    with session_scope() as session:
        check = auth.resume_from_cookie(session, *claims)
    if not check.ok:
        # the login form says why (e.g. expired), and the library ignores the cookie from now
        _forget_login(check.message)
        return None
    st.session_state[SESSION_KEY] = check.actor.session_id
    return check.actor


def still_logged_in(actor: Actor, touch: bool = False) -> bool:
    """For self-refreshing fragments: the session is still valid and its user still has the
    role and cooperative the page was drawn for (else the whole app runs again), by default
    without counting the refresh as user activity (it must not defeat the idle timeout). A
    kiosk screen touches the session: it shows only suppressed aggregates and ends at the
    absolute limit."""
    session_id = st.session_state.get(SESSION_KEY)
    if session_id is None:
        return False
    with session_scope() as session:
        check = auth.validate_session(session, session_id, touch=touch)
    return check.ok and (check.actor.role, check.actor.cooperative_id) == (
        actor.role,
        actor.cooperative_id,
    )


def login_cookie_pending() -> bool:
    """Right after a login, until the browser has stored the re-login cookie."""
    return st.session_state.get(SESSION_KEY) is not None and bool(
        st.session_state.get(COOKIE_PENDING_KEY)
    )


def await_login_cookie() -> None:
    """The short screen between a login and the app: it only sets the re-login cookie, then
    reruns into the app once the browser's cookie frame has confirmed it.

    No navigation is shown meanwhile: the frame's answer reruns the page the browser knows,
    and a page chosen in that moment would be lost (Streamlit keeps the later request's
    page); a reload before the answer would find no cookie. Every run sends the same token
    (its expiry stamp is bound to the session row once), so a rerun does not restart the
    frame. If the browser never answers (cookies blocked), the app opens after
    COOKIE_WAIT_SECONDS all the same; the login then lasts as long as the tab."""
    pending = st.session_state[COOKIE_PENDING_KEY]
    if pending is True:
        pending = _relogin_cookie(st.session_state[SESSION_KEY])
        st.session_state[COOKIE_PENDING_KEY] = pending
    st.caption("Anmeldung wird abgeschlossen …")
    _open_the_app_after(pending["since"] + COOKIE_WAIT_SECONDS)
    options = cookie_options(
        pending["expires"], st.context.url, st.context.headers.get("X-Forwarded-Proto", "")
    )
    confirmed = library.set_cookie(
        get_settings().cookie_name, pending["token"], options, key="kc_relogin_cookie"
    )
    if confirmed:
        st.session_state.pop(COOKIE_PENDING_KEY, None)
        st.rerun()


def cookie_options(expires: str, url: str | None, forwarded_proto: str) -> dict:
    """The re-login cookie's attributes: the whole app, same site only, and Secure when the
    browser reached the app over HTTPS (its address, or the proxy's X-Forwarded-Proto), so
    the cookie never travels unencrypted."""
    https = (url or "").startswith("https:") or forwarded_proto.strip().lower() == "https"
    return {"path": "/", "expires": expires, "sameSite": "strict"} | (
        {"secure": True} if https else {}
    )


@st.fragment(run_every=1)
def _open_the_app_after(deadline: float) -> None:
    if time.time() > deadline:
        st.session_state.pop(COOKIE_PENDING_KEY, None)
        st.rerun(scope="app")


def _relogin_cookie(session_id: int) -> dict:
    """A re-login token in the library's format, its expiry stamp bound to our session row,
    so that only this session's cookie is accepted, and only while the session lives."""
    expires = datetime.now(UTC) + timedelta(hours=get_settings().absolute_session_hours)
    exp_date = expires.timestamp()
    token = library.token(library.username(), exp_date, get_secrets().cookie_key)
    with session_scope() as session:
        auth.bind_cookie(session, session_id, exp_date)
    return {"token": token, "expires": expires.isoformat(), "since": time.time()}


def client_address() -> str:
    """The browser's address as services.login_limits.client_address reads it (proxy-aware)."""
    forwarded = st.context.headers.get("X-Forwarded-For", "")
    peer = st.context.ip_address
    if not isinstance(peer, str):  # AppTest's client is a mock: no connection, no address
        peer = None
    return login_limits.client_address(peer, forwarded, get_settings().trusted_proxies)


def _refuse(username: str, password: str) -> str | None:
    """Before the library checks a password: a submit with an empty field (the library
    silently ignores one without a user name and counts one without a password as a failed
    login), or from an address with too many failures."""
    if not (username.strip() and password.strip()):
        return "empty"
    with session_scope() as session:
        if login_limits.address_blocked(session, client_address()):
            return "blocked"
    return None


def login_form() -> Actor | None:
    """Render the login; return the actor once a login succeeded (a valid cookie is taken
    before, by current_actor)."""
    with session_scope() as session:
        credentials = auth.authenticator_credentials(session)
    # The login run ends in a rerun, which would cut off the cookie component; the cookie is
    # set by the next runs (await_login_cookie).
    authenticator = _authenticator(credentials)
    if st.session_state.pop(DELETE_COOKIE_KEY, False):
        library.delete_cookie(authenticator)
    submitted: dict = {}
    # Kept (not popped): the cookie component may rerun the page once more.
    message = st.session_state.get(MESSAGE_KEY)
    notice = st.empty()
    if message:
        notice.info(message)
    refused = library.check_first(authenticator, _refuse)
    placeholder = st.empty()
    with placeholder.container():
        status = library.render(authenticator, LOGIN_FIELDS, submitted.update)
    if status is None:
        if refused.get("refused") == "empty":
            notice.warning(auth.LOGIN_EMPTY_MESSAGE)
        elif refused.get("refused") == "blocked":
            notice.error(auth.LOGIN_FAILED_MESSAGE)
        return None
    st.session_state.pop(MESSAGE_KEY, None)
    if status is False:
        # The library counts a wrong password in the dict we passed; that names the account.
        with session_scope() as session:
            auth.register_failed_login(
                session, library.failed_username(credentials), address=client_address()
            )
        library.clear_result()  # the next rerun without a submit is not counted again
        notice.error(auth.LOGIN_FAILED_MESSAGE)
        return None
    if not submitted:
        # The library let a cookie in on its own; current_actor checks cookies against the
        # session rows and has refused this one already.
        _forget_login(None)
        return None
    with session_scope() as session:
        check = auth.register_login(session, library.username())
    if not check.ok:
        _forget_login(None)
        if check.message:
            notice.error(check.message)
        return None
    st.session_state[SESSION_KEY] = check.actor.session_id
    st.session_state[COOKIE_PENDING_KEY] = True
    placeholder.empty()
    return check.actor
