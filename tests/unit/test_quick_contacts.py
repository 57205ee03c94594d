"""Quick contacts (issue 25): a topic is required, a paper tally stores one contact per
stroke or none, only one's own contact of today can be taken back, today's list counts what
the counter counts; the paper sheets are one page each and carry every field of the form."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from sqlalchemy import func, select

from components.cases.case_forms import NEW_CASE_SECTIONS, intake_sections
from components.documents.paper_sheets import intake_sheet, tally_sheet
from config import local_today
from db.models import AuditLog, Contact
from services.catalogues import entry_ids, options
from services.contacts import ContactData
from services.errors import Invalid, NotFound
from services.quick_contacts import (
    TallyData,
    quick_contacts_on,
    record_quick_contact,
    record_tally,
    remove_quick_contacts,
    todays_quick_contacts,
)
from tests import factories as f

TODAY = dt.date(2026, 11, 25)


def _ids(session):
    return entry_ids(session, "contact_kind"), entry_ids(session, "problem_area")


def _one(session, actor, topic="vereinsamung", day=TODAY):
    kinds, topics = _ids(session)
    data = ContactData(day, 10, kinds["telefon"], (topics[topic],))
    return record_quick_contact(session, actor, data, day)


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Contact))


def test_a_quick_contact_needs_a_topic(session) -> None:
    me = f.kuemmerer(session)
    kinds, _ = _ids(session)
    with pytest.raises(Invalid) as exc:
        record_quick_contact(session, me, ContactData(TODAY, 10, kinds["telefon"]), TODAY)
    assert set(exc.value.fields) == {"topic_ids"}
    assert _count(session) == 0


def test_a_tally_stores_one_contact_per_stroke(session) -> None:
    me = f.kuemmerer(session)
    kinds, topics = _ids(session)
    door, phone = kinds["tuer_und_angel"], kinds["telefon"]
    tally = TallyData(
        TODAY - dt.timedelta(days=2),
        15,
        {
            (door, topics["vereinsamung"]): 5,
            (phone, topics["sucht"]): 2,
            (door, topics["sucht"]): 0,
        },
    )
    ids = record_tally(session, me, tally, TODAY)
    assert len(ids) == 7 == _count(session)
    stored = session.scalars(select(Contact)).all()
    assert sorted((c.kind_id, c.topics[0].key) for c in stored) == sorted(
        [(door, "vereinsamung")] * 5 + [(phone, "sucht")] * 2
    )
    assert {(c.contact_date, c.minutes, c.case_id) for c in stored} == {
        (TODAY - dt.timedelta(days=2), 15, None)
    }
    logged = session.scalars(select(AuditLog).where(AuditLog.action == "quick_contacts_tallied"))
    assert [entry.details for entry in logged] == [{"count": 7}]


@pytest.mark.parametrize(
    ("strokes", "day", "field"),
    [
        ((), TODAY, "counts"),
        ((100,), TODAY, "counts"),
        ((-1,), TODAY, "counts"),
        ((3,), TODAY + dt.timedelta(days=1), "contact_date"),
    ],
)
def test_a_wrong_tally_stores_nothing(session, strokes, day, field) -> None:
    me = f.kuemmerer(session)
    kinds, topics = _ids(session)
    cell = (kinds["telefon"], topics["sucht"])
    tally = TallyData(day, 10, dict.fromkeys([cell] * len(strokes), *strokes))
    with pytest.raises(Invalid) as exc:
        record_tally(session, me, tally, TODAY)
    assert field in exc.value.fields
    assert _count(session) == 0


def test_only_ones_own_quick_contact_of_today_can_be_taken_back(session) -> None:
    coop = f.cooperative(session)
    me, colleague = (
        f.actor(f.user(session, "kuemmerer", coop)),
        f.actor(f.user(session, "kuemmerer", coop)),
    )
    today = local_today()  # the day the contacts are entered on
    mine, theirs = _one(session, me, day=today), _one(session, colleague, day=today)
    lines = todays_quick_contacts(session, me, today)
    assert [(line.id, line.removable) for line in lines] == [(theirs.id, False), (mine.id, True)]
    assert len(lines) == quick_contacts_on(session, me, today)
    with pytest.raises(NotFound):
        remove_quick_contacts(session, me, [theirs.id], today)
    with pytest.raises(NotFound):  # entered on an earlier day
        remove_quick_contacts(session, me, [mine.id], today + dt.timedelta(days=1))
    assert remove_quick_contacts(session, me, [mine.id], today) == 1
    assert [c.id for c in session.scalars(select(Contact))] == [theirs.id]


def _text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text().replace("\u200b", "") for p in reader.pages)
    return len(reader.pages), " ".join(text.split())


def test_the_tally_sheet_is_one_page_with_every_kind_and_topic(session) -> None:
    kinds = [o.label for o in options(session, "contact_kind")]
    topics = [o.label for o in options(session, "problem_area")]
    pages, text = _text(tally_sheet("WG Einheit eG " * 20, kinds, topics, dt.date(2026, 11, 30)))
    assert pages == 1
    assert "30.11.2026 bis 06.12.2026" in text
    for label in [*topics, "Telefon", "Hausbesuch"]:
        assert label in text


def test_the_intake_sheet_mirrors_the_new_case_form(session) -> None:
    choices = {c: options(session, c) for c in ("access_route", "problem_area", "contact_kind",
                                                 "intervention")}  # fmt: skip
    sections = intake_sections(choices)
    pages, text = _text(intake_sheet("WG Einheit eG", sections, TODAY))
    assert pages <= 2
    assert [title for title, _ in sections] == [title for title, _ in NEW_CASE_SECTIONS]
    for title, rows in sections:
        assert title in text
        for field in (field for row in rows for field in row):
            assert " ".join(field.label.split()[:2]) in text, field.label
            for choice in field.choices:
                assert choice.split()[0] in text, choice
