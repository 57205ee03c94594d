"""Quartier & Ehrenamt: neighbourhood activities, volunteers and their assignments (own
cooperative); for Koordination only counts and hours, suppressed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from config import local_today
from db.models import (
    Activity,
    CatalogueEntry,
    Cooperative,
    HelpNeed,
    Partner,
    Volunteer,
    VolunteerAssignment,
    activity_partner,
    activity_volunteer,
)
from services.actor import Actor
from services.audit import audit
from services.case_records import load_case
from services.catalogues import chosen_entries
from services.errors import Invalid, NotAllowed, NotFound, limits, too_long
from services.indicators.groups.neighbourhood import ATTENDANCE
from services.permissions import require
from services.suppression import Rule, counted_by, counting, protect

MAX_PARTICIPANTS = 10_000
IDLE_DAYS = 90


# --- activities ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ActivityData:
    held_on: dt.date | None
    title: str
    kind_id: int | None
    participants: int | None
    volunteer_ids: tuple[int, ...] = ()
    partner_ids: tuple[int, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class ActivityRow:
    id: int
    held_on: dt.date
    title: str
    kind: str
    participants: int
    volunteers: int
    partners: int


def _own_volunteers(session: Session, actor: Actor, ids: tuple[int, ...]) -> list[Volunteer]:
    """The volunteers for ids; one of another cooperative counts as not existing."""
    if not ids:
        return []
    found = session.scalars(
        select(Volunteer).where(
            Volunteer.id.in_(set(ids)), Volunteer.cooperative_id == actor.cooperative_id
        )
    ).all()
    if len(found) != len(set(ids)):
        raise NotFound("Eine gewählte ehrenamtliche Person gibt es nicht.")
    return list(found)


def activity_errors(session: Session, data: ActivityData) -> dict[str, str]:
    errors = {}
    if data.held_on is None:
        errors["held_on"] = "Bitte geben Sie das Datum an."
    if not data.title.strip():
        errors["title"] = "Bitte geben Sie einen Titel ein."
    errors |= too_long(data, limits(Activity, "title", "notes"))
    if data.kind_id is None or not chosen_entries(session, "activity_kind", [data.kind_id]):
        errors["kind_id"] = "Bitte wählen Sie die Art."
    if data.participants is None or not 0 <= data.participants <= MAX_PARTICIPANTS:
        errors["participants"] = "Die Teilnehmerzahl muss zwischen 0 und 10.000 liegen."
    return errors


def record_activity(session: Session, actor: Actor, data: ActivityData) -> Activity:
    require(actor, "community.write")
    if errors := activity_errors(session, data):
        raise Invalid(errors)
    activity = Activity(
        cooperative_id=actor.cooperative_id,
        held_on=data.held_on,
        title=data.title.strip(),
        kind_id=data.kind_id,
        participants=data.participants,
        notes=data.notes.strip() or None,
        created_by_id=actor.user_id,
        volunteers=_own_volunteers(session, actor, data.volunteer_ids),
        partners=list(session.scalars(select(Partner).where(Partner.id.in_(data.partner_ids)))),
    )
    session.add(activity)
    session.flush()
    audit(session, actor, "activity_recorded", "activity", activity.id)
    return activity


def copy_activity(session: Session, actor: Actor, activity_id: int, held_on: dt.date) -> Activity:
    """A recurring activity (the monthly coffee afternoon) on a new date, in one click."""
    require(actor, "community.write")
    source = session.get(Activity, activity_id)
    if source is None or source.cooperative_id != actor.cooperative_id:
        raise NotFound("Diese Aktivität gibt es nicht.")
    data = ActivityData(
        held_on,
        source.title,
        source.kind_id,
        source.participants,
        tuple(v.id for v in source.volunteers),
        tuple(p.id for p in source.partners),
        source.notes or "",
    )
    return record_activity(session, actor, data)


def list_activities(
    session: Session,
    actor: Actor,
    date_from: dt.date,
    date_to: dt.date,
    kind_id: int | None = None,
) -> list[ActivityRow]:
    require(actor, "community.write")
    volunteers = (
        select(func.count()).where(activity_volunteer.c.activity_id == Activity.id)
    ).scalar_subquery()
    partners = (
        select(func.count()).where(activity_partner.c.activity_id == Activity.id)
    ).scalar_subquery()
    query = (
        select(
            Activity.id,
            Activity.held_on,
            Activity.title,
            CatalogueEntry.label,
            Activity.participants,
            volunteers,
            partners,
        )
        .join(CatalogueEntry, CatalogueEntry.id == Activity.kind_id)
        .where(
            Activity.cooperative_id == actor.cooperative_id,
            Activity.held_on.between(date_from, date_to),
        )
        .order_by(Activity.held_on.desc(), Activity.id.desc())
    )
    if kind_id:
        query = query.where(Activity.kind_id == kind_id)
    return [ActivityRow(*r) for r in session.execute(query)]


# --- volunteers ----------------------------------------------------------------------------
@dataclass(frozen=True)
class VolunteerData:
    first_name: str
    last_name: str
    phone: str = ""
    email: str = ""
    qualification: str = ""
    availability: str = ""
    active: bool = True


@dataclass(frozen=True)
class VolunteerRow:
    id: int
    name: str
    phone: str | None
    qualification: str | None
    availability: str | None
    active: bool
    last_assignment: dt.date | None
    hours_12m: Decimal

    def idle(self, today: dt.date) -> bool:
        return self.active and (
            self.last_assignment is None or (today - self.last_assignment).days > IDLE_DAYS
        )


def volunteer_errors(data: VolunteerData) -> dict[str, str]:
    errors = {}
    if not data.first_name.strip():
        errors["first_name"] = "Bitte geben Sie den Vornamen ein."
    if not data.last_name.strip():
        errors["last_name"] = "Bitte geben Sie den Nachnamen ein."
    if data.email.strip() and "@" not in data.email:
        errors["email"] = "Die E-Mail-Adresse ist ungültig."
    fields = ("first_name", "last_name", "phone", "email", "qualification", "availability")
    return too_long(data, limits(Volunteer, *fields)) | errors


def _apply_volunteer(v: Volunteer, data: VolunteerData) -> None:
    v.first_name, v.last_name = data.first_name.strip(), data.last_name.strip()
    for name in ("phone", "email", "qualification", "availability"):
        setattr(v, name, getattr(data, name).strip() or None)
    v.active = data.active


def save_volunteer(
    session: Session, actor: Actor, data: VolunteerData, volunteer_id: int | None = None
) -> Volunteer:
    """Create (no id) or update a volunteer of the own cooperative."""
    require(actor, "community.write")
    volunteer = Volunteer(cooperative_id=actor.cooperative_id)
    if volunteer_id is not None:
        volunteer = _volunteer(session, actor, volunteer_id)
    if errors := volunteer_errors(data):
        raise Invalid(errors)
    _apply_volunteer(volunteer, data)
    session.add(volunteer)
    session.flush()
    action = "volunteer_updated" if volunteer_id else "volunteer_created"
    audit(session, actor, action, "volunteer", volunteer.id)
    return volunteer


def _volunteer(session: Session, actor: Actor, volunteer_id: int) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.cooperative_id != actor.cooperative_id:
        raise NotFound("Diese ehrenamtliche Person gibt es nicht.")
    return volunteer


def list_volunteers(
    session: Session, actor: Actor, today: dt.date | None = None
) -> list[VolunteerRow]:
    require(actor, "community.write")
    today = today or local_today()
    year_ago = today - dt.timedelta(days=365)
    stats = (
        select(
            VolunteerAssignment.volunteer_id,
            func.max(VolunteerAssignment.assigned_on).label("last"),
            func.sum(
                case(
                    (VolunteerAssignment.assigned_on > year_ago, VolunteerAssignment.hours), else_=0
                )
            ).label("hours"),
        )
        .group_by(VolunteerAssignment.volunteer_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Volunteer.id,
            Volunteer.first_name + " " + Volunteer.last_name,
            Volunteer.phone,
            Volunteer.qualification,
            Volunteer.availability,
            Volunteer.active,
            stats.c.last,
            func.coalesce(stats.c.hours, 0),
        )
        .outerjoin(stats, stats.c.volunteer_id == Volunteer.id)
        .where(Volunteer.cooperative_id == actor.cooperative_id)
        .order_by(Volunteer.active.desc(), Volunteer.last_name, Volunteer.first_name)
    )
    return [VolunteerRow(*r[:7], Decimal(str(r[7]))) for r in rows]


@dataclass(frozen=True)
class AssignmentData:
    volunteer_id: int | None
    assigned_on: dt.date | None
    hours: str | float | Decimal | None
    case_id: int | None = None  # None: anonymous help
    activity: str = ""
    need_id: int | None = None  # the help need the assignment serves


def record_assignment(
    session: Session, actor: Actor, data: AssignmentData, today: dt.date | None = None
) -> VolunteerAssignment:
    require(actor, "community.write")
    errors = {}
    volunteer = None
    if data.volunteer_id is None:
        errors["volunteer_id"] = "Bitte wählen Sie die ehrenamtliche Person."
    else:
        try:
            volunteer = _volunteer(session, actor, data.volunteer_id)
        except NotFound as exc:
            errors["volunteer_id"] = str(exc)
    try:
        hours = Decimal(str(data.hours).replace(",", ".")) if data.hours is not None else None
    except InvalidOperation:
        hours = None
    if hours is None or not Decimal("0") < hours <= Decimal("24"):
        errors["hours"] = "Die Stunden müssen größer als 0 und höchstens 24 sein."
    if data.assigned_on is None or data.assigned_on > (today or local_today()):
        errors["assigned_on"] = "Das Datum fehlt oder liegt in der Zukunft."
    case_ = None
    if data.case_id is not None:
        try:
            case_ = load_case(session, actor, data.case_id)
        except (NotFound, NotAllowed):
            errors["case_id"] = "Diesen Fall gibt es nicht."
    errors |= too_long(data, limits(VolunteerAssignment, "activity"))
    need = session.get(HelpNeed, data.need_id) if data.need_id else None
    if data.need_id and (need is None or need.cooperative_id != actor.cooperative_id):
        errors["need_id"] = "Diesen Hilfebedarf gibt es nicht."
    elif need and volunteer and need.volunteer_id not in (None, volunteer.id):
        errors["need_id"] = "Dieser Hilfebedarf ist an eine andere Person vermittelt."
    if errors:
        raise Invalid(errors)
    assignment = VolunteerAssignment(
        volunteer_id=volunteer.id,
        case_id=case_.id if case_ else None,
        person_id=case_.person_id if case_ else None,
        assigned_on=data.assigned_on,
        hours=hours.quantize(Decimal("0.01")),
        activity=data.activity.strip() or None,
        need_id=need.id if need else None,
    )
    session.add(assignment)
    session.flush()
    audit(session, actor, "assignment_recorded", "volunteer_assignment", assignment.id)
    return assignment


@dataclass(frozen=True)
class VolunteerDetail:
    row: VolunteerRow
    email: str | None
    hours_by_month: list[tuple[str, Decimal]]  # ("2026-11", hours), newest first
    assignments: list[tuple[dt.date, Decimal, str | None, int | None]]  # day, hours, what, case


def volunteer_detail(
    session: Session, actor: Actor, volunteer_id: int, today: dt.date | None = None
) -> VolunteerDetail:
    volunteer = _volunteer(session, actor, volunteer_id)
    row = next(r for r in list_volunteers(session, actor, today) if r.id == volunteer.id)
    items = session.execute(
        select(
            VolunteerAssignment.assigned_on,
            VolunteerAssignment.hours,
            VolunteerAssignment.activity,
            VolunteerAssignment.case_id,
        )
        .where(VolunteerAssignment.volunteer_id == volunteer.id)
        .order_by(VolunteerAssignment.assigned_on.desc())
    ).all()
    months: dict[str, Decimal] = {}
    for day, hours, _, _ in items:
        months[f"{day:%Y-%m}"] = months.get(f"{day:%Y-%m}", Decimal(0)) + Decimal(str(hours))
    return VolunteerDetail(
        row,
        volunteer.email,
        sorted(months.items(), reverse=True),
        [(d, Decimal(str(h)), a, c) for d, h, a, c in items],
    )


# --- Koordination: counts only -------------------------------------------------------------
# volunteers with a help need planned now (services.help_matching)
PLANNED = select(HelpNeed.volunteer_id).where(
    HelpNeed.status == "vermittelt", HelpNeed.volunteer_id.is_not(None)
)


@dataclass(frozen=True)
class CommunityFigures:
    cooperative: str
    activities: int | None  # None: withheld (1–4)
    participants: int | None
    active_volunteers: int | None
    volunteer_hours: Decimal | None  # hidden with a suppressed volunteer count
    open_needs: int | None = None  # help needs looking for a helper now
    free_volunteers: int | None = None  # active volunteers with nothing planned now


def community_overview(
    session: Session, actor: Actor, today: dt.date | None = None
) -> list[CommunityFigures]:
    """Per cooperative, last 12 months: activities, participants, active volunteers and their
    hours. Volunteers are persons: small counts are suppressed and then their hours hidden."""
    require(actor, "community.read_aggregate")
    since = (today or local_today()) - dt.timedelta(days=365)
    found = counted_by(
        session,
        (Activity.cooperative_id, ATTENDANCE, Activity.held_on > since),
        (Volunteer.cooperative_id, counting({"volunteers": (None, Volunteer.record_key)}),
         Volunteer.active.is_(True)),
        (HelpNeed.cooperative_id, counting({"open_needs": (None, HelpNeed.record_key)}),
         HelpNeed.status == "offen"),
        (Volunteer.cooperative_id, counting({"free": (None, Volunteer.record_key)}),
         Volunteer.active.is_(True), Volunteer.id.not_in(PLANNED)),
    )  # fmt: skip
    hours = dict(
        session.execute(
            select(Volunteer.cooperative_id, func.sum(VolunteerAssignment.hours))
            .join(Volunteer, Volunteer.id == VolunteerAssignment.volunteer_id)
            .where(VolunteerAssignment.assigned_on > since)
            .group_by(Volunteer.cooperative_id)
        ).all()
    )
    coops = session.execute(
        select(Cooperative.id, Cooperative.name)
        .where(Cooperative.active.is_(True))
        .order_by(Cooperative.name)
    ).all()
    # volunteers are persons: their hours follow their count
    shown = protect(
        [found.get(cid, {}) | {"hours": float(hours.get(cid) or 0)} for cid, _ in coops],
        [False] * len(coops),
        Rule(
            ("activities", "participants", "volunteers", "open_needs", "free"),
            follows={"hours": "volunteers"},
        ),
    )
    return [
        CommunityFigures(
            name,
            row["activities"],
            row["participants"],
            row["volunteers"],
            None if row["hours"] is None else Decimal(str(round(row["hours"], 2))),
            row["open_needs"],
            row["free"],
        )
        for (cid, name), row in zip(coops, shown)
    ]
