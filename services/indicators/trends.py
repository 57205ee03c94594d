"""Trends shared by groups 1–3: contacts, quick contacts, new, early and crisis cases per
month (or quarter), with the early and crisis shares."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.rollups import CASE_DAY, CONTACT_DAY
from services.actor import Actor
from services.indicators.core import Scope, days, in_scope, labelled_rows, summing
from services.indicators.groups.cases import opened
from services.indicators.groups.reach import contacts
from services.permissions import require
from services.suppression import Rule, key_of

TREND_COUNTS = ["contacts", "quick_contacts", "new_cases", "early", "crisis"]
COLUMNS = TREND_COUNTS + [key_of(c) for c in TREND_COUNTS]


def _monthly(session: Session, scope: Scope) -> dict[str, dict[str, int]]:
    """Counts and their cell keys per month. The roll-ups hold them per day and per month (a
    month row's day is its first; no date formatting per row); the days are summed into
    months here (keys add up like counts)."""
    months: dict[str, dict[str, int]] = {}

    def add(day: dt.date | str, values: dict[str, int]) -> None:
        bucket = months.setdefault(str(day)[:7], dict.fromkeys(COLUMNS, 0))
        for column, value in values.items():
            bucket[column] += int(value or 0)

    contact_days, case_days = days(CONTACT_DAY, scope), days(CASE_DAY, scope)
    per_day = (
        (contact_days, contacts(contact_days)),
        (case_days, summing(opened(case_days), case_days)),
    )
    for rows, columns in per_day:
        query = select(rows.c.day, *columns.values()).group_by(rows.c.day)
        for on, *values in session.execute(in_scope(query, rows.c.cooperative_id, scope)):
            add(on, dict(zip(columns, values)))
    return dict(sorted(months.items()))


def quarter_of(month: str) -> str:
    """'2026-05' -> '2026-Q2'."""
    year, m = month.split("-")
    return f"{year}-Q{(int(m) - 1) // 3 + 1}"


def _periods(
    actor: Actor, scope: Scope, monthly: dict[str, dict[str, int]], grain: str
) -> dict[str, dict[str, float | int | None]]:
    periods: dict[str, dict[str, int]] = {}
    for month, values in monthly.items():
        period = month if grain == "month" else quarter_of(month)
        bucket = periods.setdefault(period, dict.fromkeys(COLUMNS, 0))
        for column in COLUMNS:
            bucket[column] += values[column]
    shares = {"early_share": ("early", "new_cases"), "crisis_share": ("crisis", "new_cases")}
    return labelled_rows(actor, scope, periods, Rule(tuple(TREND_COUNTS), shares))


def trend(
    session: Session, actor: Actor, scope: Scope, grain: str = "month"
) -> dict[str, dict[str, float | int | None]]:
    """Contacts, quick contacts, new cases, early and crisis cases per month (or quarter),
    with the early and crisis shares; each count column suppressed across the periods."""
    require(actor, "indicators.aggregate")
    return _periods(actor, scope, _monthly(session, scope), grain)


def trends(session: Session, actor: Actor, scope: Scope) -> tuple[dict, dict]:
    """The trend by month and by quarter, from one pass over the data."""
    require(actor, "indicators.aggregate")
    monthly = _monthly(session, scope)
    return _periods(actor, scope, monthly, "month"), _periods(actor, scope, monthly, "quarter")
