"""13 Niedrigschwelliger Zugang: of the cases opened in the period, how many came through
low-threshold routes (door-step talk, office hour, hints from neighbours or the cooperative,
outreach — `catalogue_entry.is_low_threshold`) and how many through formal ones; how early
each was detected (früh / akut / Krise) and how it ended (or that it is still open). The
one picture the association shows its funders: access route → urgency → outcome."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Case, CatalogueEntry, case_outcome
from services.actor import Actor
from services.indicators.core import (
    Definition,
    Figure,
    Indicator,
    Scope,
    in_scope,
    labelled_rows,
    share,
)
from services.permissions import require
from services.suppression import Rule, tally

ROUTES = {True: "niedrigschwellig", False: "formell"}
URGENCY = {"frueh": "Früh/präventiv", "akut": "Akut", "krise": "Krise"}
# the outcomes the picture names (a case with several counts under the first of these it
# has); every other outcome is "Andere Ergebnisse"
NAMED_OUTCOMES = {
    "wohnungsverlust_verhindert": "Wohnungsverlust verhindert",
    "mietschulden_reguliert": "Mietschulden reguliert",
    "selbst_geloest": "Selbst gelöst",
}
OTHER, OPEN = "Andere Ergebnisse", "Noch offen"
STAGES = ("Erkannt", "Ausgang")


@dataclass(frozen=True)
class LowThreshold:
    cells: dict[str, dict[str, int | None]]  # "stage: route" -> series -> cases
    new_cases: dict[str, int | None]  # route -> cases opened in P

    def early_share(self, route: str) -> float | None:
        early = self.cells.get(f"Erkannt: {route}", {}).get(URGENCY["frueh"])
        return share(early, self.new_cases[route])


def _ending(outcomes: set[str], closed: bool) -> str:
    if not closed:
        return OPEN
    return next((label for key, label in NAMED_OUTCOMES.items() if key in outcomes), OTHER)


def low_threshold(session: Session, actor: Actor, scope: Scope) -> LowThreshold:
    require(actor, "indicators.aggregate")
    route = CatalogueEntry.is_low_threshold
    opened = in_scope(
        select(Case.id, route, Case.urgency, Case.closed_on.is_not(None), Case.record_key)
        .join(CatalogueEntry, CatalogueEntry.id == Case.access_route_id)
        .where(Case.opened_on.between(scope.date_from, scope.date_to)),
        Case.cooperative_id,
        scope,
    )
    cases = session.execute(opened).all()
    outcomes: dict[int, set[str]] = defaultdict(set)
    if cases:
        ids = select(opened.subquery().c.id)
        for case_id, key in session.execute(
            select(case_outcome.c.case_id, CatalogueEntry.key)
            .join(CatalogueEntry, CatalogueEntry.id == case_outcome.c.entry_id)
            .where(case_outcome.c.case_id.in_(ids))
        ):
            outcomes[case_id].add(key)
    counted: dict[str, dict] = defaultdict(dict)
    for case_id, low, urgency, closed, key in cases:
        where = ROUTES[bool(low)]
        ending = _ending(outcomes[case_id], closed)
        for name in (
            f"new|{where}",
            f"Erkannt: {where}|{URGENCY[urgency]}",
            f"Ausgang: {where}|{ending}",
        ):
            tally(counted[name], {"n": 1}, key)
    protected = labelled_rows(actor, scope, counted, Rule(("n",)))
    cells: dict[str, dict[str, int | None]] = defaultdict(dict)
    for name, row in protected.items():
        category, series = name.split("|")
        cells[category][series] = row["n"]
    new = cells.pop("new", {})
    return LowThreshold(dict(cells), {where: new.get(where, 0) for where in ROUTES.values()})


# what the chart's rows say: how early, then how it ended, each for both kinds of route
SHOWN = {"Erkannt": "wie früh erkannt", "Ausgang": "wie ausgegangen"}


def _table(board) -> list[tuple[str, str, float | None]]:  # noqa: ANN001 - a Dashboard
    part: LowThreshold = board.parts["low_threshold"]
    series = {"Erkannt": list(URGENCY.values()), "Ausgang": [*NAMED_OUTCOMES.values(), OTHER, OPEN]}
    return [
        (f"{where.capitalize()}: {SHOWN[stage]}", name,
         part.cells.get(f"{stage}: {where}", {}).get(name, 0))
        for stage in STAGES
        for where in ROUTES.values()
        for name in series[stage]
        if part.new_cases[where] != 0
    ]  # fmt: skip


def _low_share(board) -> float | None:  # noqa: ANN001
    part: LowThreshold = board.parts["low_threshold"]
    low, formal = part.new_cases["niedrigschwellig"], part.new_cases["formell"]
    return share(low, low + formal) if low is not None and formal is not None else None


INDICATOR = Indicator(
    key="low_threshold",
    chart_title="Wie früh erkannt und wie beendet: niedrigschwellige und formelle Zugänge",
    definition=Definition(
        "Wert des niedrigschwelligen Zugangs",
        "Neue Fälle nach Zugang (niedrigschwellig oder formell): wie früh erkannt, wie "
        "ausgegangen.",
        "neue Fälle, deren Zugangsweg im Katalog als niedrigschwellig markiert ist (Tür-und-"
        "Angel, Sprechstunde, Hinweise aus Nachbarschaft und Genossenschaft, aufsuchend)",
        "alle im Zeitraum eröffneten Fälle",
        "Dringlichkeit bei Aufnahme. Ausgang: das Ergebnis beim Abschluss (bei mehreren zählt "
        "das erste von „Wohnungsverlust verhindert“, „Mietschulden reguliert“, „Selbst "
        "gelöst“, sonst „Andere Ergebnisse“) oder „Noch offen“. Die Balken zeigen Anteile "
        "je Zugang, die Zahlen Fälle.",
    ),
    figures=lambda b: [
        Figure(
            "Anteil niedrigschwelliger Zugänge",
            _low_share(b),
            "share",
            phrase="{value} der neuen Fälle kamen über niedrigschwellige Wege",
        ),
        Figure(
            "Früh erkannt (niedrigschwellig)",
            b.parts["low_threshold"].early_share("niedrigschwellig"),
            "share",
        ),
        Figure("Früh erkannt (formell)", b.parts["low_threshold"].early_share("formell"), "share"),
    ],  # fmt: skip
    table=_table,
    mark="stacked",
    part=lambda session, actor, scope, before: low_threshold(session, actor, scope),
)
