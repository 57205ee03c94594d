"""9 Zeiteinsatz: hours of contacts per contact kind; median days to the first referral and
median case duration (shown outside the own cooperative only from the threshold of cases)."""

from __future__ import annotations

from sqlalchemy import BigInteger, ColumnElement, cast, func, literal, select
from sqlalchemy.orm import Session, aliased

from db import sql
from db.models import Case, CatalogueEntry, Referral, ReferralStep
from db.rollups import CONTACT_DAY
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
    labelled_rows,
    own_only,
    protected_rows,
    scope_cooperatives,
)
from services.permissions import require
from services.suppression import MEDIAN_MIN, Rule, protect


def contact_hours(
    session: Session, actor: Actor, scope: Scope
) -> dict[str, dict[str, float | int | None]]:
    """Contacts (case and quick) in P per contact kind with their hours; the hours are hidden
    with the count of contacts behind them."""
    require(actor, "indicators.aggregate")
    rows = days(CONTACT_DAY, scope)
    per_kind = select(
        rows.c.kind_id,
        func.sum(rows.c.n).label("n"),
        func.sum(rows.c.minutes).label("m"),
        func.sum(rows.c.key_sum).label("k"),
    ).group_by(rows.c.kind_id)  # from the contact roll-up's rows of the period, then labelled
    per_kind = in_scope(per_kind, rows.c.cooperative_id, scope).subquery()
    query = (
        select(
            CatalogueEntry.label,
            *(cast(func.sum(c), BigInteger) for c in (per_kind.c.n, per_kind.c.m, per_kind.c.k)),
        )
        .join(per_kind, per_kind.c.kind_id == CatalogueEntry.id)
        .group_by(CatalogueEntry.label, CatalogueEntry.sort_order)
        .order_by(CatalogueEntry.sort_order)
    )
    cells = {
        label: {"contacts": n, "contacts__key": key, "hours": round(float(minutes or 0) / 60, 1)}
        for label, n, minutes, key in session.execute(query)
    }
    return labelled_rows(actor, scope, cells, Rule(("contacts",), follows={"hours": "contacts"}))


def _medians(session: Session, scope: Scope, group: ColumnElement) -> list[dict]:
    """Per ``group``: median days from opening to the first referral (first referral made in
    P) and median duration of the cases closed in P, each with the number of cases."""
    name = sql.dialect(session)
    earlier = aliased(Referral)
    # a case's first referral: made in P and on the case's earliest referral day (the index
    # on case and date answers the minimum per referral)
    earliest = select(func.min(earlier.referred_on)).where(earlier.case_id == Referral.case_id)
    first = (
        select(Referral.case_id, Referral.referred_on.label("first_on"))
        .where(
            Referral.referred_on.between(scope.date_from, scope.date_to),
            Referral.referred_on == earliest.scalar_subquery(),
        )
        .distinct()
        .subquery()
    )
    selects = [
        select(
            group.label("g"),
            sql.days_between(Case.opened_on, first.c.first_on, name).label("v"),
            Case.record_key.label("k"),
        ).join(first, first.c.case_id == Case.id),
        select(
            group.label("g"),
            sql.days_between(Case.opened_on, Case.closed_on, name).label("v"),
            Case.record_key.label("k"),
        ).where(Case.closed_on.between(scope.date_from, scope.date_to)),
        # referrals made in P whose first appointment was kept (the handover's last step)
        select(
            group.label("g"),
            sql.days_between(Referral.referred_on, ReferralStep.done_on, name).label("v"),
            Referral.record_key.label("k"),
        )
        .join(ReferralStep, ReferralStep.referral_id == Referral.id)
        .join(Case, Case.id == Referral.case_id)
        .where(
            ReferralStep.step == "ersttermin",
            Referral.referred_on.between(scope.date_from, scope.date_to),
        ),
    ]
    return [sql.medians(session, in_scope(q, Case.cooperative_id, scope)) for q in selects]


