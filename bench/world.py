"""A VSWG-scale dataset for the dashboard benchmark, written with bulk inserts (COPY on
PostgreSQL, one executemany per table on SQLite): at SCALE=1 56 cooperatives, 150,000
persons, 200,000 cases, 1,000,000 contacts, 100,000 referrals, 3,000 partners over ten
years up to today. Deterministic for a seed. No names: pseudonyms only."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from config import local_today
from db import rollups
from db.models import CatalogueEntry
from db.record_keys import RANGE

YEARS = 10
COOPERATIVES = 56
CITIES = ["Chemnitz", "Dresden", "Leipzig", "Zwickau", "Plauen", "Bautzen", "Görlitz",
          "Freiberg", "Döbeln", "Werdau", "Olbernhau", "Meißen", "Pirna", "Riesa"]  # fmt: skip
STATUS_WEIGHTS = {"angefragt": 1, "angenommen": 4, "erledigt": 3, "abgelehnt": 1,
                  "nicht_wahrgenommen": 1}  # fmt: skip


def sizes(scale: float) -> dict[str, int]:
    n = {
        "persons": 150_000,
        "cases": 200_000,
        "contacts": 1_000_000,
        "referrals": 100_000,
        "partners": 3_000,
        "activities": 20_000,
        "volunteers": 1_500,
        "assignments": 60_000,
        "meetings": 120,
    }
    return {k: max(1, int(v * scale)) for k, v in n.items()}


# tables whose rows a published count counts: each row gets its record key (own generator,
# so the rest of the world stays as it was for a seed)
KEYED = {"person", "case_file", "contact", "referral", "volunteer", "volunteer_assignment",
         "activity", "signal"}  # fmt: skip
_keys = random.Random(1)


def _bulk(engine: Engine, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows as fast as the database takes them; returns the number written."""
    if table in KEYED:
        columns = [*columns, "record_key"]
        rows = ((*row, _keys.randrange(RANGE)) for row in rows)
    count = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            cursor.execute("BEGIN")  # the engine runs the driver in autocommit mode
            marks = ", ".join("?" * len(columns))
            batch: list[tuple] = []
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            for row in rows:
                batch.append(row)
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    count, batch = count + len(batch), []
            cursor.executemany(sql, batch)
            count += len(batch)
            cursor.execute("COMMIT")
        raw.commit()
    finally:
        raw.close()
    return count


def _entries(engine: Engine) -> dict[str, list[int]]:
    with Session(engine) as session:
        rows = session.execute(select(CatalogueEntry.catalogue, CatalogueEntry.id)).all()
    out: dict[str, list[int]] = {}
    for catalogue, entry_id in rows:
        out.setdefault(catalogue, []).append(entry_id)
    return out


