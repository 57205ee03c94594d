"""Backup and restore on SQLite and PostgreSQL: a backup taken while the app writes is one
consistent snapshot, restores into an empty database with nothing lost, and every bad file
(truncated, newer schema, other key, tampered) is refused with the database untouched."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from db import rollups
from db.engine import create_db_engine
from db.models import AuditLog, Contact, DataVersion, Person
from services.backup import create_backup, restore_backup
from services.errors import Invalid
from tests import factories as f
from tests.conftest import _TMP, PG_URL, _prepare, postgres_admin_engine


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request) -> Iterator:
    """A factory of new, migrated, empty databases of one kind."""
    made: list[tuple[Engine, str | None]] = []
    admin = postgres_admin_engine() if request.param == "postgresql" else None

    def new() -> Engine:
        if admin is None:
            engine = create_db_engine(f"sqlite:///{_TMP}/backup-{uuid.uuid4().hex[:8]}.db")
            schema = None
        else:
            schema = f"kc_backup_{uuid.uuid4().hex[:10]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            engine = create_db_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
        _prepare(engine)
        made.append((engine, schema))
        return engine

    yield new
    for engine, schema in made:
        engine.dispose()
        if schema:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    if admin is not None:
        admin.dispose()


def _fill(engine: Engine, contacts: int = 3000) -> None:
    with Session(engine) as s, s.begin():
        coop = f.cooperative(s, "Chemnitz")
        case = f.case(s, coop, dt.date(2026, 1, 5), first_name="Gisela")
        f.contact(s, coop, dt.date(2026, 1, 6), case).note_enc = "verschlüsselt"
        kind = f.entry_ids(s, "contact_kind")["telefon"]
        s.execute(
            insert(Contact),
            [
                {
                    "cooperative_id": coop.id,
                    "contact_date": dt.date(2026, 1, 1) + dt.timedelta(i % 300),
                    "minutes": 5 + i % 40,
                    "kind_id": kind,
                }
                for i in range(contacts)
            ],
        )


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t: conn.scalar(text(f"SELECT count(*) FROM {t}"))
            for t in ("person", "case_file", "contact", "audit_log", "catalogue_entry")
        }


def test_backup_under_writes_restores_into_an_empty_database(fresh, tmp_path) -> None:
    source, target = fresh(), fresh()
    _fill(source)
    stop, written = threading.Event(), []

    def writer() -> None:  # the app keeps working: a contact and its audit row per transaction
        with Session(source) as s:
            coop_id = s.scalar(select(Person.cooperative_id))
            kind = f.entry_ids(s, "contact_kind")["telefon"]
        while not stop.is_set():
            with Session(source) as s, s.begin():
                c = Contact(
                    cooperative_id=coop_id,
                    contact_date=dt.date(2026, 2, 1),
                    minutes=7,
                    kind_id=kind,
                )
                s.add(c)
                s.flush()
                s.add(
                    AuditLog(
                        action="contact_added",
                        entity="contact",
                        entity_id=c.id,
                        at=dt.datetime.now(dt.UTC),
                    )
                )
                new_id = c.id
            written.append(new_id)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(1000):  # let it write a few first
            if len(written) >= 5 or not thread.is_alive():
                break
            stop.wait(0.01)
        manifest = create_backup(source, tmp_path / "sicherung.zip")
    finally:
        stop.set()
        thread.join()
    assert written, "the writer ran"
    restored = restore_backup(target, tmp_path / "sicherung.zip")
    assert restored.tables == manifest.tables
    with target.connect() as conn:
        contacts = set(conn.scalars(select(Contact.id)))
        audited = set(
            conn.scalars(select(AuditLog.entity_id).where(AuditLog.action == "contact_added"))
        )
    # the app was not blocked: it went on writing while the backup read its snapshot
    assert any(i not in contacts for i in written)
    # one snapshot: every written contact in the backup has its audit row, and vice versa
    assert {i for i in written if i in contacts} == audited
    # nothing lost: everything the source held up to the snapshot is in the target
    with source.connect() as conn:
        before = set(conn.scalars(select(Contact.id).where(Contact.id <= max(contacts))))
    assert before == contacts
    assert _counts(target)["contact"] == manifest.tables["contact"]["rows"] >= 3001
    # the restored data is usable: names and encrypted notes as they were
    with target.connect() as conn:
        assert conn.scalar(select(Person.first_name)) == "Gisela"


def _untouched(engine: Engine, archive: Path, message: str) -> None:
    before = _counts(engine)
    with pytest.raises(Invalid, match=message):
        restore_backup(engine, archive)
    assert _counts(engine) == before


def _signed(manifest: dict) -> bytes:
    """The manifest with the MAC this installation would write: a genuine file of another
    version or with another defect, to reach the check after the MAC's."""
    from config import get_secrets
    from services.backup import _mac

    return json.dumps({**manifest, "mac": _mac(manifest, get_secrets().encryption_key)}).encode()


