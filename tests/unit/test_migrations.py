"""The initial migration builds exactly the models' schema, and downgrades cleanly."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from db.engine import create_db_engine
from db.migrate import downgrade, upgrade
from db.models import Base
from tests.conftest import _TMP, PG_URL, postgres_admin_engine


def _assert_matches_models(engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"migration and models differ: {diff}"


def _roundtrip(engine) -> None:
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    _assert_matches_models(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}


def test_upgrade_and_downgrade_on_sqlite() -> None:
    engine = create_db_engine(f"sqlite:///{_TMP}/mig-{uuid.uuid4().hex[:8]}.db")
    _roundtrip(engine)
    engine.dispose()


@pytest.mark.postgres
def test_upgrade_and_downgrade_on_postgresql() -> None:
    admin = postgres_admin_engine()
    name = f"kc_mig_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = create_db_engine(url)
    try:
        _roundtrip(engine)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_migration_that_recreates_the_person_table_keeps_what_points_at_it() -> None:
    """0008 rebuilds `person` on SQLite: with foreign keys on, dropping the old table would
    delete every case and consent of every person (ON DELETE CASCADE)."""
    engine = create_db_engine(f"sqlite:///{_TMP}/mig-{uuid.uuid4().hex[:8]}.db")
    upgrade(engine, "0007")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cooperative (id, name, code, city, housing_units, active, version,"
                " created_at, updated_at) VALUES (1, 'G', 'G', 'Chemnitz', 1, 1, 1, '2026-01-01',"
                " '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO person (id, cooperative_id, pseudonym, birth_year, version,"
                " created_at, updated_at)"
                " VALUES (1, 1, 'G-0001', 1950, 1, '2026-01-01', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO consent (person_id, kind, form, given_on, created_at) VALUES"
                " (1, 'dokumentation', 'schriftlich', '2026-01-01', '2026-01-01')"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM consent")).scalar() == 1
        assert conn.execute(text("SELECT pseudonym FROM person")).scalar() == "G-0001"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
