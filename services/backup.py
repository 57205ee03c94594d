"""Backup and restore, the same portable format for SQLite and PostgreSQL (and between them).

A backup is a ZIP file: ``manifest.json`` (format, schema revision, per table the number of
rows and a SHA-256 over its rows, a check value for the encryption key) and one JSON-lines file
per table. It is read in one transaction (a consistent snapshot while the app keeps writing:
SQLite's WAL read snapshot, PostgreSQL's REPEATABLE READ).

The manifest carries an HMAC-SHA256 under a key derived (HKDF) from the encryption key, so
only this installation can write a manifest it accepts; the manifest holds every table's
SHA-256, so the MAC covers every row. An edited file — an added admin, with the checksums
recomputed and the key check copied from a genuine backup — is refused.

A restore checks everything before it touches the database — the manifest is of bounded size,
the encryption key is one configured here, the MAC is this installation's, the file is
complete with no line beyond LINE_LIMIT, its schema is this version's, every table's rows
match the manifest — then replaces all data in one transaction, checks the database's rows
against the manifest again before committing, and moves the data version past every number
handed out before (so no cached figure of the newer state is taken for the restored one).
Anything wrong: a clear message, and the existing database stays as it was."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from cryptography.fernet import InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    Table,
    delete,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.types import TypeDecorator

from config import open_private
from db import rollups
from db.engine import create_reader_engine
from db.migrate import alembic_config
from db.models import Base, DataVersion, FormSubmission
from services.crypto import decrypt_text, encrypt_text, keys
from services.errors import Invalid

FORMAT = "kuemmerer-cockpit-backup"
FORMAT_VERSION = 2  # 2: the manifest carries a MAC
KEY_CHECK = "kuemmerer-cockpit"
MANIFEST_LIMIT = 1 << 20  # a manifest is a few kB
LINE_LIMIT = 64 << 20  # the longest row: a meeting attachment of 20 MB, base64-encoded
# the change counter is not data: a restore moves it forward instead (see module docstring)
# a counter, two days of form tokens, a lockout window of failed-login addresses; the roll-ups
# are derived from the facts (a restore rebuilds them)
SKIPPED = {"data_version", "form_submission", "login_failure", *rollups.TABLES}
BATCH = 1000


_RAW = MetaData()


def _raw(table: Table) -> Table:
    """The table as stored: encrypted fields stay encrypted (a backup file is no weaker than
    the database, and a restore writes exactly what was stored)."""
    if table.name not in _RAW.tables:
        columns = [
            Column(
                c.name,
                c.type.impl if isinstance(c.type, TypeDecorator) else c.type,
                primary_key=c.primary_key,
                autoincrement=c.autoincrement,
            )
            for c in table.columns
        ]
        Table(table.name, _RAW, *columns)
    return _RAW.tables[table.name]


def _tables() -> list[Table]:
    return [_raw(t) for t in Base.metadata.sorted_tables if t.name not in SKIPPED]


def _encode(value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _python_type(column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _decode(value: object, kind: type | None) -> object:
    if value is None:
        return None
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)  # as stored: UTC without zone
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is Decimal:
        return Decimal(value)
    if kind is bytes:
        return base64.b64decode(value)
    return value


def _line(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _rows(conn: Connection, table: Table) -> Iterator[bytes]:
    """The table's rows as the file holds them: one JSON line each, by primary key."""
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execute(select(table).order_by(*order).execution_options(yield_per=BATCH))
    for row in result.mappings():
        yield (_line({k: _encode(v) for k, v in row.items()}) + "\n").encode()


def _limited_lines(stream: IO[bytes], table: str) -> Iterator[bytes]:
    """The lines of a table file, none read beyond LINE_LIMIT (a crafted file with one endless
    line must not fill the memory)."""
    while data := stream.readline(LINE_LIMIT + 1):
        if len(data) > LINE_LIMIT:
            raise _refuse(
                f"Eine Zeile der Tabelle {table} in der Sicherung ist länger als erlaubt. "
                "Es wurde nichts verändert."
            )
        yield data


def _mac(manifest: dict, encryption_key: str) -> str:
    """HMAC-SHA256 of the manifest (all but its MAC) under a key derived from the encryption
    key: only an installation with that key can write it."""
    key = HKDF(hashes.SHA256(), 32, salt=None, info=b"kuemmerer-cockpit backup manifest")
    body = {k: v for k, v in manifest.items() if k != "mac"}
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    derived = key.derive(encryption_key.encode())
    return hmac.new(derived, data.encode(), hashlib.sha256).hexdigest()


def _fingerprint(lines: Iterable[bytes], copy_to: IO[bytes] | None = None) -> dict:
    """Row count and SHA-256 of a table's lines, as the manifest records them."""
    digest, count = hashlib.sha256(), 0
    for data in lines:
        digest.update(data)
        if copy_to is not None:
            copy_to.write(data)
        count += 1
    return {"rows": count, "sha256": digest.hexdigest()}


