"""Small-cell suppression for figures shown outside the cooperative that owns the data.

A count of 1 to threshold-1 is hidden; 0 stays 0. Where a total is shown and exactly one cell
of the row/column is hidden, the next smallest cell is hidden too, so the total cannot reveal it.
"""

from __future__ import annotations

from collections.abc import Sequence


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


def format_cell(value: int | None, threshold: int) -> str:
    return f"<{threshold}" if value is None else f"{value:,}".replace(",", ".")
