"""Neighbourhood help that finds its helper: a Kümmerer posts a need without naming the
tenant (what, where, when, how often), volunteers say what they offer, when, where and how
many hours a month; `rank` suggests who fits, with why, and `confirm_match` makes the
match the need's plan (its hours then come from assignments, as before). The own
cooperative only; Koordination sees protected counts (services.community)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import local_today
from db.models import (
    DAYTIMES,
    NEED_FREQUENCIES,
    WEEKDAYS,
    Case,
    CatalogueEntry,
    HelpNeed,
    Person,
    Volunteer,
)
from services.actor import Actor
from services.audit import audit
from services.case_records import load_case
from services.catalogues import chosen_entries
from services.errors import Conflict, Invalid, NotAllowed, NotFound, limits, too_long
from services.labels import (
    DAYTIME_LABELS,
    NEED_FREQUENCY_LABELS,
    NEED_STATUS_LABELS,
    WEEKDAY_LABELS,
    WEEKDAY_NAMES,
)
from services.permissions import require

# how often a need comes round in a month, for the volunteer's monthly hours
PER_MONTH = {"einmalig": 1.0, "woechentlich": 52 / 12, "vierzehntaegig": 26 / 12, "monatlich": 1.0}
LIVE = ("offen", "vermittelt")  # a need that still counts: open, or planned with a helper


@dataclass(frozen=True)
class NeedData:
    kind_id: int | None = field(
        default=None, metadata={"label": "Was wird gebraucht?", "choices": "help_kind"}
    )
    area: str = field(default="", metadata={"label": "Wo? (Haus oder Quartier)"})
    weekdays: tuple[str, ...] = field(
        default=(), metadata={"label": "An welchen Tagen?", "choices": WEEKDAY_LABELS}
    )
    daytimes: tuple[str, ...] = field(
        default=(), metadata={"label": "Tageszeit", "choices": DAYTIME_LABELS}
    )
    on_date: dt.date | None = field(default=None, metadata={"label": "oder am (Datum)"})
    frequency: str = field(
        default="einmalig", metadata={"label": "Wie oft?", "choices": NEED_FREQUENCY_LABELS}
    )
    hours: float | None = field(default=2.0, metadata={"label": "Stunden je Einsatz"})
    note: str = field(default="", metadata={"label": "Hinweis für die helfende Person"})
    case_id: int | None = field(default=None, metadata={"label": "Für welchen Fall? (optional)"})


@dataclass(frozen=True)
class OfferData:
    offer_ids: tuple[int, ...] = field(
        default=(), metadata={"label": "Was bietet die Person an?", "choices": "help_kind"}
    )
    weekdays: tuple[str, ...] = field(
        default=(), metadata={"label": "An welchen Tagen?", "choices": WEEKDAY_LABELS}
    )
    daytimes: tuple[str, ...] = field(
        default=(), metadata={"label": "Tageszeit", "choices": DAYTIME_LABELS}
    )
    areas: str = field(
        default="", metadata={"label": "Wohin geht sie? (Quartiere, mit Komma; leer: überall)"}
    )
    hours_per_month: float | None = field(
        default=None, metadata={"label": "Stunden im Monat (höchstens)"}
    )
    available_from: dt.date | None = field(default=None, metadata={"label": "Verfügbar ab"})
    available_until: dt.date | None = field(default=None, metadata={"label": "Verfügbar bis"})


def when_text(weekdays: tuple[str, ...], daytimes: tuple[str, ...], on: dt.date | None) -> str:
    """'dienstags und donnerstags vormittags', 'am 12.12.2026 nachmittags', 'nach Absprache'."""
    days = [WEEKDAY_NAMES[d] for d in WEEKDAYS if d in weekdays]
    if set(weekdays) >= set(WEEKDAYS):
        days = ["täglich"]
    elif set(weekdays) == set(WEEKDAYS[:5]):
        days = ["werktags"]
    parts = [f"am {on:%d.%m.%Y}"] if on else [" und ".join(days)] if days else []
    parts += [" oder ".join(DAYTIME_LABELS[t] for t in DAYTIMES if t in daytimes)]
    return " ".join(p for p in parts if p) or "nach Absprache"


def keys_of(text: str) -> tuple[str, ...]:
    return tuple(k for k in (text or "").split(",") if k)


def area_keys(text: str | None) -> tuple[str, ...]:
    """Neighbourhoods as typed, for comparing: without case and extra spaces."""
    return tuple(" ".join(a.split()).casefold() for a in (text or "").split(",") if a.strip())


def _hours(value: object, low: Decimal, high: Decimal) -> Decimal | None:
    try:
        hours = Decimal(str(value).replace(",", ".")) if value not in (None, "") else None
    except InvalidOperation:
        return None
    return hours if hours is not None and low < hours <= high else None


# --- needs -------------------------------------------------------------------------------------
def _need_errors(session: Session, actor: Actor, data: NeedData, today: dt.date) -> dict:
    errors: dict[str, str] = {}
    if not data.kind_id or not chosen_entries(session, "help_kind", [data.kind_id]):
        errors["kind_id"] = "Bitte wählen Sie, was gebraucht wird."
    if not data.area.strip():
        errors["area"] = "Bitte geben Sie das Haus oder Quartier an (ohne Namen der Person)."
    if not set(data.weekdays) <= set(WEEKDAYS) or not set(data.daytimes) <= set(DAYTIMES):
        errors["weekdays"] = "Bitte wählen Sie Tage aus der Liste."
    elif not data.weekdays and data.on_date is None:
        errors["weekdays"] = "Bitte wählen Sie Tage oder ein Datum."
    if data.on_date is not None and data.on_date < today:
        errors["on_date"] = "Das Datum liegt in der Vergangenheit."
    if data.frequency not in NEED_FREQUENCIES:
        errors["frequency"] = "Bitte wählen Sie, wie oft."
    if _hours(data.hours, Decimal(0), Decimal(24)) is None:
        errors["hours"] = "Die Stunden müssen größer als 0 und höchstens 24 sein."
    if data.case_id is not None:
        try:
            load_case(session, actor, data.case_id)
        except (NotFound, NotAllowed):
            errors["case_id"] = "Diesen Fall gibt es nicht."
    return too_long(data, limits(HelpNeed, "area", "note")) | errors


def post_need(
    session: Session, actor: Actor, data: NeedData, today: dt.date | None = None
) -> HelpNeed:
    require(actor, "community.write")
    today = today or local_today()
    if errors := _need_errors(session, actor, data, today):
        raise Invalid(errors)
    need = HelpNeed(
        cooperative_id=actor.cooperative_id,
        kind_id=data.kind_id,
        area=" ".join(data.area.split()),
        weekdays=",".join(d for d in WEEKDAYS if d in data.weekdays),
        daytimes=",".join(t for t in DAYTIMES if t in data.daytimes),
        on_date=data.on_date,
        frequency=data.frequency,
        hours=_hours(data.hours, Decimal(0), Decimal(24)),
        case_id=data.case_id,
        note=data.note.strip() or None,
        status="offen",
        posted_on=today,
        created_by_id=actor.user_id,
    )
    session.add(need)
    session.flush()
    audit(session, actor, "need_posted", "help_need", need.id)
    return need


@dataclass(frozen=True)
class NeedRow:
    id: int
    version: int
    kind_id: int
    kind: str
    area: str
    weekdays: tuple[str, ...]
    daytimes: tuple[str, ...]
    on_date: dt.date | None
    frequency: str
    hours: float
    status: str
    posted_on: dt.date
    note: str | None
    volunteer: str | None  # the matched helper
    case: str | None  # the case's code, inside the cooperative

    @property
    def when(self) -> str:
        return when_text(self.weekdays, self.daytimes, self.on_date)

    @property
    def monthly_hours(self) -> float:
        return self.hours * PER_MONTH[self.frequency]

    @property
    def summary(self) -> str:
        often = NEED_FREQUENCY_LABELS[self.frequency]
        hours = f"{self.hours:g}".replace(".", ",")
        return f"{self.kind} · {self.area} · {self.when} · {often}, je {hours} Std."

    @property
    def status_label(self) -> str:
        return NEED_STATUS_LABELS[self.status]


def own_need(session: Session, actor: Actor, need_id: int) -> HelpNeed:
    require(actor, "community.write")
    need = session.get(HelpNeed, need_id)
    if need is None or need.cooperative_id != actor.cooperative_id:
        raise NotFound("Diesen Hilfebedarf gibt es nicht.")
    return need


def list_needs(session: Session, actor: Actor, live_only: bool = False) -> list[NeedRow]:
    """The own cooperative's needs: open ones first, then planned, then the rest, newest
    first within each."""
    require(actor, "community.write")
    query = (
        select(HelpNeed, CatalogueEntry.label, Volunteer.first_name, Volunteer.last_name,
               Person.pseudonym)
        .join(CatalogueEntry, CatalogueEntry.id == HelpNeed.kind_id)
        .outerjoin(Volunteer, Volunteer.id == HelpNeed.volunteer_id)
        .outerjoin(Case, Case.id == HelpNeed.case_id)
        .outerjoin(Person, Person.id == Case.person_id)
        .where(HelpNeed.cooperative_id == actor.cooperative_id)
    )  # fmt: skip
    if live_only:
        query = query.where(HelpNeed.status.in_(LIVE))
    order = {"offen": 0, "vermittelt": 1}
    found = [
        NeedRow(
            n.id,
            n.version,
            n.kind_id,
            kind,
            n.area,
            keys_of(n.weekdays),
            keys_of(n.daytimes),
            n.on_date,
            n.frequency,
            float(n.hours),
            n.status,
            n.posted_on,
            n.note,
            f"{first} {last}" if first else None,
            code,
        )  # fmt: skip
        for n, kind, first, last, code in session.execute(query)
    ]
    return sorted(found, key=lambda r: (order.get(r.status, 2), -r.posted_on.toordinal(), -r.id))


def close_need(session: Session, actor: Actor, need_id: int, version: int, status: str) -> None:
    """Done, or no longer needed."""
    need = own_need(session, actor, need_id)
    if status not in ("erledigt", "zurueckgezogen"):
        raise Invalid({"status": "Bitte wählen Sie „erledigt“ oder „zurückgezogen“."})
    if need.version != version:
        raise Conflict("Dieser Hilfebedarf wurde inzwischen geändert. Bitte prüfen Sie ihn neu.")
    need.status = status
    session.flush()
    audit(session, actor, "need_closed", "help_need", need.id, status=status)


# --- what volunteers offer -------------------------------------------------------------------
def save_offer(
    session: Session, actor: Actor, volunteer_id: int, data: OfferData, version: int
) -> Volunteer:
    require(actor, "community.write")
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.cooperative_id != actor.cooperative_id:
        raise NotFound("Diese ehrenamtliche Person gibt es nicht.")
    errors: dict[str, str] = {}
    offers = chosen_entries(session, "help_kind", list(data.offer_ids))
    if len(offers) != len(set(data.offer_ids)):
        errors["offer_ids"] = "Eine gewählte Hilfe gibt es nicht mehr."
    if not set(data.weekdays) <= set(WEEKDAYS) or not set(data.daytimes) <= set(DAYTIMES):
        errors["weekdays"] = "Bitte wählen Sie Tage aus der Liste."
    hours = _hours(data.hours_per_month, Decimal(0), Decimal(200))
    if data.hours_per_month not in (None, "") and hours is None:
        errors["hours_per_month"] = "Bitte mehr als 0 und höchstens 200 Stunden im Monat."
    start, end = data.available_from, data.available_until
    if start and end and end < start:
        errors["available_until"] = "Das Ende liegt vor dem Beginn."
    errors = too_long(data, limits(Volunteer, "areas")) | errors
    if errors:
        raise Invalid(errors)
    if volunteer.version != version:
        raise Conflict("Die Angaben wurden inzwischen geändert. Bitte prüfen Sie sie neu.")
    volunteer.offers = offers
    volunteer.weekdays = ",".join(d for d in WEEKDAYS if d in data.weekdays)
    volunteer.daytimes = ",".join(t for t in DAYTIMES if t in data.daytimes)
    volunteer.areas = ", ".join(a.strip() for a in data.areas.split(",") if a.strip()) or None
    volunteer.hours_per_month = hours
    volunteer.available_from, volunteer.available_until = start, end
    session.flush()
    audit(session, actor, "volunteer_offer_saved", "volunteer", volunteer.id)
    return volunteer


def offer_of(session: Session, actor: Actor, volunteer_id: int) -> tuple[OfferData, int]:
    """The volunteer's offer as the form shows it, with the version it was read at."""
    require(actor, "community.write")
    v = session.get(Volunteer, volunteer_id)
    if v is None or v.cooperative_id != actor.cooperative_id:
        raise NotFound("Diese ehrenamtliche Person gibt es nicht.")
    data = OfferData(
        tuple(e.id for e in v.offers), keys_of(v.weekdays), keys_of(v.daytimes), v.areas or "",
        float(v.hours_per_month) if v.hours_per_month is not None else None,
        v.available_from, v.available_until,
    )  # fmt: skip
    return data, v.version
