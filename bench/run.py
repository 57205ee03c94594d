"""`make bench`: timings at scale, printed as a table. Not part of `make test`.

- the indicator dashboard on a VSWG-scale dataset (bench/world.py, bench/dashboard.py):
  against a bare SQL baseline, against the naive pandas way, and a cached refresh
- partner search over 5,000 partners (target: < 100 ms per query)
- partner import: a 50,000-row CSV checked and written (target: seconds)
- the Sachbericht PDF and the Excel workbook on the demo dataset (target: a few seconds)

Runs on SQLite, and on PostgreSQL when one answers at BENCH_PG_URL (default: the server of
`make test`; each run creates and drops its own databases). SCALE=0.1 for a quick run;
SCALES=0.1,1,10: the dashboard also at each of these scales (how its cost grows).
Ends with machine-readable lines: dashboard_vs_sql_ratio=, naive_vs_dashboard_factor=,
cached_refresh_ms=, sachbericht_s= (SQLite) and the same with a pg_ prefix (PostgreSQL).
"""

from __future__ import annotations

import os
import random
import re
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from bench import dashboard
from db.engine import DatabaseUnavailable, check_connection, create_db_engine
from db.migrate import upgrade
from services.actor import Actor
from services.catalogues import ensure_default_catalogues, options
from services.partner_files import COLUMNS, apply_import, preview_import
from services.partners import PartnerQuery, search_partners
from services.spreadsheets import csv_bytes

ADMIN = Actor(user_id=0, role="admin")
CITIES = ["Chemnitz", "Dresden", "Zwickau", "Bautzen", "Döbeln", "Werdau", "Olbernhau", "Plauen"]
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    kinds = ["Pflegedienst", "Beratungsstelle", "Verein", "Schuldnerberatung", "Behörde/Sozialamt"]
    areas = [
        "Vereinsamung",
        "Gesundheit",
        "Pflege- und Unterstützungsbedarf",
        "Sucht",
        "Mietschulden / finanzielle Not",
        "Anträge und Behörden",
    ]
    body = []
    for i in range(rows):
        city = rng.choice(CITIES)
        body.append(
            [
                f"{rng.choice(kinds)} {city} {i}",
                rng.choice(kinds),
                ", ".join(rng.sample(areas, 2)),
                f"Hauptstraße {i % 90 + 1}",
                "09111",
                city,
                rng.choice(CITIES),
                f"0371 {100000 + i}",
                f"p{i}@example.org",
                "",
                "Mo–Fr 8–16",
                f"Person {i}",
                "Leitung",
                "",
                f"B-{i}",
            ]
        )
    return csv_bytes([h for h, _ in COLUMNS], body)


