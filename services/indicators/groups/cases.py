"""2 Neue Fälle und Fallbestand: new cases with their urgency and outreach (the figures of
groups 3 and 4 per cooperative), and the open caseload at the end of the period."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import ColumnElement, FromClause, select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry
from db.rollups import CASE_DAY, CLOSED_DAY, OPENED_DAY
from services.actor import Actor
from services.indicators.core import (
    Definition,
    Figure,
    Indicator,
    Row,
    RowGroup,
    Scope,
    days,
    in_scope,
    protected_rows,
    rows,
    share,
    summing,
)
from services.suppression import Rule


def opened(rows: FromClause) -> dict[str, ColumnElement | None]:
    """New cases and their urgency at intake, over the case roll-up's rows (also the
    trends')."""
    return {
        "new_cases": None,
        "early": rows.c.urgency == "frueh",
        "crisis": rows.c.urgency == "krise",
    }


HISTORY_START = dt.date(1900, 1, 1)  # before any record


def _open_at_end(session: Session, scope: Scope) -> dict[int, tuple[int, int]]:
    """Per cooperative (count, key sum) of the cases open at the end of P: opened by then
    less closed by then, each summed over the roll-ups up to that day (mostly month rows)."""
    history = replace(scope, date_from=HISTORY_START)  # up to the end of P
    balance: dict[int, tuple[int, int]] = {}
    for rollup, sign in ((OPENED_DAY, 1), (CLOSED_DAY, -1)):
        cases = days(rollup, history)
        query = select(cases.c.cooperative_id, *summing({"n": None}, cases).values())
        query = query.group_by(cases.c.cooperative_id)
        for cid, n, key in session.execute(in_scope(query, cases.c.cooperative_id, scope)):
            count, keys = balance.get(cid, (0, 0))
            balance[cid] = (count + sign * int(n), keys + sign * int(key))
    return balance


def _new_case_rows(session: Session, scope: Scope) -> list[Row]:
    per_day = days(CASE_DAY, scope)
    outreach = {"outreach": CatalogueEntry.is_outreach.is_(True)}
    columns = summing(opened(per_day) | outreach, per_day)
    found = rows(
        session,
        scope,
        columns,
        per_day.c.cooperative_id,
        lambda q: q.select_from(per_day).join(
            CatalogueEntry, CatalogueEntry.id == per_day.c.access_route_id
        ),
    )
    caseload = _open_at_end(session, scope)
    for row in found:
        v = row.values
        for name in columns:
            v[name] = int(v[name])
        v["open_at_end"], v["open_at_end__key"] = caseload.get(row.cooperative_id, (0, 0))
        v["early_share"] = share(v["early"], v["new_cases"])
        v["crisis_share"] = share(v["crisis"], v["new_cases"])
        v["outreach_share"] = share(v["outreach"], v["new_cases"])
    return found


ROWS = RowGroup(
    _new_case_rows,
    Rule(
        ("new_cases", "early", "crisis", "outreach", "open_at_end"),
        {
            "early_share": ("early", "new_cases"),
            "crisis_share": ("crisis", "new_cases"),
            "outreach_share": ("outreach", "new_cases"),
        },
    ),
)


def new_cases(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """New cases in P with their urgency and outreach shares, and the open caseload at the
    end of P."""
    return protected_rows(session, actor, scope, ROWS)


INDICATOR = Indicator(
    key="cases",
    chart_title="Neue Fälle je Monat",
    definition=Definition(
        "Neue Fälle und Fallbestand",
        "Im Zeitraum eröffnete Fälle; offene Fälle am Ende des Zeitraums.",
        "Fälle mit Eröffnungsdatum im Zeitraum; Fälle, die am letzten Tag offen waren",
        "–",
        "Offen am Ende: eröffnet am oder vor dem letzten Tag und nicht bis dahin abgeschlossen.",
    ),
    figures=lambda b: [
        Figure("Neue Fälle", b.totals["cases.new_cases"], phrase="{value} neue Fälle"),
        Figure("Offene Fälle am Ende", b.totals["cases.open_at_end"]),
    ],
    table=lambda b: [(month, "Neue Fälle", v["new_cases"]) for month, v in b.months.items()],
    mark="columns",
    periods=True,
    rows={"cases": ROWS},
)
