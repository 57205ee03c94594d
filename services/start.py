"""Figures for the start page of each role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from config import get_settings
from db.models import Case, Contact, Cooperative, FollowUp, Person, Signal, User
from services.actor import Actor
from services.case_records import full_name
from services.errors import NotAllowed
from services.help_matching import HelpCounts, help_counts
from services.permissions import require
from services.privacy import ConsentWarning, consent_warnings
from services.quick_contacts import quick_contacts_on
from services.referral_followup import DueFeedback, WaitingPartner, feedback_due, waiting_by_partner
from services.suppression import Rule, counted_by, counting, protect


@dataclass(frozen=True)
class DueFollowUp:
    case_id: int
    pseudonym: str
    text: str
    due_on: dt.date
    follow_up_id: int
    name: str  # the person's name: the start page is the Kümmerer's, of the own cooperative


@dataclass(frozen=True)
class StaleCase:
    case_id: int
    pseudonym: str
    last_contact: dt.date
    name: str


SHOWN = 20  # entries of a list on the start page; the rest is "… und N weitere"


@dataclass(frozen=True)
class KuemmererStart:
    cooperative: str
    open_cases: int
    quick_contacts_today: int
    cases_without_recent_contact: int
    due: list[DueFollowUp]  # the longest overdue first, at most SHOWN
    due_count: int  # all of them
    stale: list[StaleCase]  # the longest without contact first, at most SHOWN
    no_contact_days: int
    new_signals: int  # Hinweise of the cooperative's staff not yet looked at
    consent_warnings: list[ConsentWarning]  # open cases with a withdrawn or expired consent
    feedback_due: list[DueFeedback] = field(default_factory=list)  # ask the partner
    waiting: list[WaitingPartner] = field(default_factory=list)  # the week's overview
    help: HelpCounts | None = None  # open help needs, volunteers without a plan


@dataclass(frozen=True)
class CooperativeRow:
    cooperative: str
    city: str
    open_cases: int | None  # None: suppressed
    new_cases_30d: int | None
    contacts_30d: int | None


@dataclass(frozen=True)
class OverviewStart:
    rows: list[CooperativeRow]
    threshold: int


def kuemmerer_start(session: Session, actor: Actor, today: dt.date) -> KuemmererStart:
    require(actor, "case.read")
    coop_id = actor.cooperative_id
    coop = session.get(Cooperative, coop_id)
    open_case = and_(Case.cooperative_id == coop_id, Case.status != "abgeschlossen")
    open_cases = session.scalar(select(func.count()).where(open_case)) or 0
    last_contact = (
        select(Contact.case_id, func.max(Contact.contact_date).label("last"))
        .where(Contact.cooperative_id == coop_id, Contact.case_id.is_not(None))
        .group_by(Contact.case_id)
        .subquery()
    )
    days = get_settings().no_contact_days
    last_seen = func.coalesce(last_contact.c.last, Case.opened_on)
    stale_cases = (
        select(Case.id, Person.pseudonym, last_seen, Person.first_name, Person.last_name)
        .join(Person, Person.id == Case.person_id)
        .outerjoin(last_contact, last_contact.c.case_id == Case.id)
        .where(open_case, last_seen < today - dt.timedelta(days=days))
    )
    stale = session.scalar(select(func.count()).select_from(stale_cases.subquery()))
    stale_rows = session.execute(stale_cases.order_by(last_seen, Case.id).limit(SHOWN)).all()
    due = (
        select(
            FollowUp.case_id, Person.pseudonym, FollowUp.text, FollowUp.due_on, FollowUp.id,
            Person.first_name, Person.last_name,
        )
        .join(Case, Case.id == FollowUp.case_id)
        .join(Person, Person.id == Case.person_id)
        .where(
            Case.cooperative_id == coop_id,
            Case.status != "abgeschlossen",
            FollowUp.done_on.is_(None),
            FollowUp.due_on <= today,
        )
    )  # fmt: skip
    due_rows = session.execute(due.order_by(FollowUp.due_on, FollowUp.id).limit(SHOWN)).all()
    return KuemmererStart(
        cooperative=coop.name if coop else "",
        open_cases=open_cases,
        quick_contacts_today=quick_contacts_on(session, actor, today),
        cases_without_recent_contact=stale or 0,
        due=[DueFollowUp(*row[:5], full_name(*row[5:])) for row in due_rows],
        due_count=session.scalar(select(func.count()).select_from(due.subquery())) or 0,
        stale=[StaleCase(*row[:3], full_name(*row[3:])) for row in stale_rows],
        no_contact_days=days,
        new_signals=session.scalar(
            select(func.count()).where(
                Signal.cooperative_id == coop_id, Signal.status == "eingegangen"
            )
        )
        or 0,
        consent_warnings=consent_warnings(session, actor, today),
        feedback_due=feedback_due(session, actor, today),
        waiting=waiting_by_partner(session, actor, today),
        help=help_counts(session, actor),
    )


def overview_start(session: Session, actor: Actor, today: dt.date) -> OverviewStart:
    """All cooperatives, counts only, small cells suppressed (Koordination)."""
    require(actor, "indicators.aggregate")
    if actor.role != "koordination":
        raise NotAllowed()
    threshold = get_settings().suppression_threshold
    since = today - dt.timedelta(days=30)
    found = counted_by(
        session,
        (Case.cooperative_id, counting({"open": (None, Case.record_key)}),
         Case.status != "abgeschlossen"),
        (Case.cooperative_id, counting({"new": (None, Case.record_key)}),
         Case.opened_on > since, Case.opened_on <= today),
        (Contact.cooperative_id, counting({"contacts": (None, Contact.record_key)}),
         Contact.contact_date > since, Contact.contact_date <= today),
    )  # fmt: skip
    coops = session.execute(
        select(Cooperative.id, Cooperative.name, Cooperative.city)
        .where(Cooperative.active.is_(True))
        .order_by(Cooperative.city)
    ).all()
    shown = protect(
        [found.get(c.id, {}) for c in coops],
        [False] * len(coops),
        Rule(("open", "new", "contacts")),
        threshold,
    )
    rows = [
        CooperativeRow(c.name, c.city, v["open"], v["new"], v["contacts"])
        for c, v in zip(coops, shown)
    ]
    return OverviewStart(rows=rows, threshold=threshold)


@dataclass(frozen=True)
class AdminStart:
    users_by_role: dict[str, int]
    locked_users: int
    cooperatives: int


def admin_start(session: Session, actor: Actor, now: dt.datetime) -> AdminStart:
    require(actor, "admin.users")
    by_role = dict(
        session.execute(
            select(User.role, func.count()).where(User.active.is_(True)).group_by(User.role)
        ).all()
    )
    locked = session.scalar(select(func.count()).where(User.locked_until > now)) or 0
    coops = session.scalar(select(func.count()).select_from(Cooperative)) or 0
    return AdminStart(users_by_role=by_role, locked_users=locked, cooperatives=coops)
