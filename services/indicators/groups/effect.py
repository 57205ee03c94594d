"""14 Wirkung: of the cases closed in the period with at least two Einschätzungen (the first
within 30 days of opening), the share whose loneliness eased by at least one point, whose
self-help grew, whose home was secured at the end; the mean change; by urgency at intake.
How many closed cases carry two ratings is a figure of its own: a missing rating is not
"no improvement"."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Case, Instrument, InstrumentItem, Rating, RatingValue
from services.actor import Actor
from services.indicators.core import (
    Definition,
    Figure,
    Indicator,
    Row,
    RowGroup,
    Scope,
    in_scope,
    labelled_rows,
    own_only,
    scope_cooperatives,
)
from services.labels import URGENCY_LABELS
from services.permissions import require
from services.ratings import OWN
from services.suppression import Rule, protect, tally

WINDOW = dt.timedelta(days=30)  # the first rating within 30 days of opening
COUNTS = ("rated", "lonely_better", "self_better", "secured")
RATES = {
    "lonely_share": ("lonely_better", "rated"),
    "self_share": ("self_better", "rated"),
    "secured_share": ("secured", "rated"),
}
SERIES = {"lonely_share": "Weniger einsam", "self_share": "Selbsthilfe gestärkt",
          "secured_share": "Wohnung gesichert"}  # fmt: skip


@dataclass(frozen=True)
class Course:
    """One closed case's first and last Einschätzung."""

    cooperative_id: int
    urgency: str
    key: int
    first: dict[str, int]
    last: dict[str, int]
    eligible: bool

    def counts(self) -> dict[str, int]:
        if not self.eligible:
            return dict.fromkeys(COUNTS, 0)
        return {
            "rated": 1,
            "lonely_better": int(self.last["einsamkeit"] - self.first["einsamkeit"] >= 1),
            "self_better": int(self.last["selbsthilfe"] - self.first["selbsthilfe"] >= 1),
            "secured": int(self.last["wohnen"] == 3),
        }


