"""Roll-ups: per-day and per-month aggregates of a fact table that the indicators read
instead of the facts (docs/performance.md, "Roll-ups"). Each is declared once here; its
tables, the triggers that keep them in the same transaction as every write (SQLite and
PostgreSQL, so every write path counts: the services, a cascade, bulk SQL, the retention job,
the demo), their rebuild from the facts, the check against them and the same rows computed
from the facts (``from_facts``: what the property test compares every figure with) are all
made from that declaration. A period reads its whole months from the month roll-up and only
its edge days from the day roll-up (``rows_for``).

Only additive figures live here: counts and the sums of the records' cell keys (both add up,
so a figure over any days and cooperatives is a sum of rows). Distinct counts and medians are
computed from the facts (docs/performance.md says what each figure reads).

A migration that recreates a fact table on SQLite drops its triggers; db.migrate.upgrade
installs them again and rebuilds the roll-ups after every migration. A change to a
declaration comes with a migration (the tables change with it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    FromClause,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    column,
    select,
    text,
    union_all,
)
from sqlalchemy.types import TypeEngine


@dataclass(frozen=True)
class Rollup:
    """``by``: the roll-up's group columns (its primary key, in this order; the day first,
    so a period is one range, and an index on cooperative and day besides), each (type,
    expression over the fact row ``{r}``); ``sums``: the summed columns, each an expression
    over the fact row ('1' counts rows)."""

    name: str
    fact: str
    by: dict[str, tuple[TypeEngine, str]]
    sums: dict[str, str]
    grain: str = "day"  # or "month" (by_month)

    def __post_init__(self) -> None:
        # every roll-up counts its records in ``n``: a group whose n falls to 0 is removed
        assert self.sums.get("n") == "1", self.name

    def columns(self) -> list[str]:
        return [*self.by, *self.sums]

    def fact_columns(self) -> list[str]:
        """The fact columns the roll-up reads: a change to any other leaves it as it is."""
        expressions = [e for _, e in self.by.values()] + list(self.sums.values())
        return sorted({c for e in expressions for c in re.findall(r"\{r\}\.(\w+)", e)})

    def _of(self, expression: str, row: str) -> str:
        return expression.format(r=row)

    def _group(self, name: str, row: str, dialect: str) -> str:
        """A group column's value for fact row ``row``: a month roll-up's day is the first
        of its month."""
        value = self._of(self.by[name][1], row)
        if name != "day" or self.grain == "day":
            return value
        if dialect == "postgresql":
            return f"CAST(date_trunc('month', {value}) AS date)"
        return f"date({value}, 'start of month')"

    def add(self, row: str, dialect: str) -> str:
        """The statement that counts fact row ``row`` (NEW) in."""
        values = [self._group(c, row, dialect) for c in self.by]
        values += [self._of(e, row) for e in self.sums.values()]
        update = ", ".join(f"{c} = {self.name}.{c} + excluded.{c}" for c in self.sums)
        return (
            f"INSERT INTO {self.name} ({', '.join(self.columns())}) "
            f"VALUES ({', '.join(values)}) "
            f"ON CONFLICT ({', '.join(self.by)}) DO UPDATE SET {update}"
        )

    def remove(self, row: str, dialect: str) -> str:
        """The statements that count fact row ``row`` (OLD) out; a group left without records
        goes (the roll-up holds exactly the groups the facts have)."""
        update = ", ".join(f"{c} = {c} - ({self._of(e, row)})" for c, e in self.sums.items())
        where = " AND ".join(f"{c} = {self._group(c, row, dialect)}" for c in self.by)
        return (
            f"UPDATE {self.name} SET {update} WHERE {where}; "
            f"DELETE FROM {self.name} WHERE {where} AND n = 0"
        )

    def aggregate(self, dialect: str) -> str:
        """The roll-up's rows computed from the facts (the rebuild, the check, ``rows_for``)."""
        groups = [self._group(c, self.fact, dialect) for c in self.by]
        named = [f"{g} AS {c}" for g, c in zip(groups, self.by)]
        sums = [f"sum({self._of(e, self.fact)}) AS {c}" for c, e in self.sums.items()]
        return f"SELECT {', '.join(named + sums)} FROM {self.fact} GROUP BY {', '.join(groups)}"

    def by_month(self) -> Rollup:
        """The same roll-up per month (its day: the month's first): what whole months of a
        period read."""
        return replace(self, name=self.name.removesuffix("_day") + "_month", grain="month")


IS_QUICK = "CASE WHEN {r}.case_id IS NULL THEN 1 ELSE 0 END"

