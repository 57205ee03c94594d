"""Unexpected errors: the user sees a German message with a reference number; the log gets the
same number with the error's type and where it happened — never its message or values, which
can hold personal data (an SQL error repeats the row it could not write)."""

from __future__ import annotations

import logging
import traceback
import uuid

import streamlit as st

log = logging.getLogger("kuemmerer.app")


def report(exc: BaseException, page: str) -> str:
    ref = uuid.uuid4().hex[:8].upper()
    where = [
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}"
        for f in traceback.extract_tb(exc.__traceback__)
    ][-8:]
    log.error(
        "unexpected error",
        extra={"ref": ref, "error": type(exc).__name__, "page": page, "where": where},
    )
    return ref


def show(ref: str) -> None:
    st.error(
        f"Es ist ein unerwarteter Fehler aufgetreten (Nummer {ref}). Bitte laden Sie die Seite "
        "neu und versuchen Sie es noch einmal. Passiert es wieder, nennen Sie dem Support "
        "diese Nummer.",
        icon=":material/error:",
    )
