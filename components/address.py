"""What a page reads from its address (?id=12, ?von=2026-09-01): anything typed or edited
there is checked here, so an impossible value means "gibt es nicht" or "ungültig", never an
error page."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from services.dashboard import EARLIEST

NO_RECORD = 0  # no table has it: a malformed id is looked up as this and not found
_MAX_DIGITS = 9  # below 2**31, the range of every id column on both databases


def record_id(name: str) -> int | None:
    """The id in the address; None when absent, NO_RECORD when it is no id at all."""
    raw = st.query_params.get(name)
    if raw is None:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= _MAX_DIGITS:
        return int(raw)
    return NO_RECORD


def period(today: dt.date) -> tuple[tuple[dt.date, dt.date] | None, str | None]:
    """A period handed over in the address (?von=2026-09-01&bis=2026-11-25), e.g. by the
    meeting page, and a German message when there is one that cannot be shown."""
    raw = (st.query_params.get("von"), st.query_params.get("bis"))
    if raw == (None, None):
        return None, None
    try:
        start, end = (dt.date.fromisoformat(r or "") for r in raw)
    except ValueError:
        start = end = None
    if start is None or not EARLIEST <= start <= end <= today:
        return None, (
            "Der Zeitraum in der Adresse ist ungültig (gültig sind Tage vom "
            f"{EARLIEST:%d.%m.%Y} bis heute, Anfang vor Ende); gezeigt wird der übliche Zeitraum."
        )
    return (start, end), None