# contacts per cooperative, day, kind, case contact or quick contact: reach, trends, hours
CONTACT_DAY = Rollup(
    "rollup_contact_day",
    "contact",
    by={
        "day": (Date(), "{r}.contact_date"),
        "cooperative_id": (Integer(), "{r}.cooperative_id"),
        "kind_id": (Integer(), "{r}.kind_id"),
        "quick": (Integer(), IS_QUICK),
    },
    sums={"n": "1", "key_sum": "{r}.record_key", "minutes": "{r}.minutes"},
)
# cases per cooperative, opening day, urgency and access route: new cases, their urgency,
# outreach and access routes, the trends
CASE_DAY = Rollup(
    "rollup_case_day",
    "case_file",
    by={
        "day": (Date(), "{r}.opened_on"),
        "cooperative_id": (Integer(), "{r}.cooperative_id"),
        "urgency": (String(10), "{r}.urgency"),
        "access_route_id": (Integer(), "{r}.access_route_id"),
    },
    sums={"n": "1", "key_sum": "{r}.record_key"},
)
# the open caseload at a day's end: cases opened by then less cases closed by then (a case
# is closed on or after its opening day), each per cooperative; an open case counts as
# closed on OPEN_END, after every period
OPEN_END = dt.date(9999, 12, 31)
OPENED_DAY = Rollup(
    "rollup_opened_day",
    "case_file",
    by={"day": (Date(), "{r}.opened_on"), "cooperative_id": (Integer(), "{r}.cooperative_id")},
    sums={"n": "1", "key_sum": "{r}.record_key"},
)
CLOSED_DAY = Rollup(
    "rollup_closed_day",
    "case_file",
    by={
        "day": (Date(), f"COALESCE({{r}}.closed_on, '{OPEN_END}')"),
        "cooperative_id": (Integer(), "{r}.cooperative_id"),
    },
    sums={"n": "1", "key_sum": "{r}.record_key"},
)
DAY_ROLLUPS = (CONTACT_DAY, CASE_DAY, OPENED_DAY, CLOSED_DAY)
MONTHS = {r.name: r.by_month() for r in DAY_ROLLUPS}
ROLLUPS = (*DAY_ROLLUPS, *MONTHS.values())
TABLES = tuple(r.name for r in ROLLUPS)


_TABLES: dict[str, Table] = {}


def define(metadata: MetaData) -> None:
    """The roll-ups' tables (db/models.py): derived data, no backup of their own."""
    for r in ROLLUPS:
        columns = [Column(c, t, primary_key=True) for c, (t, _) in r.by.items()]
        columns += [Column(c, BigInteger(), nullable=False) for c in r.sums]
        by_cooperative = Index(f"ix_{r.name}_coop_day", "cooperative_id", "day")
        _TABLES[r.name] = Table(r.name, metadata, *columns, by_cooperative)


# --- triggers --------------------------------------------------------------------------------
def _trigger_sql(r: Rollup, dialect: str) -> list[str]:
    watched = ", ".join(r.fact_columns())
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {r.name}_insert AFTER INSERT ON {r.fact} "
            f"BEGIN {r.add('NEW', dialect)}; END",
            f"CREATE TRIGGER IF NOT EXISTS {r.name}_delete AFTER DELETE ON {r.fact} "
            f"BEGIN {r.remove('OLD', dialect)}; END",
            f"CREATE TRIGGER IF NOT EXISTS {r.name}_update AFTER UPDATE OF {watched} "
            f"ON {r.fact} BEGIN {r.remove('OLD', dialect)}; {r.add('NEW', dialect)}; END",
        ]
    return [
        f"CREATE OR REPLACE FUNCTION {r.name}_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n"
        f"  IF TG_OP <> 'INSERT' THEN {r.remove('OLD', dialect)}; END IF;\n"
        f"  IF TG_OP <> 'DELETE' THEN {r.add('NEW', dialect)}; END IF;\n"
        f"  RETURN NULL;\n"
        f"END $$",
        f"CREATE OR REPLACE TRIGGER {r.name}_keep AFTER INSERT OR DELETE OR UPDATE OF {watched} "
        f"ON {r.fact} FOR EACH ROW EXECUTE FUNCTION {r.name}_keep()",
    ]


def _trigger_names(r: Rollup, dialect: str) -> list[str]:
    kinds = ("insert", "delete", "update") if dialect == "sqlite" else ("keep",)
    return [f"{r.name}_{kind}" for kind in kinds]


def install(conn: Connection) -> None:
    """Create the triggers of every roll-up (again: a no-op when they exist)."""
    for r in ROLLUPS:
        for statement in _trigger_sql(r, conn.dialect.name):
            conn.exec_driver_sql(statement)


