"""Forms that show domain errors beside the fields and keep the input.

Each field gets an empty slot below it; after the submit is handled in the same run, an
``Invalid`` fills the slots. No rerun is needed, so the typed values simply stay.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from components.formatting import de_number
from components.shell.db import session_factory
from db.engine import DatabaseBusy, run_transaction
from services import submissions
from services.errors import Conflict, Invalid, NotFound, max_length


class FieldErrors:
    def __init__(self) -> None:
        self._slots: dict[str, st.delta_generator.DeltaGenerator] = {}
        self._top = st.empty()
        self.shown: dict[str, str] = {}  # the messages of the last error shown, by field

    def slot(self, field: str) -> None:
        """Call right after the field's widget."""
        self._slots[field] = st.empty()

    def show(self, error: Invalid) -> None:
        self._top.error(str(error), icon=":material/warning:")
        self.shown = dict(error.fields)
        for field, message in error.fields.items():
            if field in self._slots:
                self._slots[field].error(message, icon=":material/error:")


_FLASH = "_flash_message"


def flash_and_rerun(message: str) -> None:
    """Show a success message after the rerun that reloads the changed data."""
    st.session_state[_FLASH] = message
    st.rerun()


def show_flash(tabbed: bool = False) -> None:
    """The message of the save before the rerun. ``tabbed``: a page of tabs shows it as a
    toast only, which goes by itself — a box above the tabs would still say "gespeichert"
    on the next tab chosen."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        if not tabbed:
            st.success(message, icon=":material/check_circle:")
        # the toast stays visible when the page is scrolled down
        st.toast(message, icon=":material/check_circle:")


def _value(result: object) -> object:
    return getattr(result, "id", result)  # read inside the transaction


def run_service(
    errors: FieldErrors, action: Callable[[Session], object], token: str | None = None
) -> tuple[bool, object]:
    """Run one service call in a unit of work; a domain error is shown beside the fields
    (typed input stays). Returns (succeeded, the result's id or the result). With a form's
    token the call is carried out once, however often the form is submitted."""

    def work(session: Session) -> object:
        if token is None:
            return _value(action(session))
        return submissions.once(session, token, lambda s: _value(action(s)))

    try:
        try:
            value = run_transaction(session_factory(), work)
        except IntegrityError:
            if token is None:
                raise
            # the same form was being saved at the same moment (it claimed the token first):
            # once more, now finding that save
            value = run_transaction(session_factory(), work)
    except DatabaseBusy as exc:
        errors.show(Invalid({}, str(exc)))
        return False, None
    except Invalid as exc:
        errors.show(exc)
        return False, None
    except (Conflict, NotFound) as exc:
        errors.show(Invalid({}, str(exc)))
        return False, None
    return True, value


def save_and_rerun(
    errors: FieldErrors, action: Callable[[Session], object], success_message: str
) -> None:
    """On success reload the page with a message; on a domain error keep the form."""
    ok, _ = run_service(errors, action)
    if ok:
        flash_and_rerun(success_message)


# --- entry forms that start empty again after a save ----------------------------------------
def generation(form: str) -> int:
    """A number in the form's widget keys: after a save it moves on, so the next entry starts
    with fresh fields, while a failed save keeps everything typed (same keys)."""
    return st.session_state.setdefault(f"_gen_{form}", 0)


def client_token(form: str) -> str:
    """One token per displayed form: the service stores a double-submitted form only once."""
    key = f"_token_{form}_{generation(form)}"
    if key not in st.session_state:
        st.session_state[key] = uuid.uuid4().hex
    return st.session_state[key]


def start_new_entry(form: str) -> None:
    st.session_state[f"_gen_{form}"] = generation(form) + 1


def save_new_entry(
    form: str, errors: FieldErrors, action: Callable[[Session], object], success_message: str
) -> tuple[bool, object]:
    """Like ``save_and_rerun`` for entry forms, but the caller reruns or switches page (to the
    new record, say); on success the form starts empty again. Saved once per displayed form
    (its token), whatever reaches the server twice."""
    ok, value = run_service(errors, action, token=client_token(form))
    if ok:
        start_new_entry(form)
        st.session_state[_FLASH] = success_message
    return ok, value


def save_new_entry_and_rerun(
    form: str, errors: FieldErrors, action: Callable[[Session], object], success_message: str
) -> None:
    """``save_new_entry``, then reload the page with the message and an empty form."""
    ok, _ = save_new_entry(form, errors, action, success_message)
    if ok:
        st.rerun()


def optional_select(
    label: str,
    labels: dict,
    key: str,
    none_label: str,
    current: object = None,
    where: st.delta_generator.DeltaGenerator | None = None,
):
    """A select box whose first choice is "none/all" (returned as None)."""
    choices = [None, *labels]
    return (where or st).selectbox(
        label,
        choices,
        index=choices.index(current) if current in choices else 0,
        format_func=lambda k: none_label if k is None else labels[k],
        key=key,
        placeholder="Bitte wählen",
    )


def stated_limit(column: object, help_text: str = "") -> str:
    """A text area's help stating its limit (the service enforces it with a message; a text
    area gets no max_chars, which would cut a pasted text without a word)."""
    limit = f"Höchstens {de_number(max_length(column))} Zeichen."
    return f"{help_text} {limit}".strip()
