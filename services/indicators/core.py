"""What every indicator group shares: the scope of a query, rows per cooperative, their
protection for the viewer, counts per catalogue label, and the declaration a group module
exports (services/indicators/__init__.py keeps the registry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import BigInteger, ColumnElement, FromClause, Select, case, cast, func, select
from sqlalchemy.orm import Session

from db import rollups
from db.models import Case, CatalogueEntry, Cooperative
from db.rollups import Rollup
from services.actor import Actor
from services.permissions import require
from services.suppression import Rule, key_of, protect

if TYPE_CHECKING:
    from services.dashboard import Dashboard


@dataclass(frozen=True)
class Definition:
    title: str
    summary: str  # one line beside the chart
    numerator: str
    denominator: str
    rules: str


@dataclass(frozen=True)
class Scope:
    date_from: dt.date
    date_to: dt.date  # both inclusive
    cooperative_ids: tuple[int, ...] | None = None  # None: all
    city: str | None = None
    named: bool = False  # a named period (preset, report year): compared one step back


def in_scope(query: Select, cooperative_id: ColumnElement, scope: Scope) -> Select:
    """Restrict a query to the scope's cooperatives through its own cooperative column: no
    join with the cooperatives, so the date indexes stay usable."""
    if scope.cooperative_ids is not None:
        query = query.where(cooperative_id.in_(scope.cooperative_ids))
    if scope.city:
        in_city = select(Cooperative.id).where(Cooperative.city == scope.city)
        query = query.where(cooperative_id.in_(in_city.scalar_subquery()))
    return query


def scope_cooperatives(session: Session, scope: Scope) -> list[tuple[int, str, int]]:
    """(id, name, housing units) of the scope's cooperatives, by name."""
    query = select(Cooperative.id, Cooperative.name, Cooperative.housing_units)
    return session.execute(in_scope(query.order_by(Cooperative.name), Cooperative.id, scope)).all()


def days(rollup: Rollup, scope: Scope) -> FromClause:
    """A roll-up's rows of the scope's period (db/rollups.py: whole months from the month
    roll-up, the edge days from the day roll-up): what the additive figures read instead of
    the facts (``rollups.from_facts``: the same rows computed from the facts)."""
    return rollups.rows_for(rollup, scope.date_from, scope.date_to)


def summing(counts: dict[str, ColumnElement | None], rows: FromClause) -> dict:
    """As services.suppression.counting, over a roll-up's rows: per name (the condition a row
    must meet, or None for every row) the count is the sum of the rows' ``n``, its cell key
    the sum of their ``key_sum`` (both add up like the records they count)."""
    columns: dict[str, ColumnElement] = {}
    for name, condition in counts.items():
        n, key = rows.c.n, rows.c.key_sum
        if condition is not None:
            n, key = case((condition, n), else_=0), case((condition, key), else_=0)
        columns[name] = cast(func.sum(n), BigInteger)
        columns[key_of(name)] = cast(func.sum(key), BigInteger)
    return columns


@dataclass(frozen=True)
class Row:
    """One cooperative's figures; None: suppressed for this viewer."""

    cooperative_id: int
    cooperative: str
    values: dict[str, float | int | None]


def rows(
    session: Session,
    scope: Scope,
    columns: dict[str, ColumnElement],
    cooperative_id: ColumnElement,
    source: Callable[[Select], Select],
) -> list[Row]:
    """One Row per cooperative of the scope, zeros where nothing happened. ``source`` adds
    the FROM and WHERE of an aggregate grouped by ``cooperative_id``."""
    query = source(select(cooperative_id, *columns.values())).group_by(cooperative_id)
    found = {r[0]: r[1:] for r in session.execute(in_scope(query, cooperative_id, scope))}
    zeros = (0,) * len(columns)
    return [
        Row(cid, name, {k: v or 0 for k, v in zip(columns, found.get(cid, zeros))})
        for cid, name, _ in scope_cooperatives(session, scope)
    ]


class RowGroup(NamedTuple):
    """A group's figures per cooperative: the raw rows of a scope (counts with their keys),
    and the rule they are protected by (services.suppression.Rule)."""

    rows: Callable[[Session, Scope], list[Row]]
    rule: Rule


