"""Who fits a help need: `rank` (pure) keeps the volunteers who offer that help, have time
when it is needed, go to that area and have hours left this month, best first and with
why; the others come with the reason they are left out. `confirm_match` makes a match the
need's plan, checking that need and volunteer are as the Kümmerer saw them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import HelpNeed, Volunteer, volunteer_offer
from services.actor import Actor
from services.audit import audit
from services.community import PLANNED
from services.errors import Conflict, Invalid
from services.help_needs import (
    PER_MONTH,
    NeedRow,
    area_keys,
    keys_of,
    list_needs,
    own_need,
)
from services.labels import DAYTIME_LABELS, WEEKDAY_NAMES
from services.permissions import require


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    version: int
    active: bool
    offers: frozenset[int]
    weekdays: tuple[str, ...]  # empty: any day, by arrangement
    daytimes: tuple[str, ...]
    areas: tuple[str, ...]  # normalised; empty: goes anywhere in the cooperative
    hours_per_month: float | None  # None: no limit given
    planned_hours: float  # a month's hours of the needs already planned with the person
    available_from: dt.date | None = None
    available_until: dt.date | None = None


@dataclass(frozen=True)
class Match:
    volunteer_id: int
    name: str
    version: int
    score: float
    reasons: tuple[str, ...]


def _hours(value: float) -> str:
    """8 → "8", 1.333 → "1,3" (German, one decimal at most)."""
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _need_days(need: NeedRow) -> set[str]:
    if need.on_date is not None and need.frequency == "einmalig":
        return {list(WEEKDAY_NAMES)[need.on_date.weekday()]}
    return set(need.weekdays) or (
        {list(WEEKDAY_NAMES)[need.on_date.weekday()]} if need.on_date else set()
    )


def _fit(need: NeedRow, c: Candidate, today: dt.date) -> tuple[float, list[str]] | str:
    """(score, reasons) when the candidate fits, else why not."""
    if not c.active:
        return "nicht aktiv"
    if need.kind_id not in c.offers:
        return f"bietet „{need.kind}“ nicht an"
    start = need.on_date or today
    if (c.available_until and c.available_until < start) or (
        c.available_from and need.on_date and c.available_from > need.on_date
    ):
        return "zu der Zeit nicht verfügbar"
    score, reasons = 2.0, [f"bietet „{need.kind}“ an"]
    days = _need_days(need)
    if c.weekdays:
        common = [d for d in WEEKDAY_NAMES if d in days and d in c.weekdays]
        if days and not common:
            return "hat an diesen Tagen keine Zeit"
        score += 1
        reasons.append("Zeit passt: " + " und ".join(WEEKDAY_NAMES[d] for d in common))
    else:
        reasons.append("Tage nach Absprache")
    if c.daytimes and need.daytimes:
        common_times = [t for t in DAYTIME_LABELS if t in need.daytimes and t in c.daytimes]
        if not common_times:
            return "hat zu dieser Tageszeit keine Zeit"
        score += 0.5
        reasons[-1] += " " + " oder ".join(common_times)
    area = area_keys(need.area)[0] if area_keys(need.area) else ""
    if c.areas:
        if area not in c.areas:
            return f"geht nicht nach {need.area}"
        score += 2
        reasons.append(f"Quartier passt: {need.area}")
    else:
        score += 1
        reasons.append("geht überall hin")
    if c.hours_per_month is not None:
        left = c.hours_per_month - c.planned_hours
        if need.monthly_hours > left + 1e-9:
            return f"nur noch {_hours(max(left, 0))} Std. im Monat frei"
        score += left / c.hours_per_month  # more room left: a little better
        reasons.append(f"noch {_hours(left)} von {_hours(c.hours_per_month)} Std. im Monat frei")
    return score, reasons


def rank(
    need: NeedRow, candidates: list[Candidate], today: dt.date
) -> tuple[list[Match], list[tuple[int, str, str]]]:
    """The fitting volunteers, best first (then the least busy, then by name), and the
    others (id, name, the reason each is left out)."""
    matches, left_out = [], []
    for c in candidates:
        fit = _fit(need, c, today)
        if isinstance(fit, str):
            left_out.append((c.id, c.name, fit))
        else:
            matches.append((fit[0], -c.planned_hours, c, fit[1]))
    matches.sort(key=lambda m: (-m[0], -m[1], m[2].name))
    return [Match(c.id, c.name, c.version, s, tuple(r)) for s, _, c, r in matches], left_out


def candidates(session: Session, actor: Actor, except_need: int | None = None) -> list[Candidate]:
    """The own cooperative's volunteers with what they offer and the hours already planned
    (live needs matched to them, ``except_need`` left out)."""
    require(actor, "community.write")
    volunteers = session.scalars(
        select(Volunteer)
        .where(Volunteer.cooperative_id == actor.cooperative_id)
        .order_by(Volunteer.last_name, Volunteer.first_name)
    ).all()
    offers: dict[int, set[int]] = {}
    for vid, eid in session.execute(
        select(volunteer_offer.c.volunteer_id, volunteer_offer.c.entry_id)
        .join(Volunteer, Volunteer.id == volunteer_offer.c.volunteer_id)
        .where(Volunteer.cooperative_id == actor.cooperative_id)
    ):
        offers.setdefault(vid, set()).add(eid)
    planned: dict[int, float] = {}
    for vid, freq, hours in session.execute(
        select(HelpNeed.volunteer_id, HelpNeed.frequency, HelpNeed.hours).where(
            HelpNeed.cooperative_id == actor.cooperative_id,
            HelpNeed.status == "vermittelt",
            HelpNeed.id != (except_need or 0),
        )
    ):
        planned[vid] = planned.get(vid, 0.0) + float(hours) * PER_MONTH[freq]
    return [
        Candidate(
            v.id,
            f"{v.first_name} {v.last_name}",
            v.version,
            v.active,
            frozenset(offers.get(v.id, ())),
            keys_of(v.weekdays),
            keys_of(v.daytimes),
            area_keys(v.areas),
            float(v.hours_per_month) if v.hours_per_month is not None else None,
            planned.get(v.id, 0.0),
            v.available_from,
            v.available_until,
        )  # fmt: skip
        for v in volunteers
    ]


def suggestions(
    session: Session, actor: Actor, need_id: int, today: dt.date
) -> tuple[NeedRow, list[Match], list[tuple[int, str, str]]]:
    need = next((n for n in list_needs(session, actor) if n.id == need_id), None)
    if need is None:
        own_need(session, actor, need_id)  # raises NotFound
    return need, *rank(need, candidates(session, actor, need_id), today)


def confirm_match(
    session: Session,
    actor: Actor,
    need_id: int,
    need_version: int,
    volunteer_id: int,
    volunteer_version: int,
    today: dt.date,
) -> HelpNeed:
    """The suggested volunteer becomes the need's helper. A need or volunteer changed since
    the suggestion was shown (deactivated, hours given away) is a Conflict: nothing saved."""
    need = own_need(session, actor, need_id)
    volunteer = session.get(Volunteer, volunteer_id)
    if need.version != need_version or need.status != "offen":
        raise Conflict(
            "Dieser Hilfebedarf wurde inzwischen geändert oder schon vermittelt. Die Seite "
            "zeigt jetzt den aktuellen Stand."
        )
    if volunteer is None or volunteer.cooperative_id != actor.cooperative_id:
        raise Invalid({"volunteer_id": "Diese ehrenamtliche Person gibt es nicht."})
    if volunteer.version != volunteer_version or not volunteer.active:
        raise Conflict(
            f"Die Angaben von {volunteer.first_name} {volunteer.last_name} wurden inzwischen "
            "geändert (z. B. deaktiviert). Bitte prüfen Sie die Vorschläge neu."
        )
    _, matches, left_out = suggestions(session, actor, need.id, today)
    if volunteer.id not in {m.volunteer_id for m in matches}:
        why = next((w for vid, _, w in left_out if vid == volunteer.id), "")
        raise Invalid({"volunteer_id": f"Die Person passt nicht mehr: {why}."})
    need.volunteer_id, need.status, need.matched_on = volunteer.id, "vermittelt", today
    session.flush()
    audit(session, actor, "need_matched", "help_need", need.id, volunteer=volunteer.id)
    return need


@dataclass(frozen=True)
class HelpCounts:
    open_needs: int
    free_volunteers: int  # active, nothing planned with them


def help_counts(session: Session, actor: Actor) -> HelpCounts:
    """For Start and Quartier & Ehrenamt (the own cooperative)."""
    require(actor, "community.write")
    coop = actor.cooperative_id
    open_needs = session.scalar(
        select(func.count()).where(HelpNeed.cooperative_id == coop, HelpNeed.status == "offen")
    )
    free = session.scalar(
        select(func.count()).where(
            Volunteer.cooperative_id == coop,
            Volunteer.active.is_(True),
            Volunteer.id.not_in(PLANNED),
        )
    )
    return HelpCounts(open_needs or 0, free or 0)
