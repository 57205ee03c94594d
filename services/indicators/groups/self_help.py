"""7 Hilfe zur Selbsthilfe: of the cases closed in the period, those solved without referral
(and, for group 6, those with one)."""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from db.models import Case, CatalogueEntry, Referral, case_outcome
from services.actor import Actor
from services.indicators.core import (
    Cells,
    Definition,
    Figure,
    Indicator,
    Row,
    RowGroup,
    Scope,
    protected_rows,
    rows,
    share,
)
from services.suppression import Rule, counting

NOT_SELF_HELP = ("kontakt_abgebrochen", "verstorben", "kein_bedarf")


def _closed_case_rows(session: Session, scope: Scope) -> list[Row]:
    ending = select(CatalogueEntry.id).where(
        CatalogueEntry.catalogue == "outcome", CatalogueEntry.key.in_(NOT_SELF_HELP)
    )
    closed = select(
        Case.cooperative_id,
        Case.record_key,
        select(Referral.id).where(Referral.case_id == Case.id).exists().label("referred"),
        select(case_outcome.c.case_id)
        .where(
            case_outcome.c.case_id == Case.id,
            case_outcome.c.entry_id.in_(session.scalars(ending).all()),
        )
        .exists()
        .label("ended"),
    ).where(Case.closed_on.between(scope.date_from, scope.date_to))
    closed = closed.subquery()  # each flag once per case; rows() applies the scope
    referred, ended = closed.c.referred, closed.c.ended
    key = closed.c.record_key
    columns = counting(
        {
            "closed": (None, key),
            "referred": (referred, key),
            "self_help": (and_(~referred, ~ended), key),
        }
    )
    found = rows(session, scope, columns, closed.c.cooperative_id, lambda q: q)
    for row in found:
        v = row.values
        for name in columns:
            v[name] = int(v[name])
        v["referral_rate"] = share(v["referred"], v["closed"])
        v["self_help_rate"] = share(v["self_help"], v["closed"])
    return found


ROWS = RowGroup(
    _closed_case_rows,
    Rule(
        ("closed", "referred", "self_help"),
        {"referral_rate": ("referred", "closed"), "self_help_rate": ("self_help", "closed")},
    ),
)


def closed_cases(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Of the cases closed in P: with at least one referral (referral rate), and solved
    without referral and without an outcome that ends help otherwise (self-help rate)."""
    return protected_rows(session, actor, scope, ROWS)


def _table(board) -> Cells:
    t = board.totals
    closed, referred, self_help = t["closed.closed"], t["closed.referred"], t["closed.self_help"]
    if not closed:
        return []
    others = None if None in (referred, self_help) else closed - referred - self_help
    return [
        ("Mit Vermittlung", "Anzahl", referred),
        ("Ohne Vermittlung gelöst", "Anzahl", self_help),
        ("Sonstige (z. B. Kontakt abgebrochen)", "Anzahl", others),
    ]


INDICATOR = Indicator(
    key="self_help",
    chart_title="Abgeschlossene Fälle: wie sie gelöst wurden",
    definition=Definition(
        "Hilfe zur Selbsthilfe",
        "Anteil der abgeschlossenen Fälle, die ohne Vermittlung gelöst wurden.",
        "abgeschlossene Fälle ohne Vermittlung und ohne Ergebnis „Kontakt abgebrochen“, "
        "„Verstorben“ oder „Kein Bedarf“",
        "im Zeitraum abgeschlossene Fälle",
        "Ein Fall mit einem dieser Ergebnisse zählt nicht als gelöst.",
    ),
    figures=lambda b: [
        Figure(
            "Selbsthilfequote",
            b.totals["closed.self_help_rate"],
            "share",
            phrase="{value} der abgeschlossenen Fälle ohne Vermittlung gelöst",
        ),
        Figure("Abgeschlossene Fälle", b.totals["closed.closed"]),
    ],
    table=_table,
    rows={"closed": ROWS},
)