def suppress_for(actor: Actor, found: list[Row], rule: Rule) -> list[Row]:
    """DESIGN §2 for the viewer (services.suppression.protect): the own cooperative's rows
    exact, other cooperatives' counts perturbed by their cell keys, 1–4 withheld, and their
    rates from the published counts."""
    shown = protect(
        [r.values for r in found], [r.cooperative_id == actor.cooperative_id for r in found], rule
    )
    return [Row(r.cooperative_id, r.cooperative, v) for r, v in zip(found, shown)]


def protected_rows(session: Session, actor: Actor, scope: Scope, group: RowGroup) -> list[Row]:
    """A row group as the viewer may see it."""
    require(actor, "indicators.aggregate")
    return suppress_for(actor, group.rows(session, scope), group.rule)


def own_only(actor: Actor, scope: Scope) -> bool:
    """The scope is exactly the viewer's own cooperative: figures are shown in full."""
    return bool(actor.cooperative_id) and scope.cooperative_ids == (actor.cooperative_id,)


def share(numerator: int | None, denominator: int | None) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


def labelled_counts(
    session: Session,
    actor: Actor,
    scope: Scope,
    query: Select,
    cooperative_id: ColumnElement = Case.cooperative_id,
) -> dict[str, int | None]:
    """Counts per catalogue label over the scope's cooperatives (query: label, count, key
    sum), each label a cell protected unless the scope is only the viewer's own cooperative."""
    found = session.execute(in_scope(query, cooperative_id, scope)).all()
    cells = {label: {"n": n, "n__key": key} for label, n, key in found}
    return {
        label: row["n"] for label, row in labelled_rows(actor, scope, cells, Rule(("n",))).items()
    }


PER_LABEL = select(CatalogueEntry.label, func.count(Case.id), func.sum(Case.record_key))


def cases_per_label(
    session: Session, actor: Actor, scope: Scope, linked: Select, day: ColumnElement
) -> dict[str, int | None]:
    """Cases per catalogue label; ``linked`` joins the entries to the cases (from
    PER_LABEL), ``day`` is the case date that must fall in P."""
    require(actor, "indicators.aggregate")
    query = (
        linked.where(day.between(scope.date_from, scope.date_to))
        .group_by(CatalogueEntry.label, CatalogueEntry.sort_order)
        .order_by(CatalogueEntry.sort_order)
    )
    return labelled_counts(session, actor, scope, query)


def labelled_rows(
    actor: Actor, scope: Scope, cells: dict[str, dict], rule: Rule
) -> dict[str, dict[str, float | int | None]]:
    """Cells over the scope by label (counts with their keys, rates of them computed here),
    protected unless the scope is the viewer's own cooperative."""
    for values in cells.values():
        for column in rule.counts:
            values[column] = int(values[column] or 0)
        for rate, (numerator, base) in rule.rates.items():
            values[rate] = share(values[numerator], values[base])
    own = own_only(actor, scope)
    return dict(zip(cells, protect(list(cells.values()), [own] * len(cells), rule)))


# --- the declaration of a group --------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One figure of a group as the page, the slide and the report show it: the number (None
    when hidden or without denominator) and its unit — count, share, hours, days, decimal,
    or plain (None shows '–'). The group's headline figure carries the sentence of slide
    and report ('{value} …')."""

    label: str
    value: float | None
    unit: str = "count"
    phrase: str | None = None


Cells = list[tuple[str, str, float | None]]  # a chart's table: (category, series, value)


@dataclass(frozen=True)
class Indicator:
    """One indicator group, declared once in its module: what it means, what it computes
    beyond the shared rows and trends, and what the page, the slide, the workbook and the
    Sachbericht show of it — all read from the dashboard of a scope.

    part: the group's own computation for (session, viewer, scope, comparison scope), kept in
    ``Dashboard.parts[key]`` already protected for the viewer. rows: its figures per
    cooperative (totals over the scope come with them, as ``Dashboard.totals['key.column']``).
    table: the chart's cells; periods: its categories are months or quarters ('2026-05',
    '2026-Q2') the page names in German. top_phrase: for a group without a headline figure,
    the sentence about its most frequent category."""

    key: str
    definition: Definition
    chart_title: str  # what the chart shows, above it on the page, the slide and the report
    figures: Callable[[Dashboard], list[Figure]]
    table: Callable[[Dashboard], Cells]
    unit: str = "count"
    mark: str = "bar"  # bar: categories down; columns: periods across; line: shares over time
    periods: bool = False
    top_phrase: str | None = None
    part: Callable[[Session, Actor, Scope, Scope], Any] | None = None
    rows: dict[str, RowGroup] | None = None
