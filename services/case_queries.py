"""Reading cases: the header of a case page, its timeline, the case list. Own cooperative only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from config import local_time
from db.models import (
    AuditLog,
    Case,
    CaseStatusChange,
    CatalogueEntry,
    Contact,
    FollowUp,
    Partner,
    Person,
    Referral,
    User,
    case_problem_area,
)
from services.actor import Actor
from services.case_records import (
    PERSON_FIELDS,
    PERSON_TEXT,
    PersonData,
    full_name,
    load_case,
    persons_matching,
)
from services.catalogues import Option
from services.crypto import read_text
from services.labels import CASE_STATUS_LABELS, REFERRAL_STATUS_LABELS
from services.permissions import require
from services.referral_followup import steps_of


@dataclass(frozen=True)
class CaseHeader:
    id: int
    version: int
    pseudonym: str
    person_id: int
    person_version: int
    # every field of the person as the edit form shows it (all of them: a field left out
    # here would be written back empty by the next edit)
    person: PersonData
    status: str
    urgency: str
    opened_on: dt.date
    closed_on: dt.date | None
    access_route: str
    problem_areas: tuple[Option, ...]
    outcomes: tuple[Option, ...]
    responsible_id: int | None
    responsible: str | None

    @property
    def name(self) -> str:
        return full_name(self.person.first_name, self.person.last_name)

    @property
    def phone(self) -> str:
        return self.person.phone

    @property
    def address(self) -> str:
        p = self.person
        street = " ".join(part for part in (p.street, p.house_no) if part)
        return ", ".join(part for part in (street, p.flat) if part)


def _options(entries: list[CatalogueEntry]) -> tuple[Option, ...]:
    ordered = sorted(entries, key=lambda e: (e.sort_order, e.id))
    return tuple(Option(e.id, e.key, e.label) for e in ordered)


def case_header(session: Session, actor: Actor, case_id: int) -> CaseHeader:
    case = load_case(session, actor, case_id)
    person = case.person
    route = session.get(CatalogueEntry, case.access_route_id)
    responsible = session.get(User, case.responsible_user_id) if case.responsible_user_id else None
    return CaseHeader(
        id=case.id,
        version=case.version,
        pseudonym=person.pseudonym,
        person_id=person.id,
        person_version=person.version,
        person=PersonData.of(person),
        status=case.status,
        urgency=case.urgency,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        access_route=route.label if route else "",
        problem_areas=_options(case.problem_areas),
        outcomes=_options(case.outcomes),
        responsible_id=responsible.id if responsible else None,
        responsible=responsible.display_name if responsible else None,
    )


def describe_changes(seen: CaseHeader, now: CaseHeader) -> list[str]:
    """What another user changed since the form was shown, in German, for the conflict
    message."""

    def labels(options: tuple[Option, ...]) -> str:
        return ", ".join(o.label for o in options) or "–"

    changes = []
    if seen.status != now.status:
        changes.append(
            f"Status: {CASE_STATUS_LABELS[seen.status]} → {CASE_STATUS_LABELS[now.status]}"
        )
    if seen.problem_areas != now.problem_areas:
        changes.append(f"Problemlagen: {labels(seen.problem_areas)} → {labels(now.problem_areas)}")
    if seen.outcomes != now.outcomes:
        changes.append(f"Ergebnisse: {labels(seen.outcomes)} → {labels(now.outcomes)}")
    if seen.responsible_id != now.responsible_id:
        changes.append(f"Verantwortlich: {seen.responsible or '–'} → {now.responsible or '–'}")
    for name in PERSON_TEXT:
        before, after = getattr(seen.person, name), getattr(now.person, name)
        if before != after:
            changes.append(f"{PERSON_FIELDS[name]['label']}: {before or '–'} → {after or '–'}")
    return changes


def last_editor(session: Session, entity: str, entity_id: int) -> str | None:
    return session.scalar(
        select(User.display_name)
        .join(AuditLog, AuditLog.user_id == User.id)
        .where(AuditLog.entity == entity, AuditLog.entity_id == entity_id)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(1)
    )


# --- timeline ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineItem:
    day: dt.date
    order: float  # within a day: later events first
    kind: str  # contact | referral | follow_up | status
    title: str
    detail: str
    note: str | None = None
    ref_id: int | None = None
    ref_version: int | None = None
    ref_status: str | None = None
    done: bool = False
    steps: tuple[tuple[str, dt.date], ...] = ()  # a referral's ticked handover steps


def _stamp(value: dt.datetime | None) -> float:
    return value.timestamp() if value else 0.0


def timeline(session: Session, actor: Actor, case_id: int) -> list[TimelineItem]:
    """Contacts, referrals, follow-ups and status changes of a case, newest first."""
    case = load_case(session, actor, case_id)
    items: list[TimelineItem] = []
    contacts = session.scalars(select(Contact).where(Contact.case_id == case.id)).all()
    kinds = dict(session.execute(select(CatalogueEntry.id, CatalogueEntry.label)).all())
    users = dict(session.execute(select(User.id, User.display_name)).all())
    for c in contacts:
        parts = [f"{c.minutes} Min."]
        if c.interventions:
            parts.append(", ".join(e.label for e in c.interventions))
        if c.created_by_id in users:
            parts.append(users[c.created_by_id])
        items.append(
            TimelineItem(
                c.contact_date,
                _stamp(c.created_at),
                "contact",
                f"Kontakt: {kinds.get(c.kind_id, '')}",
                " · ".join(parts),
                note=read_text(c.note_enc, "contact", c.id),
                ref_id=c.id,
            )
        )
    referrals = session.execute(
        select(Referral, Partner.name).join(Partner).where(Referral.case_id == case.id)
    ).all()
    handover = steps_of(session, [r.id for r, _ in referrals])
    for r, partner in referrals:
        need = f" · Bedarf: {kinds[r.need_id]}" if r.need_id in kinds else ""
        items.append(
            TimelineItem(
                r.referred_on,
                _stamp(r.created_at),
                "referral",
                f"Vermittlung an {partner}",
                f"{REFERRAL_STATUS_LABELS[r.status]} (seit {r.status_on:%d.%m.%Y}){need}",
                note=r.feedback,
                ref_id=r.id,
                ref_version=r.version,
                ref_status=r.status,
                steps=tuple(handover.get(r.id, {}).items()),
            )
        )
    for fu in session.scalars(select(FollowUp).where(FollowUp.case_id == case.id)):
        done = f"erledigt am {fu.done_on:%d.%m.%Y}" if fu.done_on else "offen"
        items.append(
            TimelineItem(
                fu.due_on,
                _stamp(fu.created_at),
                "follow_up",
                f"Wiedervorlage: {fu.text}",
                done,
                ref_id=fu.id,
                done=fu.done_on is not None,
            )
        )
    changes = session.scalars(
        select(CaseStatusChange).where(CaseStatusChange.case_id == case.id)
    ).all()
    for ch in changes:
        before = f"{CASE_STATUS_LABELS[ch.from_status]} → " if ch.from_status else ""
        items.append(
            TimelineItem(
                local_time(ch.changed_at).date(),
                _stamp(ch.changed_at),
                "status",
                f"Status: {before}{CASE_STATUS_LABELS[ch.to_status]}",
                users.get(ch.user_id, ""),
            )
        )
    return sorted(items, key=lambda i: (i.day, i.order), reverse=True)


# --- case list -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseFilter:
    search: str = ""
    status: str | None = None  # None: all; "aktiv": every status but closed
    problem_area_id: int | None = None
    urgency: str | None = None
    responsible_id: int | None = None
    overdue_only: bool = False


SORTS = {
    "opened_desc": "Neueste zuerst",
    "opened_asc": "Älteste zuerst",
    "last_contact": "Längster Kontakt zurück zuerst",
    "code": "Code",
}


@dataclass(frozen=True)
class CaseListRow:
    id: int
    pseudonym: str
    name: str
    status: str
    urgency: str
    opened_on: dt.date
    last_contact: dt.date | None
    next_due: dt.date | None
    responsible: str | None
    problem_areas: str


@dataclass(frozen=True)
class CaseListPage:
    rows: list[CaseListRow]
    total: int


def _case_query(
    session: Session, actor: Actor, flt: CaseFilter, today: dt.date
) -> tuple[Select, object, object]:
    last_contact = (
        select(Contact.case_id, func.max(Contact.contact_date).label("day"))
        .where(Contact.cooperative_id == actor.cooperative_id, Contact.case_id.is_not(None))
        .group_by(Contact.case_id)
        .subquery()
    )
    next_due = (
        select(FollowUp.case_id, func.min(FollowUp.due_on).label("day"))
        .where(FollowUp.done_on.is_(None))
        .group_by(FollowUp.case_id)
        .subquery()
    )
    query = (
        select(Case.id)
        .join(Person, Person.id == Case.person_id)
        .outerjoin(last_contact, last_contact.c.case_id == Case.id)
        .outerjoin(next_due, next_due.c.case_id == Case.id)
        .outerjoin(User, User.id == Case.responsible_user_id)
        .where(Case.cooperative_id == actor.cooperative_id)
    )
    if flt.search.strip():
        query = query.where(
            Person.id.in_(persons_matching(session, actor.cooperative_id, flt.search))
        )
    if flt.status == "aktiv":
        query = query.where(Case.status != "abgeschlossen")
    elif flt.status:
        query = query.where(Case.status == flt.status)
    if flt.problem_area_id:
        query = query.where(
            Case.id.in_(
                select(case_problem_area.c.case_id).where(
                    case_problem_area.c.entry_id == flt.problem_area_id
                )
            )
        )
    if flt.urgency:
        query = query.where(Case.urgency == flt.urgency)
    if flt.responsible_id:
        query = query.where(Case.responsible_user_id == flt.responsible_id)
    if flt.overdue_only:
        query = query.where(and_(next_due.c.day.is_not(None), next_due.c.day < today))
    return query, last_contact, next_due


def list_cases(
    session: Session,
    actor: Actor,
    flt: CaseFilter,
    today: dt.date,
    sort: str = "opened_desc",
    limit: int = 25,
    offset: int = 0,
) -> CaseListPage:
    """One page of the own cooperative's cases; filtering, sorting and paging in SQL."""
    require(actor, "case.read")
    query, last_contact, next_due = _case_query(session, actor, flt, today)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = {
        "opened_desc": [Case.opened_on.desc(), Case.id.desc()],
        "opened_asc": [Case.opened_on, Case.id],
        "last_contact": [func.coalesce(last_contact.c.day, Case.opened_on), Case.id],
        "code": [Person.pseudonym],
    }[sort if sort in SORTS else "opened_desc"]
    rows = session.execute(
        query.with_only_columns(
            Case.id,
            Person.pseudonym,
            Person.first_name,
            Person.last_name,
            Case.status,
            Case.urgency,
            Case.opened_on,
            last_contact.c.day,
            next_due.c.day,
            User.display_name,
        )
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    ).all()
    areas: dict[int, list[str]] = {}
    if rows:
        for case_id, label in session.execute(
            select(case_problem_area.c.case_id, CatalogueEntry.label)
            .join(CatalogueEntry, CatalogueEntry.id == case_problem_area.c.entry_id)
            .where(case_problem_area.c.case_id.in_([r[0] for r in rows]))
            .order_by(CatalogueEntry.sort_order)
        ):
            areas.setdefault(case_id, []).append(label)
    return CaseListPage(
        [
            CaseListRow(
                r[0],
                r[1],
                full_name(r[2], r[3]),
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                ", ".join(areas.get(r[0], [])),
            )
            for r in rows
        ],
        total,
    )


def responsible_options(session: Session, actor: Actor) -> dict[int, str]:
    """The Kümmerer of the own cooperative (id -> name), for filters and the case form."""
    require(actor, "case.read")
    return dict(
        session.execute(
            select(User.id, User.display_name)
            .where(
                User.cooperative_id == actor.cooperative_id,
                User.role == "kuemmerer",
                User.active.is_(True),
            )
            .order_by(User.display_name)
        ).all()
    )