def build(engine: Engine, scale: float = 1.0, today: dt.date | None = None, seed: int = 8) -> dict:
    """Fill an empty, migrated database with default catalogues; returns the row counts."""
    today = today or local_today()
    rng = random.Random(seed)
    n = sizes(scale)
    first_day = today - dt.timedelta(days=365 * YEARS)
    span = (today - first_day).days
    entries = _entries(engine)
    now = dt.datetime.now(dt.UTC)
    written: dict[str, int] = {}
    with engine.begin() as conn:  # bulk: no trigger per row; the roll-ups are built at the end
        rollups.uninstall(conn)

    def day(start: dt.date = first_day, days: int = span) -> dt.date:
        return start + dt.timedelta(days=rng.randrange(max(days, 1)))

    written["cooperative"] = _bulk(
        engine,
        "cooperative",
        ["id", "name", "code", "city", "housing_units", "active", "version"],
        (
            (
                i,
                f"Wohnungsgenossenschaft {i:02d} eG",
                f"WG{i:02d}",
                CITIES[i % len(CITIES)],
                rng.randrange(800, 9000),
                True,
                1,
            )
            for i in range(1, COOPERATIVES + 1)
        ),
    )
    coop_of_person = [0] + [rng.randrange(1, COOPERATIVES + 1) for _ in range(n["persons"])]
    written["person"] = _bulk(
        engine,
        "person",
        ["id", "cooperative_id", "pseudonym", "age_group", "version"],
        (
            (i, coop_of_person[i], f"P-{i:07d}", rng.choice(["50_64", "65_79", "80_plus"]), 1)
            for i in range(1, n["persons"] + 1)
        ),
    )

    cases: list[tuple[int, dt.date, dt.date | None]] = [(0, today, None)]  # coop, open, close
    for _ in range(n["cases"]):
        opened = day()
        closed = opened + dt.timedelta(days=rng.randrange(7, 400))
        cases.append((0, opened, closed if closed < today and rng.random() < 0.9 else None))

    def case_rows() -> Iterator[tuple]:
        for i in range(1, n["cases"] + 1):
            person = rng.randrange(1, n["persons"] + 1)
            coop = coop_of_person[person]
            _, opened, closed = cases[i]
            cases[i] = (coop, opened, closed)
            status = "abgeschlossen" if closed else rng.choice(["offen", "in_bearbeitung"])
            urgency = rng.choices(["frueh", "akut", "krise"], [4, 5, 1])[0]
            route = rng.choice(entries["access_route"])
            yield (i, person, coop, opened, route, urgency, status, closed, 1)

    written["case_file"] = _bulk(
        engine,
        "case_file",
        [
            "id",
            "person_id",
            "cooperative_id",
            "opened_on",
            "access_route_id",
            "urgency",
            "status",
            "closed_on",
            "version",
        ],
        case_rows(),
    )
    written["case_problem_area"] = _bulk(
        engine,
        "case_problem_area",
        ["case_id", "entry_id"],
        (
            (i, e)
            for i in range(1, n["cases"] + 1)
            for e in rng.sample(entries["problem_area"], rng.randrange(1, 4))
        ),
    )
    written["case_outcome"] = _bulk(
        engine,
        "case_outcome",
        ["case_id", "entry_id"],
        ((i, rng.choice(entries["outcome"])) for i in range(1, n["cases"] + 1) if cases[i][2]),
    )

    def contact_rows() -> Iterator[tuple]:
        for i in range(1, n["contacts"] + 1):
            if rng.random() < 0.3:  # a quick contact: no case
                case_id, coop, on = None, rng.randrange(1, COOPERATIVES + 1), day()
            else:
                case_id = rng.randrange(1, n["cases"] + 1)
                coop, opened, closed = cases[case_id]
                on = min(day(opened, ((closed or today) - opened).days + 1), today)
            yield (
                i,
                case_id,
                coop,
                on,
                rng.choice([10, 15, 20, 30, 45, 60, 90]),
                rng.choice(entries["contact_kind"]),
            )

    written["contact"] = _bulk(
        engine,
        "contact",
        ["id", "case_id", "cooperative_id", "contact_date", "minutes", "kind_id"],
        contact_rows(),
    )
    written["partner"] = _bulk(
        engine,
        "partner",
        [
            "id",
            "name",
            "kind_id",
            "city",
            "last_verified_on",
            "active",
            "version",
            "created_at",
            "updated_at",
        ],
        (
            (
                i,
                f"Partner {i}",
                rng.choice(entries["partner_kind"]),
                CITIES[i % len(CITIES)],
                day(today - dt.timedelta(days=730), 730),
                rng.random() < 0.95,
                1,
                now - dt.timedelta(days=rng.randrange(span)),
                now,
            )
            for i in range(1, n["partners"] + 1)
        ),
    )
    written["partner_city"] = _bulk(
        engine,
        "partner_city",
        ["partner_id", "city"],
        ((i, CITIES[i % len(CITIES)]) for i in range(1, n["partners"] + 1)),
    )

    def referral_rows() -> Iterator[tuple]:
        statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        for i in range(1, n["referrals"] + 1):
            case_id = rng.randrange(1, n["cases"] + 1)
            _, opened, closed = cases[case_id]
            on = min(day(opened, 60), today)
            yield (
                i,
                case_id,
                rng.randrange(1, n["partners"] + 1),
                on,
                rng.choices(statuses, weights)[0],
                on,
                1,
            )

    written["referral"] = _bulk(
        engine,
        "referral",
        ["id", "case_id", "partner_id", "referred_on", "status", "status_on", "version"],
        referral_rows(),
    )
    written["activity"] = _bulk(
        engine,
        "activity",
        ["id", "cooperative_id", "held_on", "title", "kind_id", "participants"],
        (
            (
                i,
                rng.randrange(1, COOPERATIVES + 1),
                day(),
                "Nachbarschaftstreff",
                rng.choice(entries["activity_kind"]),
                rng.randrange(3, 40),
            )
            for i in range(1, n["activities"] + 1)
        ),
    )
    written["volunteer"] = _bulk(
        engine,
        "volunteer",
        ["id", "cooperative_id", "first_name", "last_name", "active"],
        (
            (i, rng.randrange(1, COOPERATIVES + 1), "Ehrenamt", f"E-{i}", True)
            for i in range(1, n["volunteers"] + 1)
        ),
    )
    written["volunteer_assignment"] = _bulk(
        engine,
        "volunteer_assignment",
        ["id", "volunteer_id", "assigned_on", "hours"],
        (
            (i, rng.randrange(1, n["volunteers"] + 1), day(), rng.choice([1, 2, 3]))
            for i in range(1, n["assignments"] + 1)
        ),
    )
    written["meeting"] = _bulk(
        engine,
        "meeting",
        ["id", "held_on", "place"],
        ((i, day(), "Dresden") for i in range(1, n["meetings"] + 1)),
    )
    if engine.dialect.name == "postgresql":  # ids were given: move the sequences on
        with engine.begin() as conn:
            for table in written:
                if table not in ("case_problem_area", "case_outcome", "partner_city"):
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
    with engine.begin() as conn:
        rollups.reinstall(conn)
    # fresh statistics (and on PostgreSQL the visibility map for index-only scans), as
    # autovacuum would have them on a database that grew over years
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return written
