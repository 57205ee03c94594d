"""Apply Alembic migrations programmatically (used by manage.py, the app and the tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from config import PROJECT_ROOT
from db import rollups


def alembic_config() -> Config:
    return Config(str(PROJECT_ROOT / "alembic.ini"))


def _run(engine: Engine, step, revision: str) -> None:  # noqa: ANN001
    """One transaction for all steps. On SQLite foreign keys are off meanwhile (the pragma is
    ignored inside a transaction, so it is set on the driver's connection before): a migration
    that recreates a table must not cascade its implicit delete to the rows that point at it.
    The references are checked before the commit instead."""
    cfg = alembic_config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        driver = conn.connection.driver_connection
        if sqlite:
            driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                step(cfg, revision)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("migration left rows pointing at missing rows")
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate; after any migration (and where a roll-up's trigger is missing) the roll-ups'
    triggers are installed as db/rollups.py declares them now and the roll-ups rebuilt, in
    the same transaction (a migration that recreates a table on SQLite drops its triggers)."""

    def step(cfg: Config, target: str) -> None:
        conn = cfg.attributes["connection"]
        before = MigrationContext.configure(conn).get_current_revision()
        command.upgrade(cfg, target)
        if not all(inspect(conn).has_table(t) for t in rollups.TABLES):
            return
        if before != MigrationContext.configure(conn).get_current_revision() or not (
            rollups.installed(conn)
        ):
            rollups.reinstall(conn)

    _run(engine, step, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    _run(engine, command.downgrade, revision)
