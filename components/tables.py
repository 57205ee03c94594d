"""Declared record tables: a list screen names its columns instead of building widgets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

Columns = dict[str, Callable[[Any], object]]


def yes_no(value: bool) -> str:
    return "ja" if value else "nein"


def record_table(
    rows: Sequence[Any],
    columns: Columns,
    empty: str,
    key: str | None = None,
    whole: Sequence[str] = (),
) -> None:
    """One row per record; ``columns`` maps a German heading to how a record shows in it;
    the columns named in ``whole`` are wide enough for their longest text (a name)."""
    if not rows:
        st.info(empty)
        return
    values = {heading: [show(row) for row in rows] for heading, show in columns.items()}
    widths = {
        heading: st.column_config.TextColumn(
            width=max(120, 8 * max(len(str(v)) for v in values[heading]) + 24)
        )
        for heading in whole
    }
    st.dataframe(values, hide_index=True, width="stretch", key=key, column_config=widths)


def record_picker(
    label: str, rows: Sequence[Any], key: str, describe: Callable[[Any], str]
) -> Any | None:
    """Choose one record of a list to edit; returns it (None for an empty list). The choice
    stays on the record when it is renamed or moved: Streamlit starts a select box afresh
    when its options read differently, so the last choice is kept beside it."""
    by_id = {row.id: row for row in rows}
    ids = list(by_id)
    kept = st.session_state.get(f"_{key}_chosen")
    chosen = st.selectbox(
        label,
        ids,
        index=ids.index(kept) if kept in by_id else 0,
        key=key,
        format_func=lambda i: describe(by_id[i]),
        placeholder="Bitte wählen",
    )
    st.session_state[f"_{key}_chosen"] = chosen
    return by_id.get(chosen)
