"""Kurzkontakt through the page: three taps store one contact that says what it was, the
kind stays for the next one, a topic is required, "Rückgängig" and "Entfernen" take one back,
a paper tally stores one contact per stroke, the paper sheets are PDFs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from components.cases.quick_contact_views import TABS
from components.formatting import plain
from config import local_today
from db.models import Contact
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import _kim, ids, open_page


def _count(db) -> int:
    with db() as s:
        return s.scalar(select(func.count()).select_from(Contact))


def test_a_quick_contact_is_saved_and_said_in_words(db) -> None:
    _kim(db)
    at = open_page(db, "kim", "screens/quick_contact.py")
    assert "Heute erfasst: 0" in texts(at)
    debt = ids(db, "problem_area")["mietschulden"]
    at.button_group(key="qc0_topic_ids").set_value([debt])
    by_label(at.button, "Speichern").click()
    at.run()
    assert not at.exception
    assert at.success[0].value == "Gespeichert: " + plain(
        "Tür-und-Angel-Gespräch, Mietschulden / finanzielle Not, 10 Min."
    )
    assert "Heute erfasst: 1" in texts(at)
    assert at.button_group(key="qc1_topic_ids").value == []  # the next entry starts empty
    door_step = ids(db, "contact_kind")["tuer_und_angel"]
    with db() as s:
        contact = s.scalar(select(Contact))
        assert contact.case_id is None and contact.minutes == 10
        assert contact.kind_id == door_step
        assert [t.key for t in contact.topics] == ["mietschulden"]


def test_the_kind_chosen_last_stays_for_the_next_contact(db) -> None:
    _kim(db)
    at = open_page(db, "kim", "screens/quick_contact.py")
    phone = ids(db, "contact_kind")["telefon"]
    at.button_group(key="qc0_kind_id").set_value(phone)
    at.button_group(key="qc0_topic_ids").set_value([ids(db, "problem_area")["vereinsamung"]])
    by_label(at.button, "Speichern").click()
    at.run()
    assert at.button_group(key="qc1_kind_id").value == phone


def test_without_a_topic_nothing_is_saved_and_the_choice_stays(db) -> None:
    _kim(db)
    at = open_page(db, "kim", "screens/quick_contact.py")
    phone = ids(db, "contact_kind")["telefon"]
    at.button_group(key="qc0_kind_id").set_value(phone)
    by_label(at.button, "Speichern").click()
    at.run()
    assert "Bitte wählen Sie mindestens ein Thema" in texts(at)
    assert at.button_group(key="qc0_kind_id").value == phone  # the same form, as chosen
    assert _count(db) == 0


def test_undo_takes_the_contact_back(db) -> None:
    _kim(db)
    at = open_page(db, "kim", "screens/quick_contact.py")
    at.button_group(key="qc0_topic_ids").set_value([ids(db, "problem_area")["vereinsamung"]])
    by_label(at.button, "Speichern").click()
    at.run()
    assert _count(db) == 1
    by_label(at.button, "Rückgängig").click()
    at.run()
    assert _count(db) == 0
    assert at.info[0].value.startswith("Zurückgenommen: " + plain("Tür-und-Angel"))
    assert "Heute erfasst: 0" in texts(at)


def test_an_own_contact_of_today_can_be_removed_from_the_list(db) -> None:
    _kim(db)
    at = open_page(db, "kim", "screens/quick_contact.py")
    at.button_group(key="qc0_topic_ids").set_value([ids(db, "problem_area")["sucht"]])
    by_label(at.button, "Speichern").click()
    at.run()
    with db() as s:
        contact_id = s.scalar(select(Contact.id))
    at.button(key=f"qc_remove_{contact_id}").click()
    at.run()
    assert _count(db) == 0
    assert "Heute erfasst: 0" in texts(at)


def _tally(at):  # noqa: ANN001, ANN202 - an AppTest
    """Choose the tab "Strichliste" (its fields are drawn once it has been opened)."""
    at.session_state[TABS] = "Strichliste"
    return at.run()


def test_the_tally_is_drawn_once_opened_and_then_stays(db) -> None:
    _kim(db)
    at = open_page(db, "kim", "screens/quick_contact.py")
    door, lonely = (
        ids(db, "contact_kind")["tuer_und_angel"],
        ids(db, "problem_area")["vereinsamung"],
    )
    assert not at.number_input  # "Einzeln": the page without the tally's hundred fields
    assert _tally(at).number_input(key=f"tally0_{door}_{lonely}")
    at.session_state[TABS] = "Einzeln"
    at.run()
    # still drawn (hidden): the browser keeps what was typed into it (tests/e2e)
    assert at.number_input(key=f"tally0_{door}_{lonely}")


def test_a_tally_of_seven_stores_seven_contacts(db) -> None:
    _kim(db)
    at = _tally(open_page(db, "kim", "screens/quick_contact.py"))
    kinds, topics = ids(db, "contact_kind"), ids(db, "problem_area")
    door, lonely, debt = kinds["tuer_und_angel"], topics["vereinsamung"], topics["mietschulden"]
    yesterday = local_today() - dt.timedelta(days=1)
    at.date_input(key="tally0_date").set_value(yesterday)
    at.button_group(key="tally0_minutes").set_value(15)
    at.number_input(key=f"tally0_{door}_{lonely}").set_value(5)
    at.number_input(key=f"tally0_{door}_{debt}").set_value(2)
    by_label(at.button, "Alle speichern").click()
    at.run()
    assert not at.exception
    assert plain(f"7 Kurzkontakte am {yesterday:%d.%m.%Y}, je 15 Min.") in at.success[0].value
    with db() as s:
        stored = s.scalars(select(Contact)).all()
        assert len(stored) == 7
        assert {(c.contact_date, c.minutes, c.kind_id) for c in stored} == {(yesterday, 15, door)}
        assert (
            sorted(t.key for c in stored for t in c.topics)
            == ["mietschulden"] * 2 + ["vereinsamung"] * 5
        )
    assert at.number_input(key=f"tally1_{door}_{lonely}").value == 0  # a fresh sheet
    by_label(at.button, "Rückgängig").click()  # a tally entered twice is taken back whole
    at.run()
    assert _count(db) == 0


def test_an_empty_tally_says_so_and_stores_nothing(db) -> None:
    _kim(db)
    at = _tally(open_page(db, "kim", "screens/quick_contact.py"))
    by_label(at.button, "Alle speichern").click()
    at.run()
    assert "Bitte tragen Sie mindestens ein Gespräch ein." in texts(at)
    assert _count(db) == 0


def test_the_paper_sheets_are_offered(db) -> None:
    _kim(db)
    at = open_page(db, "kim", "screens/quick_contact.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Strichliste für diese Woche (PDF)", "Aufnahmebogen „Neuer Fall“ (PDF)"]
