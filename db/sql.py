"""Portable SQL pieces for aggregations that SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, Select, cast, func, select
from sqlalchemy.orm import Session


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def month_of(column: ColumnElement, dialect_name: str) -> ColumnElement[str]:
    """'YYYY-MM' of a date column."""
    if dialect_name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def days_between(start: ColumnElement, end: ColumnElement, dialect_name: str) -> ColumnElement:
    """Whole days from ``start`` to ``end`` (two date columns)."""
    if dialect_name == "postgresql":
        return cast(end - start, Integer)  # date - date is a whole number of days
    return cast(func.julianday(end) - func.julianday(start), Integer)


def medians(session: Session, values: Select) -> dict[object, tuple[float, int, int]]:
    """Median, count and key sum of ``v`` per ``g`` for a select of three labelled columns
    ``g``, ``v`` and ``k`` (the rows' record keys), computed in SQL with window functions (no
    rows leave the database)."""
    s = values.subquery()
    ranked = select(
        s.c.g,
        s.c.v,
        func.row_number().over(partition_by=s.c.g, order_by=s.c.v).label("rn"),
        func.count().over(partition_by=s.c.g).label("n"),
        func.sum(s.c.k).over(partition_by=s.c.g).label("ks"),
    ).subquery()
    middle = ranked.c.rn.between((ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2)
    query = (
        select(ranked.c.g, func.avg(ranked.c.v), func.max(ranked.c.n), func.max(ranked.c.ks))
        .where(middle)
        .group_by(ranked.c.g)
    )
    return {g: (float(m), int(n), int(k)) for g, m, n, k in session.execute(query)}


LIKE_ESCAPE = "\\"


def literal_like(text: str) -> str:
    """Text for a LIKE pattern that matches itself: % and _ are no wildcards (use with
    ``.like(pattern, escape=LIKE_ESCAPE)``)."""
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
