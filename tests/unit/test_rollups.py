"""The roll-ups are exact: random sequences of writes — inserts, edits, status changes,
closings, reopenings, deletions with their cascades, bulk deletions, erasures — leave every
roll-up equal to the same aggregate of the facts, and every figure of the dashboard read from
the roll-ups equal to the same figure computed from the facts (db.rollups.from_facts), on
SQLite and PostgreSQL. ``ROLLUP_SEQUENCES`` / ``ROLLUP_STEPS`` make the long run of
`make bench` (bench/rollups.py)."""

from __future__ import annotations

import datetime as dt
import os
import random
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from db import rollups
from db.models import Base, Case, Contact, Cooperative
from services import dashboard as dash
from services.actor import Actor
from services.catalogues import entry_ids
from services.indicators import Scope
from services.indicators.groups.cases import _open_at_end as open_at_end
from services.privacy import anonymise
from tests import factories as f

START = dt.date(2026, 3, 1)
DAYS = 120
KOORDINATION = Actor(user_id=0, role="koordination")


@dataclass
class World:
    coops: list[Cooperative]
    kinds: list[int]
    routes: list[int]


def _world(session: Session) -> World:
    coops = [f.cooperative(session, city) for city in ("Chemnitz", "Chemnitz", "Dresden")]
    kinds = list(entry_ids(session, "contact_kind").values())
    routes = list(entry_ids(session, "access_route").values())
    return World(coops, kinds, routes)


def _day(rng: random.Random) -> dt.date:
    return START + dt.timedelta(days=rng.randrange(DAYS))


def _cases(session: Session) -> list[Case]:
    return list(session.scalars(select(Case).order_by(Case.id)))


def _contacts(session: Session) -> list[Contact]:
    return list(session.scalars(select(Contact).order_by(Contact.id)))


def _step(session: Session, world: World, rng: random.Random) -> str:  # noqa: C901
    """One random write, as the services and the jobs make them (through the ORM, in bulk,
    by cascade); returns what it did."""
    cases, contacts = _cases(session), _contacts(session)
    what = rng.choice(
        ["case", "contact", "contact", "quick", "quick", "edit_contact", "edit_case", "close",
         "reopen", "delete_contact", "delete_case", "bulk_delete", "erase", "move_kind"]
    )  # fmt: skip
    if what == "case" or (not cases and what != "quick"):
        coop = rng.choice(world.coops)
        case = f.case(session, coop, _day(rng), urgency=rng.choice(["frueh", "akut", "krise"]))
        case.access_route_id = rng.choice(world.routes)
        return "case"
    if what in ("contact", "quick"):
        case = rng.choice(cases) if what == "contact" else None
        session.add(
            Contact(
                case_id=case.id if case else None,
                cooperative_id=case.cooperative_id if case else rng.choice(world.coops).id,
                contact_date=_day(rng),
                minutes=rng.choice([5, 10, 15, 30, 60]),
                kind_id=rng.choice(world.kinds),
            )
        )
        return what
    if what == "edit_contact" and contacts:
        contact = rng.choice(contacts)
        contact.contact_date = _day(rng)
        contact.minutes = rng.choice([5, 10, 45])
        contact.kind_id = rng.choice(world.kinds)
        if rng.random() < 0.3:
            contact.note_enc = "geändert"  # a column no roll-up reads
        return what
    if what == "edit_case":
        case = rng.choice(cases)
        case.urgency = rng.choice(["frueh", "akut", "krise"])
        case.access_route_id = rng.choice(world.routes)
        case.opened_on = min(_day(rng), case.closed_on or dt.date.max)
        return what
    if what == "close":
        case = rng.choice(cases)
        if case.closed_on is None:
            case.status, case.closed_on = (
                "abgeschlossen",
                case.opened_on + dt.timedelta(rng.randrange(60)),
            )
        return what
    if what == "reopen":
        case = rng.choice(cases)
        case.status, case.closed_on = "offen", None
        return what
    if what == "delete_contact" and contacts:
        session.delete(rng.choice(contacts))
        return what
    if what == "delete_case":  # its contacts go by the foreign key's cascade
        session.flush()
        session.execute(delete(Case).where(Case.id == rng.choice(cases).id))
        session.expire_all()
        return what
    if what == "bulk_delete":  # as a retention job would: many rows in one statement
        session.flush()
        session.execute(
            delete(Contact).where(Contact.contact_date < _day(rng), Contact.minutes == 5)
        )
        session.expire_all()
        return what
    if what == "erase":
        session.flush()
        anonymise(session, [rng.choice(cases).person_id])
        session.expire_all()
        return what
    if what == "move_kind" and contacts:  # a bulk edit: one kind's contacts become another's
        session.flush()
        old, new = rng.sample(world.kinds, 2)
        session.execute(update(Contact).where(Contact.kind_id == old).values(kind_id=new))
        session.expire_all()
        return what
    return "nothing"


