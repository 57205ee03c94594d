"""6 Vermittlung: the share of closed cases with a referral (rows of group 7), the success of
the referrals with a final status, and referrals per partner kind (group 10 counts them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from db import sql
from db.models import Case, CatalogueEntry, Partner, Referral, ReferralStep
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


def _made_in(session: Session, scope: Scope, columns: dict, *where) -> list[Row]:  # noqa: ANN002
    """``columns`` per cooperative over the referrals made in P (and ``where``)."""
    return rows(
        session,
        scope,
        columns,
        Case.cooperative_id,
        lambda q: (
            q.select_from(Referral)
            .join(Case, Case.id == Referral.case_id)
            .where(Referral.referred_on.between(scope.date_from, scope.date_to), *where)
        ),
    )


def _referral_rows(session: Session, scope: Scope) -> list[Row]:
    key = Referral.record_key
    columns = counting({"final": (None, key), "successful": (Referral.status.in_(SUCCESSFUL), key)})
    found = _made_in(session, scope, columns, Referral.status.in_(FINAL_REFERRAL))
    for row in found:
        v = row.values
        v["final"], v["successful"] = int(v["final"]), int(v["successful"])
        v["success_rate"] = share(v["successful"], v["final"])
    return found


ROWS = RowGroup(
    _referral_rows, Rule(("final", "successful"), {"success_rate": ("successful", "final")})
)


OPEN_AFTER_DAYS = 30


def _followthrough_rows(session: Session, scope: Scope) -> list[Row]:
    """Referrals made in P: with a warm handover (≥ 1 step ticked), and of those made at
    least 30 days before the end of P, the ones still without an answer 30 days on."""
    key = Referral.record_key
    stepped = select(ReferralStep.id).where(ReferralStep.referral_id == Referral.id).exists()
    cutoff = scope.date_to - dt.timedelta(days=OPEN_AFTER_DAYS)
    old_enough = Referral.referred_on <= cutoff
    name = sql.dialect(session)
    waited = sql.days_between(Referral.referred_on, Referral.first_response_on, name)
    unanswered = and_(
        old_enough,
        or_(Referral.first_response_on.is_(None), waited > OPEN_AFTER_DAYS),
    )
    columns = counting(
        {"referrals": (None, key), "handover": (stepped, key), "due30": (old_enough, key),
         "open30": (unanswered, key)}
    )  # fmt: skip
    found = _made_in(session, scope, columns)
    for row in found:
        v = row.values
        for column in FOLLOWTHROUGH.counts:
            v[column] = int(v[column])
        for rate, (numerator, base) in FOLLOWTHROUGH.rates.items():
            v[rate] = share(v[numerator], v[base])
    return found


FOLLOWTHROUGH = Rule(
    ("referrals", "handover", "due30", "open30"),
    {"handover_rate": ("handover", "referrals"), "open30_rate": ("open30", "due30")},
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
    chart_title="Anteil angenommener oder erledigter Vermittlungen je Partnerart",
    definition=Definition(
        "Vermittlung",
        "Anteil der abgeschlossenen Fälle mit Vermittlung; Erfolg der Vermittlungen.",
        "abgeschlossene Fälle mit ≥ 1 Vermittlung; Vermittlungen „angenommen“ oder „erledigt“",
        "im Zeitraum abgeschlossene Fälle; im Zeitraum vermittelt und mit abschließendem Stand",
        "Abschließend ist jeder Stand außer „angefragt“. Warme Übergabe: mindestens ein "
        "Schritt abgehakt (Vorgespräch, Termin vereinbart, begleitet, Ersttermin), Anteil der "
        f"im Zeitraum vermittelten. Ohne Antwort nach {OPEN_AFTER_DAYS} Tagen: der Stand "
        f"wechselte nicht binnen {OPEN_AFTER_DAYS} Tagen von „angefragt“ – von den "
        f"Vermittlungen, die mindestens {OPEN_AFTER_DAYS} Tage vor dem Ende des Zeitraums "
        "liegen.",
    ),
    figures=lambda b: [
        Figure("Vermittlungsquote", b.totals["closed.referral_rate"], "share"),
        Figure("Mit warmer Übergabe", b.totals["followthrough.handover_rate"], "share"),
        Figure(
            f"Nach {OPEN_AFTER_DAYS} Tagen noch ohne Antwort",
            b.totals["followthrough.open30_rate"],
            "share",
        ),
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
    rows={"referrals": ROWS, "followthrough": RowGroup(_followthrough_rows, FOLLOWTHROUGH)},
)
