"""4 Zugangswege: new cases per access route; the share of outreach routes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry
from db.rollups import CASE_DAY
from services.actor import Actor
from services.indicators.core import (
    Definition,
    Figure,
    Indicator,
    Scope,
    days,
    labelled_counts,
    summing,
)
from services.permissions import require


def access_routes(session: Session, actor: Actor, scope: Scope) -> dict[str, int | None]:
    """New cases in P per access route (label), from the case roll-up."""
    require(actor, "indicators.aggregate")
    rows = days(CASE_DAY, scope)
    query = (
        select(CatalogueEntry.label, *summing({"n": None}, rows).values())
        .join(rows, rows.c.access_route_id == CatalogueEntry.id)
        .group_by(CatalogueEntry.label, CatalogueEntry.sort_order)
        .order_by(CatalogueEntry.sort_order)
    )
    return labelled_counts(session, actor, scope, query, rows.c.cooperative_id)


INDICATOR = Indicator(
    key="access_routes",
    chart_title="Neue Fälle nach Zugangsweg",
    definition=Definition(
        "Zugangswege",
        "Neue Fälle nach Zugangsweg; Anteil aufsuchender Zugänge.",
        "neue Fälle, deren Zugangsweg im Katalog als aufsuchend markiert ist",
        "alle im Zeitraum eröffneten Fälle",
        "Aufsuchend sind z. B. „Aufsuchend“, „Hinweis aus der Nachbarschaft“, "
        "„Hinweis der Genossenschaft“ (einstellbar unter Verwaltung → Kataloge).",
    ),
    figures=lambda b: [
        Figure(
            "Anteil aufsuchender Zugänge",
            b.totals["cases.outreach_share"],
            "share",
            phrase="{value} der neuen Fälle aufsuchend",
        ),
    ],
    table=lambda b: [(k, "Anzahl", v) for k, v in b.parts["access_routes"].items()],
    part=lambda session, actor, scope, before: access_routes(session, actor, scope),
)
