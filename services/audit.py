"""Audit trail. Details hold ids, counts and keys only — never names, notes or free text."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from db.models import AuditLog, utcnow
from services.actor import Actor

# A detail value must look like a key or number, so a name or a note cannot slip in.
_SAFE_TEXT = re.compile(r"^[a-z0-9_.:\-]{0,64}$")


def _check_details(details: dict[str, object]) -> None:
    for key, value in details.items():
        if value is None or isinstance(value, bool | int | float):
            continue
        if isinstance(value, str) and _SAFE_TEXT.match(value):
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
