"""5 Problemlagen: cases opened in the period per problem area, beside the period before."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Case, CatalogueEntry, case_problem_area
from services.actor import Actor
from services.indicators.core import PER_LABEL, Cells, Definition, Indicator, Scope
from services.indicators.core import cases_per_label as _cases_per_label


def problem_areas(session: Session, actor: Actor, scope: Scope) -> dict[str, int | None]:
    """Cases opened in P per problem area (a case counts once per area)."""
    linked = PER_LABEL.join(
        case_problem_area, case_problem_area.c.entry_id == CatalogueEntry.id
    ).join(Case, Case.id == case_problem_area.c.case_id)
    return _cases_per_label(session, actor, scope, linked, Case.opened_on)


def _table(board) -> Cells:
    now, before = board.parts["problem_areas"]["now"], board.parts["problem_areas"]["before"]
    labels = list(now) + [k for k in before if k not in now]
    return [
        (label, series, counts.get(label, 0))
        for label in labels
        for series, counts in (("Zeitraum", now), ("Vorzeitraum", before))
    ]


INDICATOR = Indicator(
    key="problem_areas",
    chart_title="Fälle nach Problemlage, verglichen mit dem Vorzeitraum",
    definition=Definition(
        "Problemlagen",
        "Neue Fälle je Problemlage (ein Fall zählt bei jeder seiner Problemlagen).",
        "im Zeitraum eröffnete Fälle mit dieser Problemlage",
        "–",
        "Die Anteile ergeben zusammen mehr als 100 %, weil Fälle mehrere Problemlagen haben.",
    ),
    figures=lambda b: [],
    table=_table,
    top_phrase="am häufigsten {category} ({value} Fälle)",
    part=lambda session, actor, scope, before: {
        "now": problem_areas(session, actor, scope),
        "before": problem_areas(session, actor, before),
    },
)
