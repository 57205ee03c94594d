"""The query plans behind the dashboard, for docs/performance.md:
`python -m bench.plans <database URL>` on a database filled by the benchmark (bench/world.py).
Prints every SELECT the full dashboard issues (12 months, all cooperatives) with its time
and plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL)."""

from __future__ import annotations

import sys
import time

from sqlalchemy import event
from sqlalchemy.orm import Session

from bench.dashboard import KOORDINATION
from config import local_today
from db.engine import create_db_engine
from services import dashboard as dash
from services.indicators import Scope


def main(url: str) -> None:
    engine = create_db_engine(url)
    statements: list[tuple[str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    scope = Scope(*dash.preset_period("Letzte 12 Monate", local_today()))
    with Session(engine) as session:
        dash.dashboard(session, KOORDINATION, scope)
    event.remove(engine, "before_cursor_execute", _seen)
    postgres = engine.dialect.name == "postgresql"
    explain = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " if postgres else "EXPLAIN QUERY PLAN "
    timed = []
    with engine.connect() as conn:
        for statement, parameters in statements:
            started = time.perf_counter()
            conn.exec_driver_sql(statement, parameters).all()
            timed.append((time.perf_counter() - started, statement, parameters))
        for seconds, statement, parameters in sorted(timed, key=lambda t: t[0], reverse=True):
            print(f"-- {seconds * 1000:.1f} ms")
            print(" ".join(statement.split()))
            for row in conn.exec_driver_sql(explain + statement, parameters):
                print("   ", row[-1])
            print()
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