def schema_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@dataclass(frozen=True)
class Manifest:
    revision: str
    created_at: str
    database: str
    tables: dict[str, dict]  # name -> {"rows": n, "sha256": hex}

    @property
    def total_rows(self) -> int:
        return sum(t["rows"] for t in self.tables.values())


def create_backup(engine: Engine, target: Path) -> Manifest:
    """Write a backup of the whole database to ``target`` (a new ZIP file), read as one
    consistent snapshot while the app keeps writing."""
    tables: dict[str, dict] = {}
    partial = target.with_name(target.name + ".partial")
    sqlite = engine.dialect.name == "sqlite"
    reader = (
        create_reader_engine(engine.url.render_as_string(hide_password=False)) if sqlite else engine
    )
    with reader.connect() as conn:
        if not sqlite:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        conn.begin()
        revision = schema_revision(conn)  # the first read fixes the snapshot
        # only its owner may read it: a backup holds the cases' data (names encrypted)
        with (
            open_private(partial) as raw,
            zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            for table in _tables():
                with archive.open(f"tables/{table.name}.jsonl", "w") as out:
                    tables[table.name] = _fingerprint(_rows(conn, table), copy_to=out)
            manifest = Manifest(
                revision,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                engine.dialect.name,
                tables,
            )
            written = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "key_check": encrypt_text(KEY_CHECK),
                **manifest.__dict__,
            }
            written["mac"] = _mac(written, keys()[0])
            archive.writestr("manifest.json", json.dumps(written, indent=2))
        conn.rollback()
    if sqlite:
        reader.dispose()
    partial.replace(target)  # only a complete file gets the name
    return manifest


# --- restore -------------------------------------------------------------------------------
def _refuse(message: str) -> Invalid:
    return Invalid({}, message)


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    if archive.getinfo("manifest.json").file_size > MANIFEST_LIMIT:
        raise _refuse("Das ist keine Sicherung von Kümmerer-Cockpit. Es wurde nichts verändert.")
    with archive.open("manifest.json") as raw:
        data = raw.read(MANIFEST_LIMIT + 1)  # the stated size may lie
    if len(data) > MANIFEST_LIMIT:
        raise _refuse("Das ist keine Sicherung von Kümmerer-Cockpit. Es wurde nichts verändert.")
    manifest = json.loads(data)
    if not isinstance(manifest, dict):
        raise json.JSONDecodeError("not an object", "", 0)
    return manifest


def _open(source: Path) -> tuple[zipfile.ZipFile, dict]:
    try:
        archive = zipfile.ZipFile(source)
        manifest = _read_manifest(archive)
    except FileNotFoundError:
        raise _refuse(f"Die Datei {source} gibt es nicht.") from None
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, EOFError):
        raise _refuse(
            "Die Sicherungsdatei ist beschädigt oder unvollständig (abgeschnitten?). "
            "Es wurde nichts verändert."
        ) from None
    if manifest.get("format") != FORMAT:
        raise _refuse("Das ist keine Sicherung von Kümmerer-Cockpit. Es wurde nichts verändert.")
    return archive, manifest


def _check_file(archive: zipfile.ZipFile, manifest: dict) -> None:
    """Every table's rows are in the file, complete (CRC, row count, SHA-256)."""
    for table in _tables():
        expected = manifest["tables"].get(table.name)
        if expected is None:
            raise _refuse(f"In der Sicherung fehlt die Tabelle {table.name}.")
        try:
            with archive.open(f"tables/{table.name}.jsonl") as lines:
                found = _fingerprint(_limited_lines(lines, table.name))
        except (zipfile.BadZipFile, KeyError, EOFError, OSError):
            raise _refuse(
                f"Die Sicherungsdatei ist beschädigt (Tabelle {table.name}). "
                "Es wurde nichts verändert."
            ) from None
        if found != expected:
            raise _refuse(
                f"Die Tabelle {table.name} in der Sicherung stimmt nicht mit ihrer Prüfsumme "
                "überein. Es wurde nichts verändert."
            )


def _key_of(manifest: dict) -> str:
    """The configured key (current or previous) the backup was written with."""
    for key in keys():
        try:
            if decrypt_text(manifest.get("key_check"), with_keys=(key,)) == KEY_CHECK:
                return key
        except (InvalidToken, ValueError, TypeError, AttributeError):
            continue
    raise _refuse(
        "Die Sicherung wurde mit einem anderen Schlüssel verschlüsselt als dem, der hier "
        "eingestellt ist (KC_ENCRYPTION_KEY bzw. data/secrets.toml). Mit diesem Schlüssel "
        "wären die Notizen nicht lesbar. Es wurde nichts verändert."
    )


