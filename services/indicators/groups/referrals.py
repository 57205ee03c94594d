"""6 Vermittlung: the share of closed cases with a referral (rows of group 7), the success of
the referrals with a final status, and referrals per partner kind (group 10 counts them)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Case, CatalogueEntry, Partner, Referral
from services.actor import Actor
from services.indicators.core import (
    Definition,
    Figure,
    Indicator,
    Row,
    RowGroup,
    Scope,
    in_scope,
    labelled_rows,
    protected_rows,
    rows,
    share,
)
from services.permissions import require
from services.suppression import Rule, counting

FINAL_REFERRAL = ("angenommen", "erledigt", "abgelehnt", "nicht_wahrgenommen")
SUCCESSFUL = ("angenommen", "erledigt")


def _referral_rows(session: Session, scope: Scope) -> list[Row]:
    key = Referral.record_key
    columns = counting({"final": (None, key), "successful": (Referral.status.in_(SUCCESSFUL), key)})
    found = rows(
        session,
        scope,
        columns,
        Case.cooperative_id,
        lambda q: (
            q.select_from(Referral)
            .join(Case, Case.id == Referral.case_id)
            .where(
                Referral.referred_on.between(scope.date_from, scope.date_to),
                Referral.status.in_(FINAL_REFERRAL),
            )
        ),
    )
    for row in found:
        v = row.values
        v["final"], v["successful"] = int(v["final"]), int(v["successful"])
        v["success_rate"] = share(v["successful"], v["final"])
    return found


ROWS = RowGroup(
    _referral_rows, Rule(("final", "successful"), {"success_rate": ("successful", "final")})
)


def referral_success(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Of the referrals made in P that have a final status, the share angenommen/erledigt."""
    return protected_rows(session, actor, scope, ROWS)


def referrals_by_partner_kind(
    session: Session, actor: Actor, scope: Scope
) -> dict[str, dict[str, float | int | None]]:
    """Referrals made in P per partner kind, and the success of those with a final status."""
    require(actor, "indicators.aggregate")
    final = Referral.status.in_(FINAL_REFERRAL)
    good = Referral.status.in_(SUCCESSFUL)
    counts = counting(
        {"referrals": (None, Referral.record_key), "final": (final, Referral.record_key),
         "successful": (good, Referral.record_key)}
    )  # fmt: skip
    query = (
        select(CatalogueEntry.label, *counts.values())
        .join(Partner, Partner.kind_id == CatalogueEntry.id)
        .join(Referral, Referral.partner_id == Partner.id)
        .join(Case, Case.id == Referral.case_id)
        .where(Referral.referred_on.between(scope.date_from, scope.date_to))
        .group_by(CatalogueEntry.label, CatalogueEntry.sort_order)
        .order_by(CatalogueEntry.sort_order)
    )
    found = session.execute(in_scope(query, Case.cooperative_id, scope)).all()
    cells = {row[0]: dict(zip(counts, row[1:])) for row in found}
    rule = Rule(("referrals", "final", "successful"), {"success_rate": ("successful", "final")})
    return labelled_rows(actor, scope, cells, rule)


INDICATOR = Indicator(
    key="referrals",
    definition=Definition(
        "Vermittlung",
        "Anteil der abgeschlossenen Fälle mit Vermittlung; Erfolg der Vermittlungen.",
        "abgeschlossene Fälle mit ≥ 1 Vermittlung; Vermittlungen „angenommen“ oder „erledigt“",
        "im Zeitraum abgeschlossene Fälle; im Zeitraum vermittelt und mit abschließendem Stand",
        "Abschließend ist jeder Stand außer „angefragt“.",
    ),
    figures=lambda b: [
        Figure("Vermittlungsquote", b.totals["closed.referral_rate"], "share"),
        Figure(
            "Erfolgreiche Vermittlungen",
            b.key_figure("success_rate").value,
            "share",
            phrase="{value} der abgeschlossenen Vermittlungen angenommen oder erledigt",
        ),
    ],
    table=lambda b: [(k, "Anteil", v["success_rate"]) for k, v in b.parts["referrals"].items()],
    unit="share",
    part=lambda session, actor, scope, before: referrals_by_partner_kind(session, actor, scope),
    rows={"referrals": ROWS},
)
