"""The Präsentation page under AppTest: a meeting's period handed over in the address, and
slides that suppress small numbers even for the viewer's own cooperative. Every slide is
checked for personal data in the browser (tests/e2e/test_presentation.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st
from sqlalchemy import select

from components.shell.navigation import PRESENTING
from config import local_today
from db.models import Case, Cooperative, Person
from services.catalogues import entry_ids
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import open_page
from tests.pages.test_setup_and_login import add_user

PAGE = "screens/presentation.py"


@pytest.fixture(autouse=True)
def _fresh_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_a_meetings_period_is_preselected(db) -> None:
    add_user(db, "vogel", "koordination")
    at = open_page(db, "vogel", PAGE, von="2026-09-01", bis="2026-11-20")
    assert not at.exception
    assert at.selectbox(key="presentation_preset").value == "Eigener Zeitraum"
    assert at.date_input(key="presentation_range").value == (
        dt.date(2026, 9, 1),
        dt.date(2026, 11, 20),
    )
    # at an exchange meeting all cooperatives are shown by default
    assert at.multiselect(key="presentation_cooperatives").value == []


def test_a_broken_or_future_period_in_the_address_is_ignored(db) -> None:
    add_user(db, "vogel", "koordination")
    future = (local_today() + dt.timedelta(days=3)).isoformat()
    for von, bis in (("2026-09-01", future), ("gestern", "heute"), ("2026-10-01", "2026-09-01")):
        at = open_page(db, "vogel", PAGE, von=von, bis=bis)
        assert not at.exception
        assert at.selectbox(key="presentation_preset").value == "Letzte 12 Monate"


def _two_new_cases(db) -> None:
    with db() as s, s.begin():
        coop = s.scalar(select(Cooperative))
        route = entry_ids(s, "access_route")["aufsuchend"]
        for i in range(2):
            person = Person(cooperative_id=coop.id, pseudonym=f"OLB-{i}", last_name="Geheim")
            s.add(person)
            s.flush()
            s.add(
                Case(
                    person_id=person.id,
                    cooperative_id=coop.id,
                    opened_on=local_today(),
                    access_route_id=route,
                    urgency="frueh",
                )
            )


def test_slides_hide_small_numbers_even_of_the_own_cooperative(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Olbernhau")
    _two_new_cases(db)
    # on the dashboard the Kümmerer sees the own cooperative in full detail ...
    board = open_page(db, "kim", "screens/indicators.py")
    assert {m.label: m.value for m in board.metric}["Neue Fälle"] == "2"
    # ... on the projector the same figure is a small number
    at = open_page(db, "kim", PAGE)
    with db() as s:
        own = s.scalar(select(Cooperative.id))
    at.multiselect(key="presentation_cooperatives").set_value([own]).run()
    by_label(at.button, "Präsentation starten").click()
    at.run()
    assert not at.exception
    assert PRESENTING in at.session_state
    assert at.title[0].value == "Kennzahlen im Überblick"
    figures = {m.label: m.value for m in at.metric}
    assert figures["Neue Fälle"] == "<5"
    assert figures["Früherkennungsquote"] == "nicht ausgewiesen"
    assert "Folie 1 von 15" in texts(at) or any(
        "Folie 1 von 15" in str(h.value) for h in at.get("html")
    )
    for secret in ("Geheim", "OLB-0", "kim", "Test kuemmerer"):
        assert secret not in texts(at)


def test_the_filters_carry_over_from_indikatoren_to_the_presentation_and_back(db) -> None:
    add_user(db, "vogel", "koordination")
    add_user(db, "kim", "kuemmerer", coop_city="Zwickau")
    at = open_page(db, "vogel", "screens/indicators.py")
    at.selectbox(key="indicator_preset").select("Dieses Quartal").run()
    at.selectbox(key="indicator_city").select("Zwickau").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="presentation_preset").value == "Dieses Quartal"
    assert at.selectbox(key="presentation_city").value == "Zwickau"
    at.selectbox(key="presentation_preset").select("Dieses Jahr").run()
    at.switch_page("screens/indicators.py").run()
    assert at.selectbox(key="indicator_preset").value == "Dieses Jahr"
    assert at.selectbox(key="indicator_city").value == "Zwickau"