def courses(session: Session, scope: Scope) -> tuple[list[Course], dict[int, list[int]]]:
    """The cases closed in P with their ratings (the app's Einschätzung), and per
    cooperative the record keys of all cases closed in P."""
    closed = Case.closed_on.between(scope.date_from, scope.date_to)
    found = session.execute(
        in_scope(
            select(Case.id, Case.cooperative_id, Case.urgency, Case.opened_on, Case.record_key,
                   Rating.id, Rating.rated_on, InstrumentItem.key, RatingValue.value)
            .join(Rating, Rating.case_id == Case.id)
            .join(Instrument, (Instrument.id == Rating.instrument_id) & (Instrument.key == OWN))
            .join(RatingValue, RatingValue.rating_id == Rating.id)
            .join(InstrumentItem, InstrumentItem.id == RatingValue.item_id)
            .where(closed),
            Case.cooperative_id, scope,
        )
    ).all()  # fmt: skip
    ratings: dict[int, dict[tuple, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    meta = {}
    for case_id, coop, urgency, opened, key, rating_id, rated_on, item, value in found:
        meta[case_id] = (coop, urgency, opened, key)
        ratings[case_id][(rated_on, rating_id)][item] = value
    result = []
    for case_id, by_time in ratings.items():
        coop, urgency, opened, key = meta[case_id]
        order = sorted(by_time)
        first, last = by_time[order[0]], by_time[order[-1]]
        eligible = len(order) >= 2 and order[0][0] - opened <= WINDOW
        eligible = eligible and all(
            k in first and k in last for k in ("einsamkeit", "selbsthilfe", "wohnen")
        )
        result.append(Course(coop, urgency, key, first, last, eligible))
    all_closed = defaultdict(list)
    for coop, key in session.execute(
        in_scope(
            select(Case.cooperative_id, Case.record_key).where(closed), Case.cooperative_id, scope
        )
    ):
        all_closed[coop].append(key)
    return result, all_closed


def _effect_rows(session: Session, scope: Scope) -> list[Row]:
    found, closed = courses(session, scope)
    cells: dict[int, dict] = defaultdict(dict)
    for course in found:
        tally(cells[course.cooperative_id], course.counts(), course.key)
    rows = []
    for cid, name, _ in scope_cooperatives(session, scope):
        values = {c: 0 for c in COUNTS} | cells.get(cid, {})
        values["closed"] = len(closed.get(cid, []))
        values["closed__key"] = sum(closed.get(cid, []))
        for rate, (top, base) in RATES.items():
            values[rate] = values[top] / values[base] if values[base] else None
        values["coverage"] = values["rated"] / values["closed"] if values["closed"] else None
        rows.append(Row(cid, name, values))
    return rows


RULE = Rule(("closed", *COUNTS), {**RATES, "coverage": ("rated", "closed")})
ROWS = RowGroup(_effect_rows, RULE)


@dataclass(frozen=True)
class Effect:
    by_urgency: dict[str, dict[str, float | int | None]]  # label -> rated, shares
    lonely_change: float | None  # mean change in points (withheld under MEDIAN_MIN cases)
    self_change: float | None


def effect(session: Session, actor: Actor, scope: Scope) -> Effect:
    """By urgency at intake, and the mean changes, protected for the viewer."""
    require(actor, "indicators.aggregate")
    found, _ = courses(session, scope)
    cells: dict[str, dict] = {label: {} for label in URGENCY_LABELS.values()}
    change = {"rated": 0, "rated__key": 0, "lonely_change": 0.0, "self_change": 0.0}
    for course in found:
        tally(cells[URGENCY_LABELS[course.urgency]], course.counts(), course.key)
        if course.eligible:
            tally(change, {"rated": 1}, course.key)
            change["lonely_change"] += course.last["einsamkeit"] - course.first["einsamkeit"]
            change["self_change"] += course.last["selbsthilfe"] - course.first["selbsthilfe"]
    for cell in cells.values():
        for name in COUNTS:
            cell.setdefault(name, 0)
            cell.setdefault(name + "__key", 0)
    by_urgency = labelled_rows(actor, scope, cells, Rule(COUNTS, RATES))
    n = change["rated"]
    change["lonely_change"] = change["lonely_change"] / n if n else None
    change["self_change"] = change["self_change"] / n if n else None
    means = Rule(("rated",), medians={"lonely_change": "rated", "self_change": "rated"})
    [mean] = protect([change], [own_only(actor, scope)], means)
    return Effect(by_urgency, mean["lonely_change"], mean["self_change"])


def _table(board) -> list[tuple[str, str, float | None]]:  # noqa: ANN001 - a Dashboard
    part: Effect = board.parts["effect"]
    total = {rate: board.totals[f"effect.{rate}"] for rate in RATES}
    rows = [("Alle Fälle", total)] + [(f"Bei Aufnahme {k}", v) for k, v in part.by_urgency.items()]
    return [(label, SERIES[rate], values[rate]) for label, values in rows for rate in RATES]


INDICATOR = Indicator(
    key="effect",
    chart_title="Anteil der Fälle mit Verbesserung, nach Dringlichkeit bei Aufnahme",
    definition=Definition(
        "Wirkung: Einsamkeit, Selbsthilfe, Wohnen",
        "Abgeschlossene Fälle mit zwei Einschätzungen: weniger einsam, mehr Selbsthilfe, "
        "Wohnung gesichert.",
        "Fälle, deren Einsamkeit (bzw. Selbsthilfe) sich von der ersten zur letzten "
        "Einschätzung um mindestens eine Stufe verbessert hat; deren Wohnung bei der letzten "
        "gesichert war",
        "im Zeitraum abgeschlossene Fälle mit mindestens zwei Einschätzungen, die erste "
        "höchstens 30 Tage nach der Eröffnung",
        "Fälle ohne zwei Einschätzungen zählen nicht mit – wie viele es sind, steht daneben "
        "(„Anteil mit zwei Einschätzungen“); sie gelten nicht als „nicht verbessert“. "
        "Mittlere Veränderung in Stufen (Skala 1–5).",
    ),
    figures=lambda b: [
        Figure(
            "Weniger einsam",
            b.totals["effect.lonely_share"],
            "share",
            phrase="{value} der Fälle mit zwei Einschätzungen weniger einsam",
        ),
        Figure("Selbsthilfe gestärkt", b.totals["effect.self_share"], "share"),
        Figure("Wohnung gesichert (am Ende)", b.totals["effect.secured_share"], "share"),
        Figure("Fälle mit zwei Einschätzungen", b.totals["effect.rated"]),
        Figure("Anteil mit zwei Einschätzungen", b.totals["effect.coverage"], "share"),
        Figure(
            "Einsamkeit: mittlere Veränderung (Stufen)", b.parts["effect"].lonely_change, "plain"
        ),
    ],  # fmt: skip
    table=_table,
    unit="share",
    part=lambda session, actor, scope, before: effect(session, actor, scope),
    rows={"effect": ROWS},
)
