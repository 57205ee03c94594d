"""Forms that show domain errors beside the fields and keep the input.

Each field gets an empty slot below it; after the submit is handled in the same run, an
``Invalid`` fills the slots. No rerun is needed, so the typed values simply stay.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from components.db import session_scope
from services.errors import Conflict, Invalid, NotFound


class FieldErrors:
    def __init__(self) -> None:
        self._slots: dict[str, st.delta_generator.DeltaGenerator] = {}
        self._top = st.empty()

    def slot(self, field: str) -> None:
        """Call right after the field's widget."""
        self._slots[field] = st.empty()

    def show(self, error: Invalid) -> None:
        self._top.error(str(error), icon=":material/warning:")
        for field, message in error.fields.items():
            if field in self._slots:
                self._slots[field].error(message, icon=":material/error:")


_FLASH = "_flash_message"


def flash_and_rerun(message: str) -> None:
    """Show a success message after the rerun that reloads the changed data."""
    st.session_state[_FLASH] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")
        # the toast stays visible when the page is scrolled down
        st.toast(message, icon=":material/check_circle:")


def save_and_rerun(
    errors: FieldErrors, action: Callable[[Session], object], success_message: str
) -> None:
    """Run a service call in one unit of work. On success reload the page with a message;
    on a domain error show it beside the fields and keep what was typed."""
    try:
        with session_scope() as session:
            action(session)
    except Invalid as exc:
        errors.show(exc)
    except (Conflict, NotFound) as exc:
        errors.show(Invalid({}, str(exc)))
    else:
        flash_and_rerun(success_message)
