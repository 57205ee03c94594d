"""Small factories: each test builds only the data it needs."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from db.models import Activity, Case, Contact, Cooperative, FollowUp, Person, User
from services.actor import Actor
from services.catalogues import entry_ids

_seq = itertools.count(1)
# bcrypt of "richtig-langes-passwort" (cost 4, fast for tests)
PASSWORD = "richtig-langes-passwort"
PASSWORD_HASH = "$2b$04$rzn7du2pNlqOzonFskgG.umC0ns5dgH0UcKqsrtE.ZaXSRLyvAmPK"


def cooperative(session: Session, city: str = "Chemnitz", **kw) -> Cooperative:
    n = next(_seq)
    coop = Cooperative(
        name=kw.pop("name", f"Genossenschaft {n}"),
        code=kw.pop("code", f"G{n:03d}"),
        city=city,
        housing_units=kw.pop("housing_units", 1000),
        **kw,
    )
    session.add(coop)
    session.flush()
    return coop


def user(session: Session, role: str = "kuemmerer", coop: Cooperative | None = None, **kw) -> User:
    n = next(_seq)
    if role in ("kuemmerer", "genossenschaft") and coop is None:
        coop = cooperative(session)
    u = User(
        username=kw.pop("username", f"user{n}"),
        display_name=kw.pop("display_name", f"Erika Muster {n}"),
        password_hash=kw.pop("password_hash", PASSWORD_HASH),
        role=role,
        cooperative_id=coop.id if coop else None,
        **kw,
    )
    session.add(u)
    session.flush()
    return u


def actor(u: User) -> Actor:
    return Actor(
        user_id=u.id, role=u.role, cooperative_id=u.cooperative_id, display_name=u.display_name
    )


def case(
    session: Session,
    coop: Cooperative,
    opened_on: dt.date,
    urgency: str = "frueh",
    status: str = "offen",
    closed_on: dt.date | None = None,
    first_name: str | None = "Gisela",
) -> Case:
    n = next(_seq)
    person = Person(cooperative_id=coop.id, pseudonym=f"{coop.code}-{n:05d}", first_name=first_name)
    session.add(person)
    session.flush()
    c = Case(
        person_id=person.id,
        cooperative_id=coop.id,
        opened_on=opened_on,
        access_route_id=entry_ids(session, "access_route")["aufsuchend"],
        urgency=urgency,
        status=status,
        closed_on=closed_on,
    )
    session.add(c)
    session.flush()
    return c


def contact(session: Session, coop: Cooperative, day: dt.date, case: Case | None = None) -> Contact:
    c = Contact(
        case_id=case.id if case else None,
        cooperative_id=coop.id,
        contact_date=day,
        minutes=10,
        kind_id=entry_ids(session, "contact_kind")["telefon"],
    )
    session.add(c)
    session.flush()
    return c


def activity(
    session: Session, coop: Cooperative, day: dt.date, title: str, participants: int = 10
) -> Activity:
    kind = next(iter(entry_ids(session, "activity_kind").values()))
    a = Activity(
        cooperative_id=coop.id, held_on=day, title=title, kind_id=kind, participants=participants
    )
    session.add(a)
    session.flush()
    return a


def follow_up(
    session: Session, case: Case, due_on: dt.date, done_on: dt.date | None = None
) -> FollowUp:
    f = FollowUp(case_id=case.id, due_on=due_on, text="Nachfragen", done_on=done_on)
    session.add(f)
    session.flush()
    return f


def partner(session: Session, name: str = "Pflegedienst Sonnenschein", city: str = "Chemnitz"):
    from db.models import Partner, PartnerCity

    p = Partner(
        name=name,
        kind_id=entry_ids(session, "partner_kind")["pflegedienst"],
        city=city,
        cities=[PartnerCity(city=city)],
    )
    session.add(p)
    session.flush()
    return p


def kuemmerer(session: Session, city: str = "Chemnitz", code: str | None = None) -> Actor:
    """A Kümmerer with a fresh cooperative, as the acting user."""
    coop = cooperative(session, city=city, **({"code": code} if code else {}))
    return actor(user(session, "kuemmerer", coop))
