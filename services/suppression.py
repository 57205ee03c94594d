"""Protection of every figure shown outside the cooperative that owns the data — the one place
the rule lives (DESIGN §2); every service that shows another cooperative's figure calls
`protect`.

The cell key method, as Destatis for the Zensus 2022 and the ABS TableBuilder do (Thompson,
Broadfoot, Elazar 2013; Giessing & Tent 2019): every counted record carries a fixed random
record key (db/record_keys.py); a cell's key is the sum of its records' keys modulo the key
range, summed by the database in the same aggregate as the count (a column ``x`` comes with
``x__key``). The published count is the true count plus a deviation the perturbation table
assigns to that cell key: the same records always give the same published value, however
and however often they are asked for, and two cells that differ by one record get
independent deviations, so subtracting one figure from another yields noise, not a person.

The perturbation table is the maximum-entropy distribution on the deviations -D … D with
mean 0 and variance V (as Destatis' `ptable` builds them): D = 2, V = 1,5. Zero stays zero;
a true count of 1 to threshold-1 stays where it is, since it is shown as "<5" in any case;
a published value of 1 to threshold-1 is shown as "<5". Rates are computed from the
published numerator and base and withheld when the base is under the threshold; medians only
from MEDIAN_MIN cases; a value that belongs to a count (the hours of the volunteers or
contacts counted) is withheld with it and deviates like it. Rows of the viewer's own
cooperative are shown exact; every figure that includes another cooperative is protected as
a whole. The keys never leave this module: the rows it returns have none.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from config import get_settings
from db.record_keys import RANGE

MAX_DEVIATION = 2  # D
VARIANCE = 1.5  # V
MEDIAN_MIN = 10  # cases behind a median shown outside the own cooperative
KEY = "__key"
EXPLANATION = (
    "Zahlen, die andere Genossenschaften einschließen, weichen zum Schutz der Mieterinnen und "
    f"Mieter leicht ab (um höchstens {MAX_DEVIATION}), damit niemand einzeln erkennbar ist – "
    "das Verfahren des Zensus 2022. Summen können deshalb von der Summe der Einzelwerte "
    "abweichen."
)


def note(protected: bool, threshold: int) -> str:
    """One line under a chart that leaves the page (an exported image): how its figures are
    protected, or that they are the own cooperative's exact ones."""
    if protected:
        return (
            f"Zahlen geschützt: 1 bis {threshold - 1} als „<{threshold}“, sonst um höchstens "
            f"{MAX_DEVIATION} verändert (Verfahren des Zensus 2022)."
        )
    return "Genaue Zahlen der eigenen Genossenschaft – vor einer Weitergabe bitte prüfen."


def key_of(column: str) -> str:
    """The name of a count column's cell key in a row."""
    return column + KEY


def _max_entropy(deviation: int, variance: float) -> list[float]:
    """P(v) for v = -D … D: the maximum-entropy distribution with mean 0 and the given
    variance, p(v) ∝ exp(λ v²); λ found by bisection (the variance grows with λ)."""
    values = range(-deviation, deviation + 1)

    def distribution(lam: float) -> list[float]:
        weights = [math.exp(lam * v * v) for v in values]
        return [w / sum(weights) for w in weights]

    low, high = -20.0, 20.0
    for _ in range(200):
        middle = (low + high) / 2
        spread = sum(p * v * v for p, v in zip(distribution(middle), values))
        low, high = (middle, high) if spread < variance else (low, middle)
    return distribution(low)


# cumulative upper bounds of the cell key for each deviation -D … D
_BOUNDS = list(accumulate(_max_entropy(MAX_DEVIATION, VARIANCE)))


def _noise(cell_key: int) -> int:
    position = (cell_key % RANGE) / RANGE
    index = next((i for i, bound in enumerate(_BOUNDS) if position < bound), len(_BOUNDS) - 1)
    return index - MAX_DEVIATION


def deviation(count: int, cell_key: int, threshold: int | None = None) -> int:
    """The perturbation table's deviation for a true count and its cell key (a key sum)."""
    if count < (threshold or get_settings().suppression_threshold):
        return 0  # zero stays zero; a small count is shown as "<5" whatever it is
    return _noise(cell_key)


def published(count: int, cell_key: int, threshold: int | None = None) -> int:
    return count + deviation(count, cell_key, threshold)


