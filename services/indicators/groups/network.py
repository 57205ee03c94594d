"""10 Netzwerk: the shared partner directory at the end of the period, and the referrals per
partner kind (computed with group 6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from db.models import Partner, PartnerCity
from services.actor import Actor
from services.indicators.core import Definition, Figure, Indicator, Scope, share
from services.permissions import require


@dataclass(frozen=True)
class NetworkFigures:
    active: int
    created: int
    verified: int
    verified_share: float | None


def network(session: Session, actor: Actor, scope: Scope) -> NetworkFigures:
    """The shared partner directory (no personal data, not suppressed): active partners at
    the end of P, created in P, and verified in the 12 months before the end of P. The city
    filter selects partners serving that city; cooperatives do not apply."""
    require(actor, "indicators.aggregate")
    end = dt.datetime.combine(scope.date_to + dt.timedelta(days=1), dt.time(), dt.UTC)
    start = dt.datetime.combine(scope.date_from, dt.time(), dt.UTC)
    year_before = scope.date_to - dt.timedelta(days=365)
    existing = and_(Partner.active.is_(True), Partner.created_at < end)
    query = select(
        func.sum(case((existing, 1), else_=0)),
        func.sum(case((Partner.created_at.between(start, end), 1), else_=0)),
        func.sum(
            case(
                (and_(existing, Partner.last_verified_on.between(year_before, scope.date_to)), 1),
                else_=0,
            )
        ),
    )
    if scope.city:
        query = query.where(
            select(PartnerCity.partner_id)
            .where(PartnerCity.partner_id == Partner.id, PartnerCity.city == scope.city)
            .exists()
        )
    active, created, verified = (int(v or 0) for v in session.execute(query).one())
    return NetworkFigures(active, created, verified, share(verified, active))


INDICATOR = Indicator(
    key="network",
    chart_title="Vermittlungen je Partnerart",
    definition=Definition(
        "Netzwerk",
        "Aktive Partner am Ende des Zeitraums, neue Partner, Anteil geprüfter Einträge; "
        "Vermittlungen je Partnerart.",
        "aktive Partner, die in den 12 Monaten vor dem Ende des Zeitraums geprüft wurden",
        "aktive Partner am Ende des Zeitraums",
        "Das Partnerverzeichnis ist gemeinsam; der Filter Stadt wählt Partner, die diese Stadt "
        "versorgen. Vermittlungen zählen aus den Fällen der gewählten Genossenschaften.",
    ),
    figures=lambda b: [
        Figure(
            "Aktive Partner", b.parts["network"].active, phrase="{value} aktive Partner im Netzwerk"
        ),
        Figure("Neu im Zeitraum", b.parts["network"].created),
        Figure("Geprüft in den letzten 12 Monaten", b.parts["network"].verified_share, "share"),
    ],
    table=lambda b: [(k, "Anzahl", v["referrals"]) for k, v in b.parts["referrals"].items()],
    part=lambda session, actor, scope, before: network(session, actor, scope),
)
