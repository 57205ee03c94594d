"""`make bench`: timings at scale, printed as a table. Not part of `make test`.

- partner search over 5,000 partners (target: < 100 ms per query)
- partner import: a 50,000-row CSV checked and written (target: seconds)

Runs on SQLite, and on PostgreSQL when one answers at BENCH_PG_URL (default: the test
database of `make test`).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from db.engine import DatabaseUnavailable, check_connection, create_db_engine
from db.migrate import upgrade
from services.actor import Actor
from services.catalogues import ensure_default_catalogues, options
from services.partner_files import COLUMNS, apply_import, preview_import, to_csv
from services.partners import PartnerQuery, search_partners

ADMIN = Actor(user_id=0, role="admin")
CITIES = ["Chemnitz", "Dresden", "Zwickau", "Bautzen", "Döbeln", "Werdau", "Olbernhau", "Plauen"]
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    kinds = ["Pflegedienst", "Beratungsstelle", "Verein", "Schuldnerberatung", "Behörde/Sozialamt"]
    areas = ["Vereinsamung", "Gesundheit", "Pflege- und Unterstützungsbedarf", "Sucht",
             "Mietschulden / finanzielle Not", "Anträge und Behörden"]  # fmt: skip
    body = []
    for i in range(rows):
        city = rng.choice(CITIES)
        body.append(
            [f"{rng.choice(kinds)} {city} {i}", rng.choice(kinds),
             ", ".join(rng.sample(areas, 2)), f"Hauptstraße {i % 90 + 1}", "09111", city,
             rng.choice(CITIES), f"0371 {100000 + i}", f"p{i}@example.org", "", "Mo–Fr 8–16",
             f"Person {i}", "Leitung", "", f"B-{i}"]
        )  # fmt: skip
    return to_csv([h for h, _ in COLUMNS], body)


def _timed(fn: Callable[[], object], repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_database(name: str, url: str) -> list[tuple[str, str, str]]:
    engine = create_db_engine(url)
    check_connection(engine)
    upgrade(engine)
    results = []
    with Session(engine) as session:
        ensure_default_catalogues(session)
        session.commit()
        content = _csv(5_000)
        preview = preview_import(session, ADMIN, content, "p.csv")
        apply_import(session, ADMIN, preview.valid)
        session.commit()
        need = next(o.id for o in options(session, "problem_area") if o.key == "pflege")
        queries = {
            "Suche: Bedarf + Ort": PartnerQuery(need_id=need, city="Chemnitz"),
            "Suche: Freitext": PartnerQuery(text="beratung chemnitz 12"),
            "Suche: Freitext + Ort": PartnerQuery(text="pflegedienst", city="Zwickau"),
            "Suche: alles, Seite 1": PartnerQuery(),
        }
        for label, q in queries.items():
            seconds = _timed(lambda q=q: search_partners(session, ADMIN, q, limit=20), repeat=15)
            verdict = "ok" if seconds < 0.1 else "ZU LANGSAM"
            results.append((name, f"{label} (5.000 Partner)", f"{seconds * 1000:.1f} ms {verdict}"))
        big = _csv(50_000, seed=8)
        started = time.perf_counter()
        preview = preview_import(session, ADMIN, big, "gross.csv")
        checked = time.perf_counter() - started
        apply_import(session, ADMIN, preview.valid)
        session.commit()
        total = time.perf_counter() - started
        results.append((name, "Import 50.000 Zeilen: prüfen", f"{checked:.1f} s"))
        results.append((name, "Import 50.000 Zeilen: prüfen + schreiben", f"{total:.1f} s"))
    engine.dispose()
    return results


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += bench_database("SQLite", f"sqlite:///{tmp}/bench.db")
    schema_db = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_db_engine(PG_URL, isolation_level="AUTOCOMMIT")
        check_connection(admin)
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{schema_db}"'))
        try:
            rows += bench_database("PostgreSQL", PG_URL.rsplit("/", 1)[0] + f"/{schema_db}")
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{schema_db}" WITH (FORCE)'))
            admin.dispose()
    except DatabaseUnavailable:
        rows.append(("PostgreSQL", "nicht erreichbar", "übersprungen"))
    width = max(len(r[1]) for r in rows)
    print(f"{'Datenbank':<11} {'Messung':<{width}}  Ergebnis")
    for db, label, value in rows:
        print(f"{db:<11} {label:<{width}}  {value}")


if __name__ == "__main__":
    main()