@dataclass(frozen=True)
class Rule:
    """Which columns of a table are counts (each with its ``__key``), rates (numerator,
    base: both counts), medians (the count of cases behind them), values that follow a count
    (shown with it, with a deviation of their own) and values scaled from a count (count,
    divisor column, factor: persons per 100 housing units)."""

    counts: tuple[str, ...]
    rates: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    medians: Mapping[str, str] = field(default_factory=dict)
    follows: Mapping[str, str] = field(default_factory=dict)
    scaled: Mapping[str, tuple[str, str, float]] = field(default_factory=dict)


def _shown_count(value: int | None, key: int, threshold: int) -> int | None:
    out = published(int(value or 0), key, threshold)
    return None if 0 < out < threshold else out


def _without_keys(row: Mapping[str, object]) -> dict:
    return {k: v for k, v in row.items() if not k.endswith(KEY)}


def _protected(row: Mapping[str, object], rule: Rule, threshold: int) -> dict:
    out = _without_keys(row)
    for column in rule.counts:
        out[column] = _shown_count(row.get(column), int(row.get(key_of(column)) or 0), threshold)
    for rate, (numerator, base) in rule.rates.items():
        top, bottom = out[numerator], out[base]
        small = top is None or bottom is None or bottom < threshold
        # a share of published counts: the deviations can make the part exceed the whole
        out[rate] = None if small else min(1.0, top / bottom)
    for median, count in rule.medians.items():
        if int(row.get(count) or 0) < MEDIAN_MIN or out[count] is None:
            out[median] = None
    for value, count in rule.follows.items():
        amount = float(row.get(value) or 0)
        if out[count] is None:
            out[value] = None
        elif amount:
            noise = _noise(int(row.get(key_of(count)) or 0) + RANGE // 2)  # one of its own
            out[value] = max(0.0, amount + noise)
        else:
            out[value] = 0
    for value, (count, divisor, factor) in rule.scaled.items():
        units = row.get(divisor)
        out[value] = None if out[count] is None or not units else out[count] / units * factor
    return out


def protect(
    rows: Sequence[Mapping[str, object]],
    own: Sequence[bool],
    rule: Rule,
    threshold: int | None = None,
) -> list[dict]:
    """The rows as another cooperative may see them: copies without the keys, published
    values, withheld ones as None; a row marked ``own`` (only the viewer's cooperative in
    it) stays exact."""
    threshold = threshold or get_settings().suppression_threshold
    return [
        _without_keys(row) if mine else _protected(row, rule, threshold)
        for row, mine in zip(rows, own)
    ]


def counting(counts: dict[str, tuple[ColumnElement | None, ColumnElement]]) -> dict:
    """The aggregate columns of counts, each with its cell key: per name (the condition a row
    must meet, or None for every row; the counted record's key column)."""
    columns: dict[str, ColumnElement] = {}
    for name, (condition, key) in counts.items():
        if condition is None:
            columns[name] = func.count()
            columns[key_of(name)] = func.sum(key)
        else:
            columns[name] = func.sum(case((condition, 1), else_=0))
            columns[key_of(name)] = func.sum(case((condition, key), else_=0))
    return columns


def counted_by(session: Session, *queries: tuple) -> dict[object, dict]:
    """Aggregate columns (counts and their keys, as counting() makes them) per value of a
    grouping column, from one or more queries (group column, columns, *where), merged by
    that value."""
    found: dict[object, dict] = {}
    for group, columns, *where in queries:
        query = select(group, *columns.values()).where(*where).group_by(group)
        for value, *values in session.execute(query):
            found.setdefault(value, {}).update(zip(columns, values))
    return found


def summed(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> dict:
    """One cell over several rows: the counts and their keys added up (a total over
    cooperatives is a cell of its own, protected like any other)."""
    total: dict[str, int] = {}
    for column in columns:
        total[column] = sum(int(r.get(column) or 0) for r in rows)
        total[key_of(column)] = sum(int(r.get(key_of(column)) or 0) for r in rows)
    return total


def tally(cell: dict, counts: Mapping[str, int], key: int) -> None:
    """Count one record into a cell counted outside SQL (as ``counting`` does in SQL): each
    count with its key, the record's key added as often as the record is counted."""
    for column, n in counts.items():
        cell[column] = cell.get(column, 0) + n
        cell[key_of(column)] = cell.get(key_of(column), 0) + key * n


def format_cell(value: int | None, threshold: int) -> str:
    return f"<{threshold}" if value is None else f"{value:,}".replace(",", ".")
