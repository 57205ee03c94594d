"""Helpers for forms that show domain errors beside the fields and keep the input.

Widgets in a form keep their values across reruns (stable keys), so after an ``Invalid`` the
page stores the messages, reruns, and the same form shows them beside the fields.
"""

from __future__ import annotations

import streamlit as st

from services.errors import Invalid

ERRORS_KEY = "_form_errors"
_GENERAL = "__all__"


def field_errors(form_key: str) -> dict[str, str]:
    return st.session_state.get(ERRORS_KEY, {}).get(form_key, {})


def set_errors(form_key: str, error: Invalid | None) -> None:
    all_errors = st.session_state.setdefault(ERRORS_KEY, {})
    all_errors[form_key] = {**error.fields, _GENERAL: str(error)} if error else {}


def show_form_message(form_key: str) -> None:
    message = field_errors(form_key).get(_GENERAL)
    if message:
        st.error(message, icon="⚠️")


def show_field_error(form_key: str, field: str) -> None:
    message = field_errors(form_key).get(field)
    if message:
        st.error(message, icon="✋")
