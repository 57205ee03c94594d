"""Quartier & Ehrenamt and Austauschtreffen through the pages."""

from __future__ import annotations

from sqlalchemy import select

from config import local_today
from db.models import Activity, Meeting, MeetingTopic, Volunteer, VolunteerAssignment
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import ids, open_page
from tests.pages.test_setup_and_login import add_user


def test_activity_volunteer_and_assignment(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    at = open_page(db, "kim", "screens/community.py")
    at.text_input(key="ac_title_0").input("Kaffeenachmittag")
    at.selectbox(key="ac_kind_0").select(ids(db, "activity_kind")["kaffeenachmittag"])
    at.number_input(key="ac_people_0").set_value(-3)
    by_label(at.button, "Aktivität speichern").click()
    at.run()
    assert "Die Teilnehmerzahl muss zwischen 0 und 10.000 liegen." in texts(at)
    assert at.text_input(key="ac_title_0").value == "Kaffeenachmittag"
    at.number_input(key="ac_people_0").set_value(12)
    by_label(at.button, "Aktivität speichern").click()
    at.run()
    assert "Aktivität gespeichert." in texts(at)

    at.text_input(key="vf_new_first").input("Ingrid")
    at.text_input(key="vf_new_last").input("Lorenz")
    by_label(at.button, "Ehrenamtliche Person anlegen").click()
    at.run()
    with db() as s:
        volunteer = s.scalar(select(Volunteer))
        assert (volunteer.first_name, volunteer.last_name) == ("Ingrid", "Lorenz")
    assert at.text_input(key="vf_new1_first").value == ""  # ready for the next person
    at.selectbox(key="as_who_0").select(volunteer.id)
    at.number_input(key="as_hours_0").set_value(2.5)
    by_label(at.button, "Einsatz speichern").click()
    at.run()
    assert "Einsatz gespeichert." in texts(at)
    with db() as s:
        assert s.scalar(select(Activity.participants)) == 12
        assert float(s.scalar(select(VolunteerAssignment.hours))) == 2.5


def test_koordination_sees_the_overview_only(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    add_user(db, "vswg", "koordination")
    at = open_page(db, "vswg", "screens/community.py")
    assert not at.exception
    table = at.table[0].value
    assert list(table["Genossenschaft"]) == ["WG Chemnitz eG"]
    assert not at.tabs  # no personal lists


def test_meeting_created_topic_proposed(db) -> None:
    add_user(db, "vswg", "koordination")
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    at = open_page(db, "vswg", "screens/meetings.py")
    at.text_input(key="mf_new_place").input("Chemnitz, VSWG")
    by_label(at.button, "Treffen anlegen").click()
    at.run()
    assert f"Austauschtreffen am {local_today():%d.%m.%Y} gespeichert." in texts(at)
    with db() as s:
        meeting_id = s.scalar(select(Meeting.id))
    kim = open_page(db, "kim", "screens/meetings.py")
    assert "Treffen anlegen" not in [b.label for b in kim.button]  # reading and proposing only
    kim.text_input(key=f"tp_{meeting_id}_0").input("Umgang mit Messie-Wohnungen")
    by_label(kim.button, "Vorschlagen").click()
    kim.run()
    assert "Thema vorgeschlagen." in texts(kim)
    with db() as s:
        assert s.scalar(select(MeetingTopic.title)) == "Umgang mit Messie-Wohnungen"


def test_new_meeting_is_shown_and_can_be_edited(db) -> None:
    add_user(db, "vswg", "koordination")
    at = open_page(db, "vswg", "screens/meetings.py")
    at.text_input(key="mf_new_place").input("Zwickau, Rathaus")
    by_label(at.button, "Treffen anlegen").click()
    at.run()
    with db() as s:
        meeting_id = s.scalar(select(Meeting.id))
    assert at.selectbox(key="mt_pick").value == meeting_id  # the new meeting, right away
    at.text_input(key=f"mf_{meeting_id}_place").input("Zwickau, Stadthalle")
    by_label(at.button, "Speichern").click()
    at.run()
    assert not at.exception
    assert f"Austauschtreffen am {local_today():%d.%m.%Y} gespeichert." in texts(at)
    with db() as s:
        assert s.scalar(select(Meeting.place)) == "Zwickau, Stadthalle"
