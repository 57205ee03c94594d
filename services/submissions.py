"""Entry forms saved once. A form carries a token (one per displayed form); the first save
records it in the same transaction as the new record, so a second submit of the same form —
a double click, or a click that Streamlit replays after the rerun — finds the token and
returns the first save's result instead of saving again. Tokens are random and kept two
days; they say nothing about anyone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import delete
from sqlalchemy.orm import Session

from db.models import FormSubmission, utcnow

KEEP = dt.timedelta(days=2)


def once(session: Session, token: str, save: Callable[[Session], object]) -> object:
    """Run ``save`` unless the form with ``token`` was saved already; the result (an id) of
    the first save either way. The token is claimed before the save: a concurrent duplicate
    waits for it (PostgreSQL) and then fails on the primary key instead of saving twice."""
    done = session.get(FormSubmission, token)
    if done is not None:
        return done.result_id
    claim = FormSubmission(token=token, submitted_at=utcnow())
    session.add(claim)
    session.flush()
    result = save(session)
    claim.result_id = result if isinstance(result, int) else None
    session.execute(delete(FormSubmission).where(FormSubmission.submitted_at < utcnow() - KEEP))
    return result
