"""Small-cell suppression for figures shown outside the cooperative that owns the data — the
one place the rule lives (DESIGN §2); every service that shows another cooperative's figure
calls `protect`.

A count of 1 to threshold-1 is hidden; 0 stays 0. Where a total is shown and exactly one cell
of a column is hidden, the next smallest cell is hidden too, so the total cannot reveal it.
A rate (or a median) is hidden when a count it is made of is hidden or its base is under the
threshold; a value that belongs to a count (the hours of the volunteers counted) is hidden
with it. Rows of the viewer's own cooperative are shown in full.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from config import get_settings


@dataclass(frozen=True)
class Rule:
    """Which columns of a table are counts (suppressed), rates (numerator, base) and values
    that follow a count; with_total: a total of each count column is shown beside it."""

    counts: tuple[str, ...]
    rates: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    follows: Mapping[str, str] = field(default_factory=dict)
    with_total: bool = True


def suppress_cells(
    values: Sequence[int], threshold: int, with_total: bool = True
) -> list[int | None]:
    """Return the values with hidden cells as None."""
    shown: list[int | None] = [None if 0 < v < threshold else v for v in values]
    hidden = [i for i, v in enumerate(shown) if v is None]
    if with_total and len(hidden) == 1:
        candidates = [(v, i) for i, v in enumerate(shown) if v is not None and v > 0]
        if candidates:
            _, i = min(candidates)
            shown[i] = None
    return shown


def protect(
    rows: Sequence[Mapping[str, object]],
    own: Sequence[bool],
    rule: Rule,
    threshold: int | None = None,
) -> list[dict]:
    """The rows as another cooperative may see them: copies, hidden values as None; a row
    marked ``own`` (the viewer's cooperative) stays as it is."""
    threshold = threshold or get_settings().suppression_threshold
    out = [dict(row) for row in rows]
    others = [i for i, mine in enumerate(own) if not mine]
    for column in rule.counts:
        values = [int(rows[i].get(column) or 0) for i in others]
        for i, shown in zip(others, suppress_cells(values, threshold, rule.with_total)):
            if shown is None:
                out[i][column] = None
    for i in others:
        values, original = out[i], rows[i]
        for rate, (numerator, base) in rule.rates.items():
            small = (original.get(base) or 0) < threshold
            if small or values.get(numerator) is None or values.get(base) is None:
                values[rate] = None
        for value, count in rule.follows.items():
            if values.get(count) is None:
                values[value] = None
    return out


def protect_total(total: int, others: int, own_only: bool, threshold: int | None = None):
    """A total over cooperatives, or None when the part from other cooperatives is 1 to
    threshold-1 (for a Kümmerer, the total minus the own figure would give it away)."""
    if own_only:
        return total
    threshold = threshold or get_settings().suppression_threshold
    return None if 0 < others < threshold else total


def format_cell(value: int | None, threshold: int) -> str:
    return f"<{threshold}" if value is None else f"{value:,}".replace(",", ".")
