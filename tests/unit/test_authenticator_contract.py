"""The internals of streamlit-authenticator and extra-streamlit-components that
components/shell/authenticator.py relies on, pinned: when a new version changes one of them, this
test fails before a login does. Update the adapter (and only it), then this test."""

from __future__ import annotations

import importlib
import inspect
from importlib.metadata import version

import jwt
import streamlit_authenticator as stauth
from streamlit_authenticator.controllers import authentication_controller, cookie_controller
from streamlit_authenticator.models import authentication_model, cookie_model

from components.shell import authenticator as adapter

KEY = "k" * 32


def test_the_pinned_versions_are_the_ones_the_adapter_was_written_for() -> None:
    assert version("streamlit-authenticator") == "0.4.2"
    assert version("extra-streamlit-components") == "0.1.81"


def test_the_login_hook_and_the_cookie_controller_are_where_the_adapter_looks() -> None:
    login = inspect.signature(authentication_controller.AuthenticationController.login)
    assert list(login.parameters)[:3] == ["self", "username", "password"]
    assert "token" in login.parameters
    assert callable(cookie_controller.CookieController.delete_cookie)
    init = inspect.getsource(stauth.Authenticate.__init__)
    assert "self.authentication_controller" in init and "self.cookie_controller" in init
    for argument in ("cookie_expiry_days", "auto_hash"):
        assert argument in inspect.signature(stauth.Authenticate).parameters
    view = inspect.getsource(stauth.Authenticate)
    assert "self.attrs.get('login_sleep_time'" in view  # taken from the keyword arguments


def test_the_session_keys_and_the_failure_counter_are_the_librarys() -> None:
    source = inspect.getsource(authentication_model)
    assert "failed_login_attempts" in source  # counted in the credentials dict it was given
    for key in (*adapter.RESULT_KEYS, adapter.LOGGED_OUT_KEY):
        assert f"'{key}'" in source or f'"{key}"' in source, key


def test_the_cookie_frame_is_a_component_function() -> None:
    module = importlib.import_module("extra_streamlit_components.CookieManager")
    assert callable(module._component_func)
    source = inspect.getsource(module.CookieManager)
    # the library's own calls: method, cookie, value and options by keyword, as the adapter's
    assert 'method="set"' in source or "method='set'" in source
    for keyword in ("cookie=cookie", "value=val", "options=options", "default=False"):
        assert keyword in source, keyword


def test_the_token_format_is_the_librarys() -> None:
    source = inspect.getsource(cookie_model.CookieModel._token_encode)
    assert "'username'" in source and "'exp_date'" in source and "HS256" in source
    token = adapter.token("kim", 1_900_000_000.0, KEY)
    assert jwt.decode(token, KEY, algorithms=["HS256"]) == {"username": "kim", "exp_date": 1.9e9}
    assert adapter.token_claims(token, KEY) == ("kim", 1.9e9)
    assert adapter.token_claims("kein-token", KEY) is None