def _duration_rows(session: Session, scope: Scope) -> list[Row]:
    found = []
    per_coop = _medians(session, scope, Case.cooperative_id)
    for cid, coop_name, _ in scope_cooperatives(session, scope):
        values = {}
        for (median, count), by_coop in zip(MEDIANS.items(), per_coop):
            days, n, key = by_coop.get(cid, (None, 0, 0))
            values |= {count: n, count + "__key": key, median: days}
        found.append(Row(cid, coop_name, values))
    return found


# each median (in the order of _medians) and the count of cases or referrals behind it
MEDIANS = {
    "days_to_referral": "referred_cases",
    "case_days": "closed",
    "days_to_appointment": "kept",
}
# a median of few cases describes individuals (services.suppression.MEDIAN_MIN)
ROWS = RowGroup(_duration_rows, Rule(tuple(MEDIANS.values()), medians=MEDIANS))


def durations(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Median days to the first referral and median case duration, per cooperative."""
    return protected_rows(session, actor, scope, ROWS)


def pooled_medians(session: Session, actor: Actor, scope: Scope) -> dict[str, float | None]:
    """The two medians over all cases of the scope (not a median of medians); hidden from
    others when fewer than the threshold of cases stand behind them."""
    require(actor, "indicators.aggregate")
    row = {}
    for (median, count), pooled in zip(MEDIANS.items(), _medians(session, scope, literal(1))):
        days, n, key = pooled.get(1, (None, 0, 0))
        row |= {count: n, count + "__key": key, median: days}
    [shown] = protect([row], [own_only(actor, scope)], ROWS.rule)
    return {median: shown[median] for median in MEDIANS}


def _total_hours(by_kind: dict[str, dict]) -> float | None:
    """The hours of all contact kinds; none when one kind's are withheld (the total less the
    shown ones would give them away)."""
    hours = [v["hours"] for v in by_kind.values()]
    return None if None in hours else sum(hours)


INDICATOR = Indicator(
    key="time",
    chart_title="Stunden je Kontaktart",
    definition=Definition(
        "Zeiteinsatz",
        "Stunden der Kontakte je Kontaktart; Median der Tage bis zur ersten Vermittlung und "
        "der Falldauer.",
        "Minuten aller Kontakte und Kurzkontakte im Zeitraum je Kontaktart, geteilt durch 60",
        "–; Mediane: Fälle mit erster Vermittlung im Zeitraum bzw. im Zeitraum abgeschlossen",
        "Tage bis zur Vermittlung: vom Eröffnungsdatum bis zur ersten Vermittlung des Falls. "
        "Falldauer: vom Eröffnungs- bis zum Abschlussdatum. Tage bis zum Ersttermin: von der "
        "Vermittlung bis zum abgehakten Schritt „Ersttermin wahrgenommen“ (Vermittlungen im "
        f"Zeitraum). Mediane aus weniger als {MEDIAN_MIN} Fällen werden außerhalb der "
        "eigenen Genossenschaft nicht gezeigt.",
    ),
    figures=lambda b: [
        # the headline is what the chart shows: the hours, of all contact kinds together
        Figure(
            "Stunden Kontaktzeit",
            _total_hours(b.parts["time"]["contact_hours"]),
            "hours",
            phrase="{value} Kontaktzeit",
        ),
        Figure(
            "Tage bis zur ersten Vermittlung (Median)",
            b.parts["time"]["medians"]["days_to_referral"],
            "days",
        ),
        Figure("Falldauer in Tagen (Median)", b.parts["time"]["medians"]["case_days"], "days"),
        Figure(
            "Tage von der Vermittlung bis zum Ersttermin (Median)",
            b.parts["time"]["medians"]["days_to_appointment"],
            "days",
        ),
    ],
    table=lambda b: [
        (k, "Stunden", v["hours"]) for k, v in b.parts["time"]["contact_hours"].items()
    ],
    unit="hours",
    part=lambda session, actor, scope, before: {
        "contact_hours": contact_hours(session, actor, scope),
        "medians": pooled_medians(session, actor, scope),
    },
    rows={"durations": ROWS},
)
