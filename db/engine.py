"""Engine and unit-of-work sessions for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

SQLITE_BUSY_TIMEOUT_MS = 10_000
T = TypeVar("T")


SQLITE_MMAP_BYTES = 512 * 1024 * 1024
SQLITE_CACHE_KIB = 32 * 1024


class DatabaseUnavailable(RuntimeError):
    """The configured database cannot be reached; the message is German and shown as is."""


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI types
    # Let SQLAlchemy (not the driver) issue BEGIN so we can make it IMMEDIATE.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    # Reading through memory-mapped pages and a larger page cache keeps the indicator
    # aggregates over years of contacts fast (docs/performance.md).
    cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cur.close()


def _sqlite_begin(conn) -> None:  # noqa: ANN001
    # A reader that later writes would fail at once with "database is locked";
    # taking the write lock at BEGIN makes writers queue on busy_timeout instead.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _private_sqlite_files(database: str | None) -> None:
    """The database file readable by its owner only, made so before SQLite opens it: SQLite
    gives its -wal and -shm files the database file's mode. An older file readable by others
    (and its -wal/-shm) is narrowed too."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(0o600)


def create_db_engine(url: str, **kwargs) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _private_sqlite_files(parsed.database)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _sqlite_begin_deferred(conn) -> None:  # noqa: ANN001
    conn.exec_driver_sql("BEGIN")


def create_reader_engine(url: str) -> Engine:
    """For long readers that never write (a backup): on SQLite their transactions begin
    deferred, so in WAL mode they read one consistent snapshot without holding the write lock
    (writers go on meanwhile). Elsewhere the same as create_db_engine."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_db_engine(url)
    _private_sqlite_files(parsed.database)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin_deferred)
    return engine


def check_connection(engine: Engine) -> None:
    """Raise DatabaseUnavailable with a German one-line message if the database is unreachable."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseUnavailable(
            f"Die Datenbank ist nicht erreichbar ({where}). "
            "Bitte DATABASE_URL und den Datenbankserver prüfen."
        ) from exc


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


class DatabaseBusy(RuntimeError):
    """Still locked or in conflict after all retries: nothing was saved; trying again helps."""

    MESSAGE = (
        "Die Datenbank ist gerade stark beschäftigt; es wurde nichts gespeichert. "
        "Bitte in einem Moment noch einmal speichern – Ihre Eingaben sind noch da."
    )

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)


# SQLite: locked/busy; PostgreSQL: serialization failure, deadlock, lock not available
_TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03"}


def is_transient(exc: BaseException) -> bool:
    """A lock or serialization conflict that goes away when the transaction is run again
    (also a version row changed by a transaction that committed while this one waited)."""
    if isinstance(exc, StaleDataError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _TRANSIENT_SQLSTATES:
        return True
    text_ = str(orig or exc).lower()
    return "database is locked" in text_ or "database is busy" in text_


def run_transaction(
    factory: sessionmaker[Session],
    work: Callable[[Session], T],
    attempts: int = 6,
    first_delay: float = 0.05,
) -> T:
    """Run ``work`` in one transaction; a transient lock or serialization error rolls back
    and runs it again after a growing, jittered pause. After the last attempt: DatabaseBusy
    (a clear, retryable message) — never a lost write and never a raw driver error."""
    for attempt in range(attempts):
        try:
            with unit_of_work(factory) as session:
                return work(session)
        except (DBAPIError, StaleDataError) as exc:
            if not is_transient(exc):
                raise
            if attempt == attempts - 1:
                raise DatabaseBusy() from exc
            time.sleep(first_delay * 2**attempt * (0.5 + random.random()))
    raise AssertionError("unreachable")


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
