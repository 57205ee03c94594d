"""Quartier, Ehrenamt and Austauschtreffen on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.models import Activity, Cooperative, MeetingAttachment, VolunteerAssignment
from services import community as c
from services import meetings as m
from services.catalogues import entry_ids
from services.errors import Invalid, NotAllowed, NotFound
from tests import factories as f

pytestmark = pytest.mark.usefixtures("without_noise")

TODAY = dt.date(2026, 11, 25)
PDF = b"%PDF-1.4 Protokoll"


def _volunteer(session, me, first="Ingrid"):
    return c.save_volunteer(
        session, me, c.VolunteerData(first, "Lorenz", qualification="Alltagsbegleiterin")
    )


def test_activity_recorded_listed_and_copied(session) -> None:
    me = f.kuemmerer(session)
    helper = _volunteer(session, me)
    coffee = entry_ids(session, "activity_kind")["kaffeenachmittag"]
    data = c.ActivityData(TODAY, "Kaffeenachmittag im Hof", coffee, 14, (helper.id,))
    first = c.record_activity(session, me, data)
    copy = c.copy_activity(session, me, first.id, TODAY + dt.timedelta(days=28))
    assert (copy.title, copy.participants, [v.id for v in copy.volunteers]) == (
        "Kaffeenachmittag im Hof",
        14,
        [helper.id],
    )
    rows = c.list_activities(session, me, TODAY, TODAY + dt.timedelta(days=60))
    assert [(r.held_on, r.volunteers) for r in rows] == [(copy.held_on, 1), (TODAY, 1)]
    with pytest.raises(Invalid) as exc:
        c.record_activity(session, me, c.ActivityData(TODAY, "", coffee, -1))
    assert set(exc.value.fields) == {"title", "participants"}


def test_assignments_hours_and_other_cooperatives(session) -> None:
    me = f.kuemmerer(session)
    other = f.kuemmerer(session, city="Zwickau")
    helper = _volunteer(session, me)
    case = f.case(session, session.get(Cooperative, me.cooperative_id), TODAY)
    c.record_assignment(
        session, me, c.AssignmentData(helper.id, TODAY, "2,5", case.id, "Einkauf"), TODAY
    )
    c.record_assignment(
        session, me, c.AssignmentData(helper.id, TODAY - dt.timedelta(days=40), 1), TODAY
    )
    detail = c.volunteer_detail(session, me, helper.id, TODAY)
    assert detail.row.hours_12m == Decimal("3.5") and detail.row.last_assignment == TODAY
    assert detail.hours_by_month == [("2026-11", Decimal("2.5")), ("2026-10", Decimal("1"))]
    stored = session.scalar(
        select(VolunteerAssignment).where(VolunteerAssignment.case_id == case.id)
    )
    assert stored.person_id == case.person_id
    with pytest.raises(Invalid) as exc:
        c.record_assignment(session, me, c.AssignmentData(helper.id, TODAY, "0"), TODAY)
    assert "größer als 0" in exc.value.fields["hours"]
    with pytest.raises(Invalid) as exc:  # a volunteer of another cooperative does not exist
        c.record_assignment(session, other, c.AssignmentData(helper.id, TODAY, 1), TODAY)
    assert "gibt es nicht" in exc.value.fields["volunteer_id"]
    with pytest.raises(NotFound):
        c.volunteer_detail(session, other, helper.id)
    idle = _volunteer(session, me, "Otto")
    assert [r.idle(TODAY) for r in c.list_volunteers(session, me, TODAY) if r.id == idle.id] == [
        True
    ]


def test_koordination_sees_counts_only_and_small_counts_suppressed(session) -> None:
    me = f.kuemmerer(session)
    for first in ("Ingrid", "Otto", "Karl", "Rosa", "Paul", "Emma"):  # six: shown
        _volunteer(session, me, first)
    small = f.kuemmerer(session, city="Zwickau")
    _volunteer(session, small)  # one: suppressed, and its hours hidden
    middle = f.kuemmerer(session, city="Aue")
    for first in ("A", "B", "C", "D", "E"):  # five: published
        _volunteer(session, middle, first)
    koordination = f.actor(f.user(session, "koordination"))
    with pytest.raises(NotAllowed):
        c.list_volunteers(session, koordination)
    figures = {x.cooperative: x for x in c.community_overview(session, koordination, TODAY)}
    big = figures[session.get(Cooperative, me.cooperative_id).name]
    tiny = figures[session.get(Cooperative, small.cooperative_id).name]
    second = figures[session.get(Cooperative, middle.cooperative_id).name]
    assert (big.active_volunteers, big.volunteer_hours) == (6, Decimal(0))
    assert (tiny.active_volunteers, tiny.volunteer_hours) == (None, None)
    assert second.active_volunteers == 5
    assert "Lorenz" not in repr(figures)


def test_meetings_topics_actions_and_files(session) -> None:
    koordination = f.actor(f.user(session, "koordination"))
    me = f.kuemmerer(session)
    meeting = m.save_meeting(
        session, koordination, m.MeetingData(TODAY, "Chemnitz, VSWG", "", (me.user_id,))
    )
    with pytest.raises(NotAllowed):
        m.save_meeting(session, me, m.MeetingData(TODAY))
    m.propose_topic(session, me, meeting.id, "Umgang mit Messie-Wohnungen")
    m.add_method(
        session,
        koordination,
        meeting.id,
        "Motivierende Gesprächsführung",
        "",
        "https://example.org/mi",
    )
    action = m.add_action(
        session, koordination, meeting.id, "Leitfaden verschicken", me.user_id, TODAY
    )
    assert [a.text for a in m.open_actions(session, me)] == ["Leitfaden verschicken"]
    m.complete_action(session, koordination, action.id, TODAY)
    assert m.open_actions(session, me) == []
    m.attach_file(session, koordination, meeting.id, "protokoll.pdf", PDF)
    for name, content, words in (
        ("virus.exe", b"MZ", "nicht erlaubt"),
        ("bild.png", PDF, "passt nicht"),
        ("gross.pdf", b"%PDF" + b"0" * (m.MAX_FILE_BYTES + 1), "10 MB"),
    ):
        with pytest.raises(Invalid) as exc:
            m.attach_file(session, koordination, meeting.id, name, content)
        assert words in exc.value.fields["file"]
    detail = m.meeting_detail(session, me, meeting.id)
    assert detail.topics[0][0] == "Umgang mit Messie-Wohnungen"
    assert [a.filename for a in detail.attachments] == ["protokoll.pdf"]
    assert m.attachment_content(session, me, detail.attachments[0].id)[2] == PDF
    session.scalar(select(MeetingAttachment)).content = b"%PDF changed"
    with pytest.raises(Invalid):
        m.attachment_content(session, me, detail.attachments[0].id)
    assert session.scalar(select(Activity)) is None


def test_a_meeting_presents_the_time_since_the_previous_one(session) -> None:
    vswg = f.actor(f.user(session, "koordination"))
    kim = f.actor(f.user(session, "kuemmerer"))
    march = m.save_meeting(session, vswg, m.MeetingData(dt.date(2026, 3, 12)))
    june = m.save_meeting(session, vswg, m.MeetingData(dt.date(2026, 6, 18)))
    december = m.save_meeting(session, vswg, m.MeetingData(dt.date(2026, 12, 3)))
    today = dt.date(2026, 11, 25)
    assert m.presentation_period(session, kim, june.id, today) == (
        dt.date(2026, 3, 13),
        dt.date(2026, 6, 18),
    )
    # a meeting still ahead looks back up to today
    assert m.presentation_period(session, kim, december.id, today) == (
        dt.date(2026, 6, 19),
        today,
    )
    # the first meeting: the 90 days up to it
    assert m.presentation_period(session, kim, march.id, today) == (
        dt.date(2025, 12, 13),
        dt.date(2026, 3, 12),
    )
