"""8 Ergebnisse: cases closed in the period per outcome."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Case, CatalogueEntry, case_outcome
from services.actor import Actor
from services.indicators.core import PER_LABEL, Definition, Indicator, Scope
from services.indicators.core import cases_per_label as _cases_per_label


def outcomes(session: Session, actor: Actor, scope: Scope) -> dict[str, int | None]:
    """Cases closed in P per outcome (a case counts once per outcome)."""
    linked = PER_LABEL.join(case_outcome, case_outcome.c.entry_id == CatalogueEntry.id).join(
        Case, Case.id == case_outcome.c.case_id
    )
    return _cases_per_label(session, actor, scope, linked, Case.closed_on)


INDICATOR = Indicator(
    key="outcomes",
    chart_title="Ergebnisse der abgeschlossenen Fälle",
    definition=Definition(
        "Ergebnisse",
        "Abgeschlossene Fälle je Ergebnis, z. B. Wohnungsverlust verhindert.",
        "im Zeitraum abgeschlossene Fälle mit diesem Ergebnis",
        "–",
        "Ein Fall kann mehrere Ergebnisse haben.",
    ),
    figures=lambda b: [],
    table=lambda b: [(k, "Anzahl", v) for k, v in b.parts["outcomes"].items()],
    top_phrase="häufigstes Ergebnis {category} ({value} Fälle)",
    part=lambda session, actor, scope, before: outcomes(session, actor, scope),
)
