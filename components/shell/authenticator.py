"""The one seam to streamlit-authenticator 0.4.2 and extra-streamlit-components 0.1.81
(pinned): every library session key, private name, hook and token format the app relies on
lives here and nowhere else. `tests/unit/test_authenticator_contract.py` fails when a new
pinned version changes one of them.

What the app takes from the library: the login form and its bcrypt check, and the cookie
frame. What it does not trust: the library's failure counter and its logout (its issues
#91, #203) — components/auth keeps both in the database.
"""

from __future__ import annotations

from collections.abc import Callable

import jwt
import streamlit as st
import streamlit_authenticator as stauth

# The cookie frame the library itself uses. Called directly, it sets one cookie without the
# extra "read all cookies" frame that constructing the library's CookieManager renders
# (its answer reruns the page).
from extra_streamlit_components.CookieManager import _component_func as _cookie_component

# the library's session keys: its result, and "logout", which makes it ignore its cookie
RESULT_KEYS = ("authentication_status", "name", "username", "email", "roles")
LOGGED_OUT_KEY = "logout"
# the token the library writes into its cookie, and reads back
TOKEN_ALGORITHM = "HS256"


def login_widget(credentials: dict, cookie_name: str, cookie_key: str, sleep: float):  # noqa: ANN201
    """The library's login form; it reads the re-login cookie but never sets one."""
    return stauth.Authenticate(
        credentials,
        cookie_name=cookie_name,
        cookie_key=cookie_key,
        cookie_expiry_days=0,  # 0 days: the library sets no cookie (it reads one all the same)
        auto_hash=False,
        login_sleep_time=sleep,
    )


def check_first(authenticator, refuse: Callable[[str, str], str | None]) -> dict:  # noqa: ANN001
    """Let ``refuse(username, password)`` look at a submit before the library checks the
    password: a reason it returns stops the check, and the returned dict holds it under
    "refused" for this run. A re-login by token passes untouched."""
    refused: dict = {}
    check = authenticator.authentication_controller.login

    def login(username=None, password=None, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if kwargs.get("token") is None:
            reason = refuse(username or "", password or "")
            if reason:
                refused["refused"] = reason
                return None
        return check(username, password, *args, **kwargs)

    authenticator.authentication_controller.login = login
    return refused


def render(authenticator, fields: dict, callback: Callable) -> bool | None:  # noqa: ANN001
    """Draw the form; the run's result: None (no submit), False (wrong), True (right)."""
    authenticator.login(location="main", fields=fields, key="login", callback=callback)
    return st.session_state.get("authentication_status")


def failed_username(credentials: dict) -> str | None:
    """After a wrong password: the account the library counted it against, in the dict it
    was given (None: a name it does not know)."""
    failed = [u for u, v in credentials["usernames"].items() if v.get("failed_login_attempts")]
    return failed[0] if failed else None


def clear_result() -> None:
    """So the next rerun without a submit is not taken as another failed login."""
    st.session_state["authentication_status"] = None


def username() -> str:
    return st.session_state.get("username") or ""


def forget() -> None:
    """Clear the library's result; it must not re-read its cookie in this browser session."""
    for key in RESULT_KEYS:
        st.session_state[key] = None
    st.session_state[LOGGED_OUT_KEY] = True


def logged_out_here() -> bool:
    return bool(st.session_state.get(LOGGED_OUT_KEY))


def delete_cookie(authenticator) -> None:  # noqa: ANN001
    authenticator.cookie_controller.delete_cookie()


def set_cookie(name: str, value: str, options: dict, key: str) -> bool:
    """Set one cookie through the library's cookie frame; True once the browser confirmed."""
    return bool(
        _cookie_component(
            method="set", cookie=name, value=value, options=options, key=key, default=False
        )
    )


def token(username: str, exp_date: float, key: str) -> str:
    """A re-login token in the library's format."""
    return jwt.encode({"username": username, "exp_date": exp_date}, key, algorithm=TOKEN_ALGORITHM)


def token_claims(value: str, key: str) -> tuple[str, float] | None:
    """(user name, expiry stamp) of a token in the library's format; None if not one."""
    try:
        claims = jwt.decode(value, key, algorithms=[TOKEN_ALGORITHM])
    except jwt.InvalidTokenError:
        return None
    return str(claims.get("username", "")), float(claims.get("exp_date", 0))
