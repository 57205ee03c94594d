"""Trends shared by groups 1–3: contacts, quick contacts, new, early and crisis cases per
month (or quarter), with the early and crisis shares."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db.models import Case, Contact
from services.actor import Actor
from services.indicators.core import Scope, in_scope, labelled_rows
from services.permissions import require

TREND_COUNTS = ["contacts", "quick_contacts", "new_cases", "early", "crisis"]


def _monthly(session: Session, scope: Scope) -> dict[str, dict[str, int]]:
    """Counts per month. The database counts per day (in the order of the date indexes, no
    date formatting per row); the days are summed into months here."""
    months: dict[str, dict[str, int]] = {}

    def add(day: dt.date | str, **counts: int) -> None:
        bucket = months.setdefault(str(day)[:7], dict.fromkeys(TREND_COUNTS, 0))
        for column, value in counts.items():
            bucket[column] += int(value or 0)

    contacts = (
        select(
            Contact.contact_date,
            func.count(Contact.case_id),
            func.count() - func.count(Contact.case_id),
        )
        .where(Contact.contact_date.between(scope.date_from, scope.date_to))
        .group_by(Contact.contact_date)
    )
    for day, with_case, quick in session.execute(in_scope(contacts, Contact.cooperative_id, scope)):
        add(day, contacts=with_case, quick_contacts=quick)
    opened = (
        select(
            Case.opened_on,
            func.count(Case.id),
            func.sum(case((Case.urgency == "frueh", 1), else_=0)),
            func.sum(case((Case.urgency == "krise", 1), else_=0)),
        )
        .where(Case.opened_on.between(scope.date_from, scope.date_to))
        .group_by(Case.opened_on)
    )
    for day, new, early, crisis in session.execute(in_scope(opened, Case.cooperative_id, scope)):
        add(day, new_cases=new, early=early, crisis=crisis)
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
        key = month if grain == "month" else quarter_of(month)
        bucket = periods.setdefault(key, dict.fromkeys(TREND_COUNTS, 0))
        for column in TREND_COUNTS:
            bucket[column] += values[column]
    result = [(key, *(v[c] for c in TREND_COUNTS)) for key, v in periods.items()]
    return labelled_rows(
        actor,
        scope,
        result,
        TREND_COUNTS,
        {"early_share": ("early", "new_cases"), "crisis_share": ("crisis", "new_cases")},
    )


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