def installed(conn: Connection) -> bool:
    """Whether every roll-up's triggers are there."""
    if conn.dialect.name == "sqlite":
        found = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:  # in the schema of the connection's search path
        found = (
            "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = current_schema()::regnamespace"
        )
    names = {row[0] for row in conn.exec_driver_sql(found)}
    return all(n in names for r in ROLLUPS for n in _trigger_names(r, conn.dialect.name))


def uninstall(conn: Connection) -> None:
    for r in ROLLUPS:
        for name in _trigger_names(r, conn.dialect.name):
            on = "" if conn.dialect.name == "sqlite" else f" ON {r.fact}"
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{on}")
        if conn.dialect.name != "sqlite":
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {r.name}_keep()")


def reinstall(conn: Connection) -> None:
    """The triggers as declared now, and the roll-ups rebuilt from the facts."""
    uninstall(conn)
    install(conn)
    rebuild(conn)


def rebuild(conn: Connection) -> None:
    """Every roll-up computed afresh from the facts (in the caller's transaction)."""
    for r in ROLLUPS:
        conn.exec_driver_sql(f"DELETE FROM {r.name}")
        statement = r.aggregate(conn.dialect.name)
        conn.exec_driver_sql(f"INSERT INTO {r.name} ({', '.join(r.columns())}) {statement}")


@contextmanager
def suspended(conn: Connection) -> Iterator[None]:
    """Bulk writes without a trigger per row (a restore, the benchmark's dataset): the
    triggers are off meanwhile and the roll-ups are rebuilt at the end, in the same
    transaction."""
    uninstall(conn)
    yield
    reinstall(conn)


@dataclass(frozen=True)
class Difference:
    """One roll-up row that differs from the facts (no personal data: ids, a day, sums)."""

    rollup: str
    group: tuple
    stored: tuple
    expected: tuple


def differences(conn: Connection) -> list[Difference]:
    """Where the roll-ups and the facts disagree (a group missing on one side shows as
    zeros there)."""
    found = []
    for r in ROLLUPS:
        width = len(r.by)

        def rows(statement: str, width: int = width) -> dict[tuple, tuple]:
            result = {}
            for row in conn.exec_driver_sql(statement):
                group = tuple(str(v) for v in row[:width])
                result[group] = tuple(int(v or 0) for v in row[width:])
            return result

        stored = rows(f"SELECT {', '.join(r.columns())} FROM {r.name}")
        expected = rows(r.aggregate(conn.dialect.name))
        zeros = (0,) * len(r.sums)
        for group in sorted(stored.keys() | expected.keys()):
            have, want = stored.get(group, zeros), expected.get(group, zeros)
            if have != want:
                found.append(Difference(r.name, group, have, want))
    return found


# --- reading ---------------------------------------------------------------------------------
ONE_DAY = dt.timedelta(days=1)
_FROM_FACTS: ContextVar[bool] = ContextVar("rollups_from_facts", default=False)


@contextmanager
def from_facts() -> Iterator[None]:
    """Within: ``rows_for`` computes each roll-up from the facts (the property test's other
    side, and a check by hand)."""
    token = _FROM_FACTS.set(True)
    try:
        yield
    finally:
        _FROM_FACTS.reset(token)


def _whole_months(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of the period's first whole month and the last day of its last one (the
    first after the second when there is none)."""
    first = date_from if date_from.day == 1 else date_from.replace(day=28) + 4 * ONE_DAY
    first = first.replace(day=1)
    after = date_to + ONE_DAY
    last = (after if after.day == 1 else date_to.replace(day=1)) - ONE_DAY
    return first, last


def rows_for(r: Rollup, date_from: dt.date, date_to: dt.date) -> FromClause:
    """A day roll-up's rows of a period (both days inclusive), with its columns: the whole
    months from the month roll-up (a row's day is the month's first), the days at the edges
    from the day roll-up — or (``from_facts``) the same rows per day from the facts."""
    if _FROM_FACTS.get():
        typed = [column(c, t) for c, (t, _) in r.by.items()]
        typed += [column(c, BigInteger()) for c in r.sums]
        # a day roll-up's aggregate reads the same in every dialect
        facts = text(r.aggregate("")).columns(*typed).subquery("facts")
        return select(facts).where(facts.c.day.between(date_from, date_to)).subquery(r.name)
    days, months = _TABLES[r.name], _TABLES[MONTHS[r.name].name]
    first, last = _whole_months(date_from, date_to)
    if first > last:
        return select(days).where(days.c.day.between(date_from, date_to)).subquery(r.name)
    parts = [select(months).where(months.c.day.between(first, last))]
    # each edge a range of its own (an OR of the two made SQLite read every day between)
    for start, end in ((date_from, first - ONE_DAY), (last + ONE_DAY, date_to)):
        if start <= end:
            parts.append(select(days).where(days.c.day.between(start, end)))
    return union_all(*parts).subquery(r.name)