def _rewrite(source: Path, target: Path, **manifest_changes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest.update(manifest_changes)
                data = _signed(manifest)
            new.writestr(item, data)
    return target


def test_bad_files_are_refused_and_the_database_stays(fresh, tmp_path) -> None:
    source, target = fresh(), fresh()
    _fill(source, contacts=200)
    _fill(target, contacts=50)  # the database a restore must not damage
    good = tmp_path / "gut.zip"
    create_backup(source, good)
    data = good.read_bytes()
    truncated = tmp_path / "abgeschnitten.zip"
    truncated.write_bytes(data[: len(data) // 2])
    _untouched(target, truncated, "beschädigt oder unvollständig")
    _untouched(
        target, _rewrite(good, tmp_path / "neu.zip", revision="9999_future"), "neueren Version"
    )
    other_key = Fernet(Fernet.generate_key()).encrypt(b"kuemmerer-cockpit").decode()
    _untouched(
        target, _rewrite(good, tmp_path / "key.zip", key_check=other_key), "anderen Schlüssel"
    )
    manifest = json.loads(zipfile.ZipFile(good).read("manifest.json"))
    manifest["tables"]["contact"]["rows"] += 1
    _untouched(
        target, _rewrite(good, tmp_path / "falsch.zip", tables=manifest["tables"]), "Prüfsumme"
    )
    missing = tmp_path / "fehlt.zip"
    missing.write_text("kein zip")
    _untouched(target, missing, "beschädigt")


def test_restore_moves_the_data_version_forward(fresh, tmp_path) -> None:
    source, target = fresh(), fresh()
    _fill(source, contacts=10)
    create_backup(source, tmp_path / "s.zip")
    with target.connect() as conn:
        before = conn.scalar(select(DataVersion.version))
    restore_backup(target, tmp_path / "s.zip")
    with target.connect() as conn:
        assert conn.scalar(select(DataVersion.version)) > before + 100_000
        assert conn.scalar(select(func.count()).select_from(Contact)) == 11


def test_a_backup_file_holds_personal_data_encrypted_as_stored(fresh, tmp_path) -> None:
    source = fresh()
    with Session(source) as s, s.begin():
        coop = f.cooperative(s, "Chemnitz")
        f.case(s, coop, dt.date(2026, 1, 5), first_name="Gisela")
    create_backup(source, tmp_path / "s.zip")
    assert (tmp_path / "s.zip").stat().st_mode & 0o777 == 0o600  # not for other local users
    persons = zipfile.ZipFile(tmp_path / "s.zip").read("tables/person.jsonl").decode()
    assert "Gisela" not in persons and "gAAAAA" in persons
    target = fresh()
    restore_backup(target, tmp_path / "s.zip")
    with Session(target) as s:
        assert s.scalar(select(Person.first_name)) == "Gisela"


def _replace_table(
    source: Path, target: Path, table: str, lines: bytes, manifest_too: bool, sign: bool = True
):
    """A copy whose table file holds other lines; with manifest_too the manifest's row count
    and SHA-256 are made to match them, and signed with this installation's key unless
    ``sign`` is false (an attacker without the key)."""
    import hashlib

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == f"tables/{table}.jsonl":
                data = lines
            elif item.filename == "manifest.json" and manifest_too:
                manifest = json.loads(data)
                count = len(lines.splitlines())
                sha = hashlib.sha256(lines).hexdigest()
                manifest["tables"][table] = {"rows": count, "sha256": sha}
                data = _signed(manifest) if sign else json.dumps(manifest).encode()
            new.writestr(item, data)
    return target


def _backup_of_contacts(fresh, tmp_path) -> tuple[Engine, Path, bytes]:  # noqa: ANN001
    """A backup of 20 contacts, the database to restore it into, and the contact lines."""
    source, target = fresh(), fresh()
    _fill(source, contacts=20)
    _fill(target, contacts=5)
    good = tmp_path / "gut.zip"
    create_backup(source, good)
    return target, good, zipfile.ZipFile(good).read("tables/contact.jsonl")


def test_a_changed_value_is_refused_before_anything_is_replaced(fresh, tmp_path, monkeypatch):
    import services.backup as backup

    target, good, lines = _backup_of_contacts(fresh, tmp_path)
    changed = lines.replace(b'"minutes":10', b'"minutes":11', 1)
    assert changed != lines and len(changed.splitlines()) == len(lines.splitlines())
    replaced = []
    monkeypatch.setattr(backup, "_load", lambda *a: replaced.append(a) or None)
    _untouched(
        target, _replace_table(good, tmp_path / "wert.zip", "contact", changed, False), "Prüfsumme"
    )
    assert replaced == []  # refused by the file check, not after the tables were replaced


def test_a_broken_line_is_refused_with_a_message(fresh, tmp_path) -> None:
    target, good, lines = _backup_of_contacts(fresh, tmp_path)
    broken = lines.replace(b"}\n", b"\n", 1)
    _untouched(
        target,
        _replace_table(good, tmp_path / "zeile.zip", "contact", broken, True),
        "nicht lesbar",
    )


def test_an_edited_backup_with_recomputed_checksums_is_refused(fresh, tmp_path) -> None:
    """The attack: an admin "eve" added, row count and SHA-256 recomputed, the key check left
    as the genuine backup has it. Only the installation's key makes a valid MAC."""
    target, good, _ = _backup_of_contacts(fresh, tmp_path)
    users = zipfile.ZipFile(good).read("tables/app_user.jsonl")
    eve = json.dumps(
        {
            "id": 999,
            "username": "eve",
            "display_name": "Eve",
            "role": "admin",
            "password_hash": "$2b$12$" + "x" * 53,
            "active": True,
            "failed_logins": 0,
            "must_change_password": False,
            "version": 1,
        }
    )
    lines = users + eve.encode() + b"\n"
    tampered = _replace_table(good, tmp_path / "eve.zip", "app_user", lines, True, sign=False)
    _untouched(target, tampered, "verändert oder stammt nicht von dieser Installation")
    with target.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM app_user WHERE username = 'eve'")) == 0


def test_the_crafted_fixture_is_refused(tmp_path, monkeypatch) -> None:
    """tests/fixtures/tampered_backup.zip: a genuine backup of the fixture key, then edited
    outside the app (see make_fixtures.py). Refused by its MAC whatever the schema is now."""
    import services.backup as backup
    from tests.fixtures.make_fixtures import FIXTURE_KEY

    monkeypatch.setattr(backup, "keys", lambda: (FIXTURE_KEY,))
    engine = create_db_engine(f"sqlite:///{tmp_path}/ziel.db")
    from tests.conftest import _prepare

    _prepare(engine)
    _untouched(
        engine,
        Path(__file__).parent.parent / "fixtures" / "tampered_backup.zip",
        "verändert oder stammt nicht von dieser Installation",
    )


def test_an_oversized_manifest_or_line_is_refused_without_reading_it_whole(fresh, tmp_path):
    import services.backup as backup

    target, good, lines = _backup_of_contacts(fresh, tmp_path)
    big = tmp_path / "manifest.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b" " * (backup.MANIFEST_LIMIT + 1))
    _untouched(target, big, "keine Sicherung")
    long_line = b'{"x":"' + b"a" * (backup.LINE_LIMIT + 10) + b'"}\n'
    _untouched(
        target,
        _replace_table(good, tmp_path / "zeile.zip", "contact", long_line, True),
        "länger als erlaubt",
    )


def test_a_backup_of_the_older_format_needs_the_operators_word(fresh, tmp_path) -> None:
    target, good, _ = _backup_of_contacts(fresh, tmp_path)
    manifest = json.loads(zipfile.ZipFile(good).read("manifest.json"))
    manifest.pop("mac")
    old = _rewrite(good, tmp_path / "alt.zip")
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(old, "w") as new:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "manifest.json":
                data = json.dumps({**manifest, "format_version": 1}).encode()
            new.writestr(item, data)
    _untouched(target, old, "allow-unsigned")
    assert restore_backup(target, old, allow_unsigned=True).total_rows > 0


def test_a_restore_keeps_the_published_figures(fresh, tmp_path) -> None:
    """The record keys travel with the backup: Koordination's perturbed figures read the
    same after a restore (and a move from SQLite to PostgreSQL) as before."""
    from services import dashboard as dash
    from services.indicators import Scope

    source, target = fresh(), fresh()
    _fill(source, contacts=400)
    scope = Scope(dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    def published(engine: Engine) -> dict:
        with Session(engine) as s:
            koordination = f.actor(f.user(s, "koordination"))
            board = dash.dashboard(s, koordination, scope)
            s.rollback()
        return {"totals": board.totals, "months": board.months}

    before = published(source)
    create_backup(source, tmp_path / "k.zip")
    restore_backup(target, tmp_path / "k.zip")
    assert published(target) == before
    with target.connect() as conn:  # rebuilt from the restored facts, not restored
        assert rollups.differences(conn) == []
