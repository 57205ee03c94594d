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
