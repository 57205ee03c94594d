"""Shared fixtures: a ``session`` on SQLite and on PostgreSQL, each test in its own rolled-back
transaction. Without a PostgreSQL server the PostgreSQL half is skipped locally with a reason;
with CI=true it fails instead."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator

import pytest

# Settings and secrets must never touch the developer's data/ folder.
_TMP = tempfile.mkdtemp(prefix="kc-tests-")
os.environ["KC_DATA_DIR"] = _TMP
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_TMP}/default.db")

from sqlalchemy import Engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from db.engine import create_db_engine  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from services.catalogues import ensure_default_catalogues  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def unavailable(reason: str) -> None:
    """Skip locally, fail in CI: required parts must not be skipped there."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test is required)")
    pytest.skip(reason)


def postgres_admin_engine() -> Engine:
    engine = create_db_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "not available"
        engine.dispose()
        unavailable(f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}")
    return engine


def _prepare(engine: Engine) -> None:
    upgrade(engine)
    with Session(engine) as s, s.begin():
        ensure_default_catalogues(s)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = create_db_engine(f"sqlite:///{_TMP}/unit-{uuid.uuid4().hex[:8]}.db")
        _prepare(eng)
        yield eng
        eng.dispose()
        return
    admin = postgres_admin_engine()
    schema = f"kc_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng = create_db_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        _prepare(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits are savepoints inside one transaction rolled back at the end."""
    conn = engine.connect()
    trans = conn.begin()
    s = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield s
    finally:
        s.close()
        trans.rollback()
        conn.close()


@pytest.fixture
def without_noise(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cell key method's deviations set to zero: what a hand-computed test of another
    cooperative's view then checks is which cells are withheld (1–4), the rates from the
    published counts and what follows them. The deviations themselves are tested with real
    record keys in tests/unit/test_cell_key.py."""
    from services import suppression

    monkeypatch.setattr(suppression, "_noise", lambda cell_key: 0)
