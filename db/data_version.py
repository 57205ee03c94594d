"""A database-wide change counter for the data behind the indicators.

Every transaction that changed such data bumps ``data_version.version`` once, just before it
commits (so the row is locked only for the commit itself and no deadlock can form around it).
Readers compare the number with the one their cached figures were computed at: one primary-key
lookup instead of recomputing. It lives in the database, so it works across app processes.
Restoring an older backup must set the number above any number handed out since (e.g. add a
large step), or cached figures of the newer state could be taken for the restored one.
"""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from db.models import DataVersion

# Tables the indicators read; changes to sessions, users or the audit log do not count.
WATCHED = frozenset({
    "cooperative", "catalogue_entry", "case_file", "case_problem_area", "case_outcome",
    "contact", "referral", "partner", "partner_city", "activity", "volunteer",
    "volunteer_assignment", "meeting", "meeting_attendee", "meeting_method", "signal",
    "approach_profile", "approach_post", "approach_focus", "goal",
})  # fmt: skip
_CHANGED = "data_changed"


def current(session: Session) -> int:
    return session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0


def _table(obj: object) -> str | None:
    table = getattr(obj, "__table__", None)
    return table.name if table is not None else None


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context) -> None:  # noqa: ANN001
    objects = (*session.new, *session.dirty, *session.deleted)
    if any(_table(o) in WATCHED for o in objects):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is not None and getattr(table, "name", None) in WATCHED:
            state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump(session: Session) -> None:
    session.flush()
    if session.info.pop(_CHANGED, False):
        session.execute(
            update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version + 1)
        )


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_CHANGED, None)
