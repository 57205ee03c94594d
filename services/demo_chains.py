"""Demo data for the chains of help, drawn from a generator of their own (the rest of the
demo stays as its seed made it): the warm handover of about half the referrals, what the
volunteers offer, when and where, a few help needs per cooperative (open, planned with a
fitting volunteer, done) and the Kümmerer's office numbers for the notices."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    HANDOVER_STEPS,
    Case,
    Cooperative,
    HelpNeed,
    Partner,
    Referral,
    ReferralStep,
    User,
    Volunteer,
    volunteer_offer,
)
from db.record_keys import RANGE
from services.catalogues import entry_ids

AREAS = {
    "Chemnitz": ["Kaßberg", "Sonnenberg", "Yorckgebiet"],
    "Zwickau": ["Marienthal", "Eckersbach", "Neuplanitz"],
    "Leipzig": ["Grünau", "Paunsdorf", "Schönefeld"],
    "Dresden": ["Gorbitz", "Prohlis", "Johannstadt"],
}
DEFAULT_AREAS = ["Innenstadt", "Nord", "Süd"]


def seed_chains(session: Session, seed: int, start: dt.date, until: dt.date) -> dict[str, int]:
    """Add the chains of help to the seeded demo; returns what was added."""
    rng = random.Random(seed + 23)
    _partner_history(session, random.Random(seed + 24), start, until)
    _asked_again(session, rng, until)
    steps = _handover(session, rng, until)
    kinds = entry_ids(session, "help_kind")
    needs = 0
    for n, coop in enumerate(session.scalars(select(Cooperative).order_by(Cooperative.id))):
        areas = AREAS.get(coop.city, DEFAULT_AREAS)
        volunteers = _offers(session, rng, coop, kinds, areas)
        needs += _needs(session, rng, coop, kinds, areas, volunteers, until)
        for user in session.scalars(
            select(User).where(User.cooperative_id == coop.id, User.role == "kuemmerer")
        ):
            user.phone = f"0371 4{n:02d}{rng.randrange(1000, 9999)}"
    session.flush()
    return {"handover_steps": steps, "help_needs": needs}


def _partner_history(session: Session, rng: random.Random, start: dt.date, until: dt.date):
    """The directory grew: most partners were listed before the demo's two years, the others
    joined during them — each before its first referral (not all on the day of seeding)."""
    first = dict(
        session.execute(
            select(Referral.partner_id, func.min(Referral.referred_on)).group_by(
                Referral.partner_id
            )
        ).all()
    )
    for pid in session.scalars(select(Partner.id).order_by(Partner.id)).all():
        latest = min(first.get(pid, until), until)
        if rng.random() < 0.6 or latest <= start:
            day = start - dt.timedelta(days=rng.randint(30, 700))
        else:
            day = start + dt.timedelta(days=rng.randint(0, (latest - start).days))
        at = dt.datetime.combine(day, dt.time(9), dt.UTC)
        listed = Partner.__table__.update().where(Partner.id == pid)
        session.execute(listed.values(created_at=at, updated_at=at))
        # checked at the earliest when it was listed
        session.execute(listed.where(Partner.last_verified_on < day).values(last_verified_on=day))


def _asked_again(session: Session, rng: random.Random, until: dt.date) -> None:
    """A referral still "angefragt" after weeks was asked about again since: its status day
    is recent (a few are due for feedback now, as in real work)."""
    waiting = session.execute(
        select(Referral.id, Referral.status_on)
        .where(Referral.status == "angefragt", Referral.status_on < until - dt.timedelta(25))
        .order_by(Referral.id)
    ).all()
    for rid, _ in waiting:
        day = until - dt.timedelta(days=rng.randint(0, 24))
        session.execute(Referral.__table__.update().where(Referral.id == rid).values(status_on=day))


def _handover(session: Session, rng: random.Random, until: dt.date) -> int:
    rows = []
    referrals = session.execute(
        select(Referral.id, Referral.referred_on, Referral.status, Referral.status_on).order_by(
            Referral.id
        )
    ).all()
    for rid, referred_on, status, status_on in referrals:
        if rng.random() > 0.5:
            continue
        day = referred_on - dt.timedelta(days=rng.randint(0, 3))
        taken = ("angenommen", "erledigt")
        depth = rng.randint(1, 4 if status in taken else 2)
        for step in HANDOVER_STEPS[:depth]:
            day = min(until, day + dt.timedelta(days=rng.randint(0, 6)))
            if step == "ersttermin":
                day = max(day, status_on)
            rows.append(dict(referral_id=rid, step=step, done_on=min(day, until)))
    if rows:
        session.execute(ReferralStep.__table__.insert(), rows)
    return len(rows)


def _offers(
    session: Session,
    rng: random.Random,
    coop: Cooperative,
    kinds: dict[str, int],
    areas: list[str],
) -> list[Volunteer]:
    volunteers = session.scalars(
        select(Volunteer).where(Volunteer.cooperative_id == coop.id).order_by(Volunteer.id)
    ).all()
    links = []
    for v in volunteers:
        offered = rng.sample(sorted(kinds.values()), rng.randint(1, 3))
        links += [{"volunteer_id": v.id, "entry_id": e} for e in offered]
        v.weekdays = ",".join(d for d in ("mo", "di", "mi", "do", "fr") if rng.random() < 0.45)
        v.daytimes = rng.choice(["vormittags", "nachmittags", "vormittags,nachmittags", ""])
        v.areas = ", ".join(rng.sample(areas, rng.randint(1, 2))) if rng.random() < 0.7 else None
        v.hours_per_month = Decimal(rng.choice([6, 8, 10, 12, 16]))
    if links:
        session.execute(volunteer_offer.insert(), links)
    session.flush()
    return list(volunteers)


def _needs(
    session: Session,
    rng: random.Random,
    coop: Cooperative,
    kinds: dict[str, int],
    areas: list[str],
    volunteers: list[Volunteer],
    until: dt.date,
) -> int:
    case_ids = session.scalars(
        select(Case.id).where(Case.cooperative_id == coop.id, Case.status != "abgeschlossen")
    ).all()
    posted = 0
    for status in ("offen", "offen", "vermittelt", "erledigt"):
        kind = rng.choice(sorted(kinds))
        helper = next(
            (v for v in volunteers if kinds[kind] in {e.id for e in v.offers} and v.active),
            None,
        )
        if status == "vermittelt" and helper is None:
            status = "offen"
        area = rng.choice(helper.areas.split(", ") if helper and helper.areas else areas)
        days = helper.weekdays.split(",")[:1] if helper and helper.weekdays else ["di"]
        posted_on = until - dt.timedelta(days=rng.randint(1, 60))
        session.add(
            HelpNeed(
                cooperative_id=coop.id,
                record_key=rng.randrange(RANGE),
                kind_id=kinds[kind],
                area=area,
                weekdays=",".join(days),
                daytimes="",
                frequency=rng.choice(["woechentlich", "vierzehntaegig", "einmalig"]),
                hours=Decimal("1.5"),
                case_id=rng.choice(case_ids) if case_ids and rng.random() < 0.5 else None,
                status=status,
                volunteer_id=helper.id if status in ("vermittelt", "erledigt") and helper else None,
                matched_on=min(until, posted_on + dt.timedelta(days=rng.randint(1, 8)))
                if status != "offen"
                else None,
                posted_on=posted_on,
            )
        )
        posted += 1
    return posted
