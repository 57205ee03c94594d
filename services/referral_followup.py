"""Referrals followed through (Hilfe- und Handlungsketten): the warm handover of a referral
(steps ticked with their day), the feedback that is due from a partner after the period its
kind allows without news, the week's overview by partner, and how responsive a partner is
(median days to the first answer, the share taken in) — the own cooperative exact, every
figure that includes another cooperative protected (services.suppression)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.orm import Session

from config import local_today
from db import sql
from db.models import (
    HANDOVER_STEPS,
    Case,
    CatalogueEntry,
    Cooperative,
    Partner,
    Person,
    Referral,
    ReferralStep,
)
from services.actor import Actor
from services.audit import audit
from services.case_records import load_case
from services.errors import Invalid, NotFound
from services.permissions import require
from services.suppression import Rule, counting, protect, summed

FEEDBACK_DAYS = 14  # a partner kind without its own period
SUCCESSFUL = ("angenommen", "erledigt")
ALL_COOPERATIVES = "Alle Genossenschaften"


def _referral(session: Session, actor: Actor, referral_id: int, write: bool = False) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFound("Diese Vermittlung gibt es nicht.")
    load_case(session, actor, referral.case_id, write=write)  # another cooperative: NotFound
    return referral


# --- the warm handover -----------------------------------------------------------------------
def record_step(
    session: Session,
    actor: Actor,
    referral_id: int,
    step: str,
    done_on: dt.date | None,
    today: dt.date | None = None,
) -> ReferralStep:
    """Tick a step of the handover with its day (ticking it again moves the day)."""
    referral = _referral(session, actor, referral_id, write=True)
    today = today or local_today()
    if step not in HANDOVER_STEPS:
        raise Invalid({"step": "Bitte wählen Sie einen Schritt der Übergabe."})
    earliest = referral.referred_on - dt.timedelta(days=30)  # a talk may come first
    if done_on is None or done_on > today or done_on < earliest:
        raise Invalid(
            {"done_on": "Das Datum fehlt, liegt in der Zukunft oder weit vor der Vermittlung."}
        )
    found = session.scalar(
        select(ReferralStep).where(
            ReferralStep.referral_id == referral.id, ReferralStep.step == step
        )
    )
    if found is None:
        found = ReferralStep(referral_id=referral.id, step=step)
        session.add(found)
    found.done_on, found.user_id = done_on, actor.user_id
    session.flush()
    audit(session, actor, "referral_step_recorded", "referral", referral.id, step=step)
    return found


def remove_step(session: Session, actor: Actor, referral_id: int, step: str) -> None:
    referral = _referral(session, actor, referral_id, write=True)
    found = session.scalar(
        select(ReferralStep).where(
            ReferralStep.referral_id == referral.id, ReferralStep.step == step
        )
    )
    if found is not None:
        session.delete(found)
        session.flush()
        audit(session, actor, "referral_step_removed", "referral", referral.id, step=step)


def steps_of(session: Session, referral_ids: list[int]) -> dict[int, dict[str, dt.date]]:
    """The ticked steps per referral (step key → day), in the order of HANDOVER_STEPS."""
    found: dict[int, dict[str, dt.date]] = {}
    rows = session.execute(
        select(ReferralStep.referral_id, ReferralStep.step, ReferralStep.done_on).where(
            ReferralStep.referral_id.in_(referral_ids)
        )
    ).all()
    for rid, step, day in sorted(rows, key=lambda r: HANDOVER_STEPS.index(r[1])):
        found.setdefault(rid, {})[step] = day
    return found


# --- feedback that is due ----------------------------------------------------------------------
@dataclass(frozen=True)
class DueFeedback:
    referral_id: int
    version: int
    case_id: int
    pseudonym: str
    partner: str
    partner_kind: str
    days: int  # since the referral or the last news
    period: int  # the kind's feedback period


def _waiting(session: Session, actor: Actor):  # noqa: ANN202
    require(actor, "case.read")
    return session.execute(
        select(
            Referral.id,
            Referral.version,
            Referral.case_id,
            Person.pseudonym,
            Partner.name,
            CatalogueEntry.label,
            func.coalesce(CatalogueEntry.feedback_days, FEEDBACK_DAYS),
            Referral.status_on,
        )
        .join(Case, Case.id == Referral.case_id)
        .join(Person, Person.id == Case.person_id)
        .join(Partner, Partner.id == Referral.partner_id)
        .join(CatalogueEntry, CatalogueEntry.id == Partner.kind_id)
        .where(
            Case.cooperative_id == actor.cooperative_id,
            Case.status != "abgeschlossen",
            Referral.status == "angefragt",
        )
        .order_by(Referral.status_on, Referral.id)
    ).all()


def feedback_due(session: Session, actor: Actor, today: dt.date) -> list[DueFeedback]:
    """Referrals of the own cooperative's open cases still "angefragt" with no news for at
    least the period of the partner's kind, the longest waiting first. Recording an answer
    (a new status, or asked again) moves the status day, so the reminder goes."""
    return [
        DueFeedback(rid, version, case_id, code, partner, kind, (today - since).days, period)
        for rid, version, case_id, code, partner, kind, period, since in _waiting(session, actor)
        if (today - since).days >= period
    ]


@dataclass(frozen=True)
class WaitingPartner:
    partner: str
    waiting: int
    due: int  # of them past the feedback period
    longest_days: int


def waiting_by_partner(session: Session, actor: Actor, today: dt.date) -> list[WaitingPartner]:
    """The week's overview: referrals waiting for an answer, per partner, most first."""
    by_partner: dict[str, list[tuple[int, int]]] = {}
    for *_, partner, _, period, since in _waiting(session, actor):
        by_partner.setdefault(partner, []).append(((today - since).days, period))
    found = [
        WaitingPartner(p, len(w), sum(d >= period for d, period in w), max(d for d, _ in w))
        for p, w in by_partner.items()
    ]
    return sorted(found, key=lambda w: (-w.waiting, -w.longest_days, w.partner))


