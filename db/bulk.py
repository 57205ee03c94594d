"""Bulk inserts for large loads (demo data, imports): one statement per table, batched by
SQLAlchemy's insertmanyvalues, ids returned in the order of the rows."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session


def insert_returning_ids(session: Session, model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(stmt, rows))


def insert_links(session: Session, table, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(table), rows)