def _timed(fn: Callable[[], object], repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_partners(name: str, url: str) -> list[tuple[str, str, str]]:
    engine = _migrated(url)
    results = []
    with Session(engine) as session:
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


@contextmanager
def _database(kind: str) -> Iterator[str | None]:
    """A fresh, empty database of the kind; None when PostgreSQL does not answer."""
    if kind == "SQLite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    name = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_db_engine(PG_URL, isolation_level="AUTOCOMMIT")
        check_connection(admin)
    except DatabaseUnavailable:
        yield None
        return
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _migrated(url: str) -> Engine:
    engine = create_db_engine(url)
    check_connection(engine)
    upgrade(engine)
    with Session(engine) as session:
        ensure_default_catalogues(session)
        session.commit()
    return engine


def bench_dashboard(
    name: str, url: str, scale: float, naive_too: bool = True
) -> tuple[list, dashboard.Figures]:
    engine = _migrated(url)
    try:
        f = dashboard.run(engine, url, scale, naive_too)
    finally:
        engine.dispose()
    n = f.rows
    parts = [
        ("contact", "Kontakte"),
        ("case_file", "Fälle"),
        ("person", "Personen"),
        ("referral", "Vermittlungen"),
        ("partner", "Partner"),
    ]
    data = ", ".join(f"{n[table]:,}".replace(",", ".") + f" {label}" for table, label in parts)
    ok = "ok" if f.ratio <= 3 and f.dashboard_ms < 1000 else "ZIEL VERFEHLT"
    rows = [
        (name, "Testdaten erzeugen", f"{f.generated_s:.0f} s ({data})"),
        (name, "Basis: count(*) je Monat über alle Kontakte", f"{f.baseline_ms:.0f} ms"),
        (name, "Basis: dasselbe, nur die 12 Monate", f"{f.period_baseline_ms:.0f} ms"),
        (
            name,
            "Dashboard komplett (12 Monate, alle Genossenschaften)",
            f"{f.dashboard_ms:.0f} ms = {f.ratio:.2f} × Basis {ok}",
        ),
        (
            name,
            "Dasselbe naiv (ganze Tabellen in pandas)",
            f"{f.naive_ms:.0f} ms = {f.factor:.1f} × Dashboard",
        ),
        (
            name,
            "Aktualisierung ohne Datenänderung (Cache)",
            f"{f.cached_ms:.1f} ms {'ok' if f.cached_ms < 50 else 'ZU LANGSAM'}",
        ),
        (
            name,
            "Erstes Dashboard nach einer Änderung (Cache verfehlt)",
            f"{f.after_write_ms:.0f} ms",
        ),
        (
            name,
            "Kurzkontakt speichern mit Roll-ups (p50 von 30)",
            f"{f.quick_save_ms:.1f} ms {'ok' if f.quick_save_ms < 50 else 'ZU LANGSAM'}",
        ),
    ]
    if not naive_too:
        rows.pop(4)
    return rows, f


def bench_report(name: str, url: str) -> tuple[list, float]:
    """The Sachbericht of the running year for all cooperatives, on the demo dataset."""
    from components.documents.chart_drawing import warm_up
    from components.documents.report_pdf import report_for, sachbericht_pdf
    from components.documents.workbook import workbook_bytes
    from config import local_today
    from services.demo import seed_demo
    from services.reports import report_scope

    engine = _migrated(url)
    koordination = Actor(user_id=0, role="koordination")
    today = local_today()
    with Session(engine) as session:
        seed_demo(session, until=today)
        session.commit()
        scope = report_scope(koordination, today.year, None, today)
        warm_up()  # as the Berichte page does when it opens (the runtime's start: ~1 s)
        started = time.perf_counter()
        report = report_for(session, koordination, scope, "Alle Genossenschaften", "", today)
        figures = time.perf_counter() - started
        pdf = sachbericht_pdf(report, 5)
        total = time.perf_counter() - started
        # made again (the text changed): the charts are not drawn again
        again = _timed(lambda: sachbericht_pdf(report, 5))
        book = _timed(lambda: workbook_bytes(report.board, 5, "Alle Genossenschaften"))
    engine.dispose()
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    verdict = "ok" if total < 3 else "ZU LANGSAM (Ziel: unter 3 s)"
    size = f"{pages} Seiten, {len(pdf) // 1024} KB"
    return [
        (
            name,
            "Sachbericht PDF (Demodaten, alle Genossenschaften)",
            f"{total:.1f} s (Zahlen {figures:.2f} s, {size}) {verdict}",
        ),
        (name, "Sachbericht erneut (anderer Text, Diagramme schon gezeichnet)", f"{again:.1f} s"),
        (name, "Excel-Arbeitsmappe (dieselben Zahlen)", f"{book * 1000:.0f} ms"),
    ], total


def _growth(kind: str, prefix: str, scales: list[float]) -> tuple[list, list]:
    """The dashboard at each of SCALES (its own dataset each): how its cost grows while the
    facts grow."""
    rows, machine = [], []
    for scale in scales:
        with _database(kind) as url:
            _, f = bench_dashboard(kind, url, scale, naive_too=False)
        contacts = f"{f.rows['contact']:,}".replace(",", ".")
        rows.append(
            (
                kind,
                f"Wachstum: SCALE={scale:g} ({contacts} Kontakte)",
                f"Dashboard {f.dashboard_ms:.0f} ms = {f.ratio:.2f} × Basis "
                f"({f.baseline_ms:.0f} ms), nach Änderung {f.after_write_ms:.0f} ms, "
                f"Kurzkontakt {f.quick_save_ms:.1f} ms",
            )
        )
        machine.append(f"{prefix}dashboard_ms_scale_{scale:g}={f.dashboard_ms:.0f}")
    return rows, machine


def main() -> None:
    scale = float(os.environ.get("SCALE") or 1)
    scales = [float(s) for s in (os.environ.get("SCALES") or "").split(",") if s.strip()]
    rows: list[tuple[str, str, str]] = []
    machine: list[str] = []
    for kind, prefix in (("SQLite", ""), ("PostgreSQL", "pg_")):
        with _database(kind) as url:
            if url is None:
                rows.append((kind, "nicht erreichbar", "übersprungen"))
                continue
            found, figures = bench_dashboard(kind, url, scale)
            rows += found
            machine += [
                f"{prefix}dashboard_vs_sql_ratio={figures.ratio:.2f}",
                f"{prefix}naive_vs_dashboard_factor={figures.factor:.1f}",
                f"{prefix}cached_refresh_ms={figures.cached_ms:.1f}",
                f"{prefix}first_after_write_ms={figures.after_write_ms:.0f}",
                f"{prefix}quick_contact_p50_ms={figures.quick_save_ms:.1f}",
            ]
        found, lines = _growth(kind, prefix, [s for s in scales if s != scale])
        rows += found
        machine += lines
        with _database(kind) as url:
            rows += bench_partners(kind, url)
        with _database(kind) as url:
            found, seconds = bench_report(kind, url)
            rows += found
            machine.append(f"{prefix}sachbericht_s={seconds:.2f}")
    width = max(len(r[1]) for r in rows)
    print(f"\nSCALE={scale:g}")
    print(f"{'Datenbank':<11} {'Messung':<{width}}  Ergebnis")
    for db, label, value in rows:
        print(f"{db:<11} {label:<{width}}  {value}")
    print()
    print("\n".join(machine))


if __name__ == "__main__":
    main()
