"""Encryption at rest on both databases: names, address and phone of persons are not stored
in plain text (the raw tables are read), old plain rows get encrypted, a wrong key is refused,
and a key rotation re-encrypts everything."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

import db.crypto
from config import Secrets, get_secrets
from db.models import Cooperative, Person
from services import keys
from services.cases import NewCase, PersonData, find_persons, open_case
from services.catalogues import entry_ids
from services.contacts import ContactData
from tests import factories as f

SECRETS = ("Gisela", "Sonnenschein", "Lindenweg", "0371 998877")


def _person(session) -> tuple:
    kim = f.kuemmerer(session, "Chemnitz")
    person = PersonData(
        first_name="Gisela",
        last_name="Sonnenschein",
        street="Lindenweg",
        house_no="4",
        phone="0371 998877",
    )
    visit = ContactData(dt.date(2026, 11, 2), 30, entry_ids(session, "contact_kind")["hausbesuch"])
    route = entry_ids(session, "access_route")["aufsuchend"]
    area = entry_ids(session, "problem_area")["vereinsamung"]
    data = NewCase(None, person, route, (area,), "frueh", visit)
    case = open_case(session, kim, data, dt.date(2026, 11, 2))
    session.flush()
    return kim, case.person_id


def _raw(session) -> str:
    return " ".join(str(r) for r in session.execute(text("SELECT * FROM person")).all())


def test_personal_fields_are_encrypted_at_rest_and_read_as_text(session) -> None:
    kim, person_id = _person(session)
    raw = _raw(session)
    assert not [s for s in SECRETS if s in raw]
    session.expire_all()
    person = session.get(Person, person_id)
    assert (person.first_name, person.street, person.phone) == (
        "Gisela",
        "Lindenweg",
        "0371 998877",
    )
    # searching by name still works (compared after decrypting)
    assert [m.name for m in find_persons(session, kim, "sonnen")] == ["Gisela Sonnenschein"]


def test_rows_written_in_plain_text_are_encrypted_by_init(session) -> None:
    kim, person_id = _person(session)
    session.execute(
        text("UPDATE person SET last_name = 'Klartext' WHERE id = :id"), {"id": person_id}
    )
    assert "Klartext" in _raw(session)
    assert keys.encrypt_pending(session) == 1
    assert "Klartext" not in _raw(session)
    session.expire_all()
    assert session.get(Person, person_id).last_name == "Klartext"


def _use(monkeypatch, key: str, *previous: str) -> None:
    old = get_secrets()
    monkeypatch.setattr(db.crypto, "get_secrets", lambda: Secrets(old.cookie_key, key, previous))


def test_a_wrong_key_is_refused(session, monkeypatch) -> None:
    _person(session)
    _use(monkeypatch, Fernet.generate_key().decode())
    with pytest.raises(keys.WrongKey, match="passt nicht"):
        keys.check_key(session)


def test_rotation_reencrypts_everything_with_the_new_key(session, monkeypatch) -> None:
    kim, person_id = _person(session)
    f.contact(session, session.get(Cooperative, kim.cooperative_id), dt.date(2026, 11, 3))
    session.execute(
        text("UPDATE contact SET note_enc = :n"), {"n": db.crypto.encrypt_text("Notiz")}
    )
    before = _raw(session)
    old = get_secrets().encryption_key
    new = Fernet.generate_key().decode()
    changed = keys.rotate(session, new)
    assert changed >= 5  # four personal fields and the note
    assert _raw(session) != before
    # the new key alone opens everything now
    _use(monkeypatch, new)
    keys.check_key(session)
    session.expire_all()
    assert session.get(Person, person_id).last_name == "Sonnenschein"
    note = session.execute(text("SELECT note_enc FROM contact")).scalar()
    assert db.crypto.decrypt_text(note) == "Notiz"
    _use(monkeypatch, old)  # and the old key alone no longer does
    with pytest.raises(keys.WrongKey):
        keys.check_key(session)


def test_values_of_an_old_key_keep_it_from_retiring(session) -> None:
    _person(session)
    current = get_secrets().encryption_key
    assert keys.needing_previous_keys(session, current) == 0
    old = Fernet.generate_key().decode()
    session.execute(text("UPDATE person SET phone = :t"), {"t": db.crypto.encrypt_text("1", old)})
    assert keys.needing_previous_keys(session, current) == 1


def test_without_encryption_names_stay_plain(session, monkeypatch) -> None:
    from config import get_settings

    monkeypatch.setattr(
        db.crypto, "get_settings", lambda: type("S", (), {"encrypt_personal_data": False})()
    )
    _person(session)
    assert "Sonnenschein" in _raw(session)
    assert get_settings().encrypt_personal_data  # the default is on