def _check_mac(manifest: dict, key: str, allow_unsigned: bool) -> None:
    mac = manifest.get("mac")
    if mac is None and manifest.get("format_version") == 1 and allow_unsigned:
        return
    if mac is None and manifest.get("format_version") == 1:
        raise _refuse(
            "Diese Sicherung stammt aus einer älteren Version ohne Echtheitsnachweis. Wenn Sie "
            "sicher sind, dass niemand sie verändert hat: `python manage.py restore DATEI "
            "--allow-unsigned`. Es wurde nichts verändert."
        )
    if not isinstance(mac, str) or not hmac.compare_digest(mac, _mac(manifest, key)):
        raise _refuse(
            "Die Sicherung wurde nach dem Schreiben verändert oder stammt nicht von dieser "
            "Installation (Echtheitsnachweis falsch). Es wurde nichts verändert."
        )


def written_with_previous_key(source: Path) -> bool:
    """The backup needs a previous key (for retiring old keys); refused if no key opens it."""
    archive, manifest = _open(source)
    with archive:
        return _key_of(manifest) != keys()[0]


def _check_revision(conn: Connection, manifest: dict) -> None:
    mine, theirs, head = schema_revision(conn), manifest.get("revision"), _head()
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if theirs not in known:
        raise _refuse(
            f"Die Sicherung stammt aus einer neueren Version von Kümmerer-Cockpit (Datenbankstand "
            f"{theirs}, diese Version kennt bis {head}). Bitte die neuere Version installieren. "
            "Es wurde nichts verändert."
        )
    if theirs != mine:
        raise _refuse(
            f"Die Sicherung hat den Datenbankstand {theirs}, diese Datenbank {mine}. Bitte "
            "zuerst `python manage.py init` ausführen bzw. die passende Version verwenden. "
            "Es wurde nichts verändert."
        )


def _load(conn: Connection, archive: zipfile.ZipFile, table: Table) -> None:
    kinds = {c.name: _python_type(c) for c in table.columns}
    batch: list[dict] = []
    with archive.open(f"tables/{table.name}.jsonl") as lines:
        for number, data in enumerate(_limited_lines(lines, table.name), start=1):
            try:
                row = json.loads(data.decode("utf-8"))
                batch.append({k: _decode(v, kinds.get(k)) for k, v in row.items()})
            except (ValueError, TypeError, AttributeError):  # not JSON, or not a row of values
                raise _refuse(
                    f"Zeile {number} der Tabelle {table.name} in der Sicherung ist nicht lesbar. "
                    "Die Änderung wurde verworfen; es wurde nichts verändert."
                ) from None
            if len(batch) >= BATCH:
                conn.execute(insert(table), batch)
                batch = []
    if batch:
        conn.execute(insert(table), batch)


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: new rows continue after the restored ids."""
    for table in _tables():
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto"
                and _python_type(column) is int
                and len(table.primary_key.columns) == 1
            ):
                sequence = conn.scalar(
                    text("SELECT pg_get_serial_sequence(:t, :c)"),
                    {"t": table.name, "c": column.name},
                )
                if sequence:
                    conn.execute(
                        text(
                            f"SELECT setval('{sequence}', COALESCE(MAX({column.name}), 0) + 1, "
                            f"false) FROM {table.name}"
                        )
                    )


def _verify_database(conn: Connection, manifest: dict) -> None:
    for table in _tables():
        if _fingerprint(_rows(conn, table)) != manifest["tables"][table.name]:
            raise _refuse(
                f"Nach dem Zurückspielen stimmt die Tabelle {table.name} nicht mit der Sicherung "
                "überein. Die Änderung wurde verworfen; es wurde nichts verändert."
            )


def restore_backup(engine: Engine, source: Path, allow_unsigned: bool = False) -> Manifest:
    """Replace all data with the backup's, or change nothing and say why. allow_unsigned: a
    backup of format 1 (before backups carried a MAC), on the operator's word."""
    archive, manifest = _open(source)
    with archive:
        _check_mac(manifest, _key_of(manifest), allow_unsigned)
        _check_file(archive, manifest)
        with engine.begin() as conn:
            _check_revision(conn, manifest)
            before = conn.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0
            with rollups.suspended(conn):  # rebuilt from the restored facts
                for table in reversed(_tables()):
                    conn.execute(delete(table))
                # a form saved before the restore may be saved again: its record is gone
                conn.execute(delete(FormSubmission))
                for table in _tables():
                    _load(conn, archive, table)
            if engine.dialect.name == "postgresql":
                _reset_sequences(conn)
            _verify_database(conn, manifest)
            # past every number handed out before, so no cached figure is taken for this state
            conn.execute(
                update(DataVersion).where(DataVersion.id == 1).values(version=before + 1_000_000)
            )
    fields = {k: manifest[k] for k in ("revision", "created_at", "database", "tables")}
    return Manifest(**fields)
