"""Stored ciphertext is known without doubt: a name typed to look like a Fernet token stays a
name, and a value no key opens reads "(nicht lesbar)" instead of taking a list down."""

from __future__ import annotations

import datetime as dt
import logging
import string
import uuid

from sqlalchemy import select, text
from sqlalchemy.orm import Session

import db.crypto
from db.crypto import CIPHER_PREFIX, UNREADABLE
from db.engine import create_db_engine
from db.migrate import upgrade
from db.models import Person
from services import keys
from services.case_queries import CaseFilter, case_header, list_cases, timeline
from services.cases import PersonData, find_persons
from tests.conftest import _TMP
from tests.unit.test_keys import _person

LOOKS_LIKE_A_TOKEN = "gAAAAA" + (string.ascii_letters * 2)[:94]
TODAY = dt.date(2026, 11, 20)


def test_a_name_that_looks_like_a_token_is_stored_encrypted_and_read_back(session) -> None:
    kim, person_id = _person(session)
    person = session.get(Person, person_id)
    person.last_name = LOOKS_LIKE_A_TOKEN
    person.street = CIPHER_PREFIX + "erfunden"  # a control character no form keeps
    session.flush()
    stored = session.execute(
        text("SELECT last_name, street FROM person WHERE id = :id"), {"id": person_id}
    ).one()
    assert LOOKS_LIKE_A_TOKEN not in stored[0] and stored[0].startswith(CIPHER_PREFIX)
    session.expire_all()
    person = session.get(Person, person_id)
    assert person.last_name == LOOKS_LIKE_A_TOKEN
    assert person.street == "enc1:erfunden"
    assert [m.pseudonym for m in find_persons(session, kim, "gAAAAA")] == [person.pseudonym]
    assert list_cases(session, kim, CaseFilter(), TODAY).total == 1


def test_a_value_no_key_opens_reads_unreadable_and_names_the_record(session, caplog) -> None:
    kim, person_id = _person(session)
    broken = CIPHER_PREFIX + "gAAAAA" + "x" * 120
    session.execute(
        text("UPDATE person SET last_name = :v WHERE id = :id"), {"v": broken, "id": person_id}
    )
    session.execute(text("UPDATE contact SET note_enc = :v"), {"v": broken})
    session.expire_all()
    with caplog.at_level(logging.ERROR, logger="kuemmerer.crypto"):
        page = list_cases(session, kim, CaseFilter(), TODAY)
        assert page.total == 1 and UNREADABLE in page.rows[0].name
        case_id = page.rows[0].id
        header = case_header(session, kim, case_id)
        assert header.person.last_name == UNREADABLE and header.person.first_name == "Gisela"
        notes = [i.note for i in timeline(session, kim, case_id)]
        assert UNREADABLE in notes
    assert {(r.table, r.record_id) for r in caplog.records} >= {("person", person_id)}
    assert all(broken not in r.getMessage() for r in caplog.records)
    # saving the person again keeps the stored value instead of the placeholder
    person = session.get(Person, person_id)
    person.first_name = "Gisela Maria"
    session.flush()
    assert session.execute(text("SELECT last_name FROM person")).scalar() == broken


def test_migration_0009_marks_old_tokens_and_keeps_typed_look_alikes_plain() -> None:
    engine = create_db_engine(f"sqlite:///{_TMP}/mig-{uuid.uuid4().hex[:8]}.db")
    upgrade(engine, "0008")
    old_token = db.crypto.encrypt_text("Sonnenschein").removeprefix(CIPHER_PREFIX)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cooperative (id, name, code, city, housing_units, active, version,"
                " created_at, updated_at) VALUES (1, 'M', 'MIG', 'Chemnitz', 1, 1, 1, '2026-01-01',"
                " '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO person (cooperative_id, pseudonym, first_name, last_name, version,"
                " created_at, updated_at) VALUES (1, 'MIG-0001', :typed, :token, 1,"
                " '2026-01-01', '2026-01-01')"
            ),
            {"typed": LOOKS_LIKE_A_TOKEN, "token": old_token},
        )
    upgrade(engine)
    with Session(engine) as s, s.begin():
        first, last = s.execute(text("SELECT first_name, last_name FROM person")).one()
        assert last == CIPHER_PREFIX + old_token
        assert first == LOOKS_LIKE_A_TOKEN  # plain text, encrypted by init next
        assert keys.encrypt_pending(s) == 1
        person = s.scalar(select(Person))
        assert (person.first_name, person.last_name) == (LOOKS_LIKE_A_TOKEN, "Sonnenschein")
    engine.dispose()


def test_person_data_of_a_header_has_every_field() -> None:
    data = PersonData.of(PersonData(last_name="Sonnenschein", age_group="80_plus"))
    assert data == PersonData(last_name="Sonnenschein", age_group="80_plus")