def _scopes(world: World) -> list[Scope]:
    return [
        Scope(START, START + dt.timedelta(days=DAYS)),
        Scope(START + dt.timedelta(days=17), START + dt.timedelta(days=73)),  # odd edges
        Scope(START, START + dt.timedelta(days=DAYS), cooperative_ids=(world.coops[0].id,)),
        Scope(START, START + dt.timedelta(days=DAYS), city="Chemnitz", named=True),
    ]


def _viewers(world: World) -> list[Actor]:
    own = Actor(user_id=0, role="kuemmerer", cooperative_id=world.coops[0].id)
    return [KOORDINATION, own]


def _open_cases(session: Session, end: dt.date) -> dict[int, tuple[int, int]]:
    """The open caseload by its definition: opened by the end and not closed by then."""
    open_then = or_(Case.closed_on.is_(None), Case.closed_on > end)
    query = (
        select(Case.cooperative_id, func.count(), func.sum(Case.record_key))
        .where(Case.opened_on <= end, open_then)
        .group_by(Case.cooperative_id)
    )
    return {cid: (n, int(key)) for cid, n, key in session.execute(query)}


def _check(session: Session, world: World, history: list[str]) -> None:
    session.flush()
    assert rollups.differences(session.connection()) == [], history
    # opened less closed (both from the roll-ups) is the caseload's definition
    for scope in _scopes(world)[:2]:
        balance = {c: v for c, v in open_at_end(session, scope).items() if v != (0, 0)}
        assert balance == _open_cases(session, scope.date_to), history
    for scope in _scopes(world):
        for viewer in _viewers(world):
            rolled = dash.dashboard(session, viewer, scope)
            with rollups.from_facts():
                facts = dash.dashboard(session, viewer, scope)
            assert rolled == facts, (scope, viewer.role, history)


SEQUENCES = int(os.environ.get("ROLLUP_SEQUENCES", 3))
STEPS = int(os.environ.get("ROLLUP_STEPS", 40))


@pytest.mark.parametrize("seed", range(SEQUENCES))
def test_every_figure_from_the_rollups_equals_the_facts(session: Session, seed: int) -> None:
    rng = random.Random(seed)
    world = _world(session)
    history: list[str] = []
    for i in range(STEPS):
        history.append(_step(session, world, rng))
        if i % 10 == 9:
            _check(session, world, history)
    _check(session, world, history)
    assert session.scalar(select(Contact.id).limit(1)) is not None  # the figures were not all 0


def test_a_quick_contact_counts_in_its_day_at_once(session: Session) -> None:
    """The roll-up row is written in the same transaction as the contact: no batch, no delay."""
    coop = f.cooperative(session)
    f.contact(session, coop, dt.date(2026, 5, 4))
    f.contact(session, coop, dt.date(2026, 5, 4))
    table = Base.metadata.tables["rollup_contact_day"]
    n = session.scalar(
        select(table.c.n).where(
            table.c.cooperative_id == coop.id, table.c.day == dt.date(2026, 5, 4)
        )
    )
    assert n == 2


def test_rebuild_repairs_a_rollup_that_went_wrong(session: Session) -> None:
    coop = f.cooperative(session)
    f.contact(session, coop, dt.date(2026, 5, 4))
    conn = session.connection()
    conn.exec_driver_sql("UPDATE rollup_contact_day SET n = n + 5")
    [difference] = rollups.differences(conn)
    assert difference.rollup == "rollup_contact_day"
    assert difference.stored[0] == difference.expected[0] + 5
    rollups.rebuild(conn)
    assert rollups.differences(conn) == []


@pytest.mark.parametrize(
    ("start", "end", "first", "last"),
    [
        ("2026-01-01", "2026-12-31", "2026-01-01", "2026-12-31"),  # a year
        ("2026-01-15", "2026-03-31", "2026-02-01", "2026-03-31"),
        ("2025-12-02", "2026-02-27", "2026-01-01", "2026-01-31"),  # across the year's end
        ("2026-02-01", "2026-02-28", "2026-02-01", "2026-02-28"),  # February, whole
        ("2026-02-03", "2026-02-20", "2026-03-01", "2026-01-31"),  # no whole month
    ],
)
def test_whole_months_of_a_period(start: str, end: str, first: str, last: str) -> None:
    found = rollups._whole_months(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert found == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
