"""Record keys of the cell key method: every counted row gets one on insert, in range, drawn
at random (reproducibly for the demo), and they reach backups but no screen or export."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db import record_keys
from db.models import Activity, Case, Contact, Person, Referral, Signal, Volunteer
from db.models import VolunteerAssignment as Assignment
from tests import factories as f

KEYED = (Person, Case, Contact, Referral, Volunteer, Assignment, Activity, Signal)


def test_every_counted_table_has_a_record_key() -> None:
    for model in KEYED:
        column = model.__table__.c.record_key
        assert not column.nullable and column.default is not None, model.__name__


def test_new_rows_get_keys_in_range_and_not_all_the_same(session) -> None:
    coop = f.cooperative(session)
    cases = [f.case(session, coop, dt.date(2026, 10, i + 1)) for i in range(12)]
    session.flush()
    keys = session.scalars(select(Case.record_key)).all()
    assert len(keys) == len(cases) and all(0 <= k < record_keys.RANGE for k in keys)
    assert len(set(keys)) > 1
    persons = session.scalars(select(Person.record_key)).all()
    assert persons and all(0 <= k < record_keys.RANGE for k in persons)


def test_seeded_keys_repeat() -> None:
    with record_keys.seeded(7):
        first = [record_keys.new_record_key() for _ in range(5)]
    with record_keys.seeded(7):
        again = [record_keys.new_record_key() for _ in range(5)]
    assert first == again
    assert record_keys.new_record_key() in range(record_keys.RANGE)
