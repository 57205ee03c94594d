"""An entry form is saved once, however often it reaches the server (double click, a click
replayed after the rerun), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from db.models import Contact, FormSubmission, utcnow
from services import submissions
from services.catalogues import entry_ids
from services.contacts import ContactData
from services.quick_contacts import record_quick_contact
from tests import factories as f


def _save(session, kim):
    kind = entry_ids(session, "contact_kind")["telefon"]
    topic = (entry_ids(session, "problem_area")["vereinsamung"],)
    data = ContactData(dt.date(2026, 11, 3), 10, kind, topic)
    return lambda s: record_quick_contact(s, kim, data, dt.date(2026, 11, 3)).id


def _contacts(session) -> int:
    return session.scalar(select(func.count()).select_from(Contact))


def test_the_same_form_twice_saves_once_and_returns_the_first_record(session) -> None:
    kim = f.kuemmerer(session, "Zwickau")
    before = _contacts(session)
    first = submissions.once(session, "form-a", _save(session, kim))
    again = submissions.once(session, "form-a", _save(session, kim))
    assert again == first and _contacts(session) == before + 1
    submissions.once(session, "form-b", _save(session, kim))  # another form: saved
    assert _contacts(session) == before + 2


def test_old_tokens_are_forgotten(session) -> None:
    kim = f.kuemmerer(session, "Zwickau")
    session.add(FormSubmission(token="old", submitted_at=utcnow() - dt.timedelta(days=3)))
    session.flush()
    submissions.once(session, "new", _save(session, kim))
    assert session.get(FormSubmission, "old") is None
    assert session.get(FormSubmission, "new").result_id is not None
