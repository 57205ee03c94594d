"""4 Zugangswege: new cases per access route; the share of outreach routes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Case, CatalogueEntry
from services.actor import Actor
from services.indicators.core import PER_LABEL, Definition, Figure, Indicator, Scope
from services.indicators.core import cases_per_label as _cases_per_label


def access_routes(session: Session, actor: Actor, scope: Scope) -> dict[str, int | None]:
    """New cases in P per access route (label)."""
    linked = PER_LABEL.join(Case, Case.access_route_id == CatalogueEntry.id)
    return _cases_per_label(session, actor, scope, linked, Case.opened_on)


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
