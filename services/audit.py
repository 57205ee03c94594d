"""Audit trail. Details hold ids, counts and keys only — never names, notes or free text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from config import LOCAL_TZ, local_time
from db.models import AuditLog, User, utcnow
from services.actor import Actor
from services.labels import AUDIT_ACTION_LABELS, ENTITY_LABELS
from services.permissions import require
from services.spreadsheets import csv_bytes

# A detail value must look like a key or number, so a name or a note cannot slip in.
_SAFE_TEXT = re.compile(r"^[a-z0-9_.:\-]{0,64}$")


def _check_details(details: dict[str, object]) -> None:
    for key, value in details.items():
        if value is None or isinstance(value, bool | int | float):
            continue
        if isinstance(value, str) and _SAFE_TEXT.match(value):
            continue
        if isinstance(value, list) and all(
            isinstance(v, str) and _SAFE_TEXT.match(v) for v in value
        ):  # e.g. the names of changed fields
            continue
        raise ValueError(f"audit detail {key!r} is not a key or number")


def audit(
    session: Session,
    actor: Actor | int | None,
    action: str,
    entity: str | None = None,
    entity_id: int | None = None,
    **details: object,
) -> None:
    _check_details(details)
    user_id = actor.user_id if isinstance(actor, Actor) else actor
    if user_id == 0:  # services.actor.COMMAND_LINE
        user_id, details = None, {**details, "via": "cli"}
    session.add(
        AuditLog(
            at=utcnow(),
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=details or None,
        )
    )


# --- reading (Protokoll: admin and Koordination) --------------------------------------------
@dataclass(frozen=True)
class AuditFilter:
    date_from: dt.date  # local days, both inclusive
    date_to: dt.date
    user_id: int | None = None
    action: str | None = None


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    username: str | None  # None: the system or the command line
    action: str
    entity: str | None
    entity_id: int | None
    details: dict | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int


def _utc_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), LOCAL_TZ).astimezone(dt.UTC)


# What Koordination reads of the log: accounts and administration, the shared partner
# directory and the meetings. Events about tenants' records (persons, cases, contacts,
# referrals, consents, signals, volunteers and their work) stay with the administration:
# one by one, with their day and cooperative, they would add up to exact small counts.
SHARED_ENTITIES = ("user", "user_session", "cooperative", "catalogue_entry", "partner", "meeting",
                   "approach_profile", "goal")  # fmt: skip


def _visible(query: Select, actor: Actor) -> Select:
    if actor.role == "admin":
        return query
    return query.where(or_(AuditLog.entity.is_(None), AuditLog.entity.in_(SHARED_ENTITIES)))


def _filtered(query: Select, flt: AuditFilter, actor: Actor) -> Select:
    query = _visible(query, actor).where(
        AuditLog.at >= _utc_start(flt.date_from),
        AuditLog.at < _utc_start(flt.date_to + dt.timedelta(days=1)),
    )
    if flt.user_id is not None:
        query = query.where(AuditLog.user_id == flt.user_id)
    if flt.action:
        query = query.where(AuditLog.action == flt.action)
    return query


def _row_query() -> Select:
    return (
        select(
            AuditLog.at,
            User.username,
            AuditLog.action,
            AuditLog.entity,
            AuditLog.entity_id,
            AuditLog.details,
        )
        .outerjoin(User, User.id == AuditLog.user_id)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    )


def list_audit(
    session: Session, actor: Actor, flt: AuditFilter, limit: int = 50, offset: int = 0
) -> AuditPage:
    """One page of the filtered log, newest first; counting and paging happen in SQL."""
    require(actor, "audit.read")
    count = select(func.count()).select_from(AuditLog)
    total = session.scalar(_filtered(count, flt, actor)) or 0
    rows = session.execute(_filtered(_row_query(), flt, actor).limit(limit).offset(offset)).all()
    return AuditPage([AuditRow(*r) for r in rows], total)


def audit_filter_options(session: Session, actor: Actor) -> tuple[dict[int, str], list[str]]:
    """Accounts that appear in the log (id -> username) and the actions it holds."""
    require(actor, "audit.read")
    users = session.execute(
        select(User.id, User.username)
        .where(User.id.in_(_visible(select(AuditLog.user_id), actor).distinct()))
        .order_by(User.username)
    ).all()
    actions = session.scalars(
        _visible(select(AuditLog.action), actor).distinct().order_by(AuditLog.action)
    ).all()
    return dict(users), list(actions)


def format_details(details: dict | None) -> str:
    def shown(value: object) -> str:
        return "/".join(map(str, value)) if isinstance(value, list) else str(value)

    return ", ".join(f"{k}={shown(v)}" for k, v in (details or {}).items())


# German beside the stable keys (a key is what a filter or another program reads)
CSV_HEADER = ["Zeitpunkt", "Benutzer", "Aktion", "Aktion (Schlüssel)", "Objekt",
              "Objekt (Schlüssel)", "Objekt-ID", "Details"]  # fmt: skip


def export_audit_csv(session: Session, actor: Actor, flt: AuditFilter) -> bytes:
    """The filtered log as CSV (services/spreadsheets: as German Excel opens it); the export
    is audited."""
    require(actor, "audit.read")
    count = 0

    def rows() -> Iterator[list]:
        nonlocal count
        for row in session.execute(_filtered(_row_query(), flt, actor)).yield_per(1000):
            at, username, action, entity, entity_id, details = row
            count += 1
            when = local_time(at).isoformat(timespec="seconds")
            record = "" if entity_id is None else entity_id
            yield [
                when,
                username or "System",
                AUDIT_ACTION_LABELS.get(action, action),
                action,
                ENTITY_LABELS.get(entity, entity or ""),
                entity or "",
                record,
                format_details(details),
            ]

    data = csv_bytes(CSV_HEADER, rows())
    audit(session, actor, "audit_exported", rows=count)
    return data