# --- how responsive a partner is -------------------------------------------------------------
@dataclass(frozen=True)
class ReferralFigures:
    cooperative: str
    referrals: int | None  # None: withheld (another cooperative, a small number)
    success_share: float | None  # angenommen or erledigt; None: not shown
    days_to_answer: float | None = None  # median days to the first answer; None: not shown


RESPONSIVENESS = Rule(
    ("referrals", "success", "answered"),
    {"share": ("success", "referrals")},
    medians={"days": "answered"},
)
ANSWERED = Referral.first_response_on.is_not(None)


def _counts(**more: ColumnElement) -> dict:
    """The counts of RESPONSIVENESS (and ``more`` conditions), each with its cell key."""
    conditions = {"referrals": None, "success": Referral.status.in_(SUCCESSFUL),
                  "answered": ANSWERED, **more}  # fmt: skip
    return counting({k: (c, Referral.record_key) for k, c in conditions.items()})


def _median_days(session: Session, group: ColumnElement, *where: ColumnElement) -> dict:
    """Median days from the referral to the first answer per ``group`` (services.db.sql)."""
    days = sql.days_between(Referral.referred_on, Referral.first_response_on, sql.dialect(session))
    query = (
        select(group.label("g"), days.label("v"), Referral.record_key.label("k"))
        .join(Case, Case.id == Referral.case_id)
        .where(ANSWERED, *where)
    )
    return sql.medians(session, query)


def _cell(columns, values, days: float | None) -> dict:  # noqa: ANN001
    """A cell of counts and their keys (as queried or summed), its share and median."""
    cell = {k: int(v or 0) for k, v in zip(columns, values)}
    share = cell["success"] / cell["referrals"] if cell["referrals"] else None
    return cell | {"share": share, "days": days}


def referral_figures(session: Session, actor: Actor, partner_id: int) -> list[ReferralFigures]:
    """Referrals to this partner per cooperative (the own first) and over all cooperatives:
    how many, the share taken in (angenommen or erledigt) and the median days from the
    referral to the partner's first answer. The own cooperative's row is exact; the others
    and the total are cells of their own, protected (a median only from MEDIAN_MIN answers)."""
    require(actor, "partner.read")
    counts = _counts()
    found = session.execute(
        select(Cooperative.id, Cooperative.name, *counts.values())
        .join(Case, Case.cooperative_id == Cooperative.id)
        .join(Referral, Referral.case_id == Case.id)
        .where(Referral.partner_id == partner_id)
        .group_by(Cooperative.id, Cooperative.name)
        .order_by(Cooperative.name)
    ).all()
    found = sorted(found, key=lambda r: r[0] != actor.cooperative_id)  # the own first
    this_partner = Referral.partner_id == partner_id
    per_coop = _median_days(session, Case.cooperative_id, this_partner)
    cells = [_cell(counts, r[2:], per_coop.get(r[0], (None,))[0]) for r in found]
    names = [r[1] for r in found]
    own = [r[0] == actor.cooperative_id for r in found]
    if len(found) > 1:  # the total is a cell of its own (all minus own gives noise)
        total = summed(cells, RESPONSIVENESS.counts)
        days = _median_days(session, literal(1), this_partner).get(1, (None,))[0]
        cells.append(_cell(total.keys(), total.values(), days))
        names.append(ALL_COOPERATIVES)
        own.append(False)
    shown = protect(cells, own, RESPONSIVENESS)
    return [ReferralFigures(n, v["referrals"], v["share"], v["days"]) for n, v in zip(names, shown)]


def responsiveness(
    session: Session, actor: Actor, partner_ids: list[int]
) -> dict[int, ReferralFigures]:
    """For a page of the directory: each partner's referrals over all cooperatives, the
    share taken in and the median days to the first answer — exact when every referral
    is the viewer's own cooperative's, else protected as one cell."""
    if not partner_ids:
        return {}
    counts = _counts(mine=Case.cooperative_id == (actor.cooperative_id or 0))
    page = Referral.partner_id.in_(partner_ids)
    found = session.execute(
        select(Referral.partner_id, *counts.values())
        .join(Case, Case.id == Referral.case_id)
        .where(page)
        .group_by(Referral.partner_id)
    ).all()
    medians = _median_days(session, Referral.partner_id, page)
    cells = [_cell(counts, row[1:], medians.get(row[0], (None,))[0]) for row in found]
    shown = protect(cells, [c["mine"] == c["referrals"] for c in cells], RESPONSIVENESS)
    return {
        row[0]: ReferralFigures("", v["referrals"], v["share"], v["days"])
        for row, v in zip(found, shown)
    }
