"""Ansätze and Ziele under AppTest: a Kümmerer keeps the own profile (bad input answered
beside the field, typed input kept, nothing saved), Koordination sets a goal and sees its
computed status; the Indikatoren page groups the cooperatives by approach."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
import streamlit as st
from sqlalchemy import func, select

from db.models import ApproachProfile, Cooperative, Goal
from services import approaches as ap
from services.actor import Actor
from services.catalogues import entry_ids
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import open_page
from tests.pages.test_presentation_page import _two_new_cases
from tests.pages.test_setup_and_login import add_user


@pytest.fixture(autouse=True)
def _fresh_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _profile(db, city: str = "Olbernhau") -> int:
    with db() as s, s.begin():
        coop = s.scalar(select(Cooperative).where(Cooperative.city == city))
        title = entry_ids(s, "job_title")["sozialer_kuemmerer"]
        data = ap.ProfileData(
            dt.date(2025, 1, 1), "laendlich", (ap.PostData(title, "genossenschaft", 10),)
        )
        koordination = Actor(user_id=0, role="koordination", display_name="Test")
        return ap.save_profile(s, koordination, coop.id, data)


def test_a_kuemmerer_keeps_the_own_profile_and_bad_hours_keep_the_form(db) -> None:
    add_user(db, "kim", "kuemmerer", "Olbernhau")
    add_user(db, "ute", "kuemmerer", "Aue")
    _profile(db)
    _profile(db, "Aue")
    at = open_page(db, "kim", "screens/approaches.py")
    assert not at.exception
    assert "WG Olbernhau eG" in texts(at) and "WG Aue eG" in texts(at)  # both profiles read
    # only the own cooperative can be chosen for keeping
    assert at.selectbox(key="ap_coop").options == ["WG Olbernhau eG"]
    profile_id = at.selectbox(key=[k for k in at.session_state if k.startswith("ap_pick_")][0])
    key = f"ap_{at.selectbox(key='ap_coop').value}_{profile_id.value}"
    at.text_area(key=f"{key}_how_we_work").input("Sprechstunde mittwochs")
    at.number_input(key=f"{key}_post0_weekly_hours").set_value(0)
    by_label(at.button, "Steckbrief speichern").click()
    at.run()
    assert "Die Wochenstunden müssen zwischen 1 und 60 liegen." in texts(at)
    assert at.text_area(key=f"{key}_how_we_work").value == "Sprechstunde mittwochs"
    with db() as s:
        assert s.scalar(select(func.count()).where(ApproachProfile.how_we_work.is_not(None))) == 0
    at.number_input(key=f"{key}_post0_weekly_hours").set_value(19.5)
    by_label(at.button, "Steckbrief speichern").click()
    at.run()
    assert "Steckbrief gespeichert." in texts(at)
    with db() as s:
        saved = s.scalar(select(ApproachProfile).where(ApproachProfile.how_we_work.is_not(None)))
        assert saved.how_we_work == "Sprechstunde mittwochs"
        assert saved.posts[0].weekly_hours == 19.5


def test_koordination_sets_a_goal_and_sees_its_status(db) -> None:
    add_user(db, "vogel", "koordination")
    add_user(db, "kim", "kuemmerer", "Olbernhau")
    at = open_page(db, "vogel", "screens/goals.py")
    assert not at.exception
    assert "Noch keine Ziele gesetzt." in texts(at)
    by_label(at.button, "Ziel speichern").click()
    at.run()
    assert "Bitte wählen Sie die Kennzahl des Ziels." in texts(at)
    assert "Bitte geben Sie den Zielwert an." in texts(at)
    at.selectbox(key="goal_new_0_what_figure").set_value("early_share").run()
    at.number_input(key="goal_new_0_target_share").set_value(50.0)
    at.date_input(key="goal_new_0_when_baseline_to").set_value(dt.date(2024, 12, 31))
    at.date_input(key="goal_new_0_when_target_date").set_value(dt.date(2024, 6, 30))
    at.run()
    by_label(at.button, "Ziel speichern").click()
    at.run()
    assert "Das Zieldatum muss nach dem Ausgangszeitraum liegen." in texts(at)
    assert at.number_input(key="goal_new_0_target_share").value == 50.0  # kept
    assert "Der Ausgangszeitraum endet vor seinem Beginn." in texts(at)
    at.date_input(key="goal_new_0_when_baseline_to").set_value(dt.date(2025, 12, 31))
    at.date_input(key="goal_new_0_when_target_date").set_value(dt.date(2027, 12, 31))
    by_label(at.button, "Ziel speichern").click()
    at.run()
    assert "Ziel gespeichert." in texts(at)
    with db() as s:
        goal = s.scalar(select(Goal))
    assert (goal.figure, goal.target_value, goal.target_date) == (
        "early_share",
        0.5,
        dt.date(2027, 12, 31),
    )
    at = open_page(db, "vogel", "screens/goals.py")
    table = at.dataframe[0].value
    assert table["Kennzahl"].tolist() == ["Früherkennungsquote"]
    assert table["Stand"].tolist() == ["noch kein Wert"]  # no cases at all yet
    # the Kümmerer sees the goal for all cooperatives, and cannot change it
    mine = open_page(db, "kim", "screens/goals.py")
    assert mine.dataframe[0].value["Kennzahl"].tolist() == ["Früherkennungsquote"]
    assert not [b for b in mine.button if b.label == "Ziel speichern"]


def test_the_indicator_page_compares_approaches(db) -> None:
    add_user(db, "vogel", "koordination")
    add_user(db, "kim", "kuemmerer", "Olbernhau")
    _profile(db)
    _two_new_cases(db)
    at = open_page(db, "kim", "screens/indicators.py")
    assert not at.exception
    assert "Ansätze im Vergleich" in texts(at)
    at.selectbox(key="approach_attribute").set_value("area").run()
    assert not at.exception
    assert at.selectbox(key="approach_figure").value == "new_cases_per_post"
    # the own cooperative alone in its group: exact, 2 cases on 0.25 posts
    rows = [
        row
        for chart in at.get("vega_lite_chart")
        for dataset in chart.proto.datasets
        for row in pa.ipc.open_stream(dataset.data.data).read_pandas().to_dict("records")
        if str(row.get("Kategorie", "")).startswith("Ländlich")
    ]
    assert rows == [
        {"Kategorie": "Ländlich", "Reihe": "Anzahl", "Wert": 8.0, "Anzeige": "8,0"}
    ]  # fmt: skip
    table = at.dataframe[-1].value
    assert table["Vollzeitstellen (Mittel im Zeitraum)"].tolist() == ["0,25"]


def test_a_goal_for_an_approach_group(db) -> None:
    """The scope's own fields follow its choice: an approach group by its attribute and
    value, then the goal is stored for that group and the Kümmerer of a cooperative in it
    sees it."""
    add_user(db, "vogel", "koordination")
    add_user(db, "kim", "kuemmerer", "Olbernhau")
    _profile(db)
    at = open_page(db, "vogel", "screens/goals.py")
    at.selectbox(key="goal_new_0_what_figure").set_value("new_cases").run()
    at.button_group(key="goal_new_0_what_scope_kind").set_value("ansatz").run()
    at.selectbox(key="goal_new_0_attribute").set_value("area").run()
    assert at.selectbox(key="goal_new_0_value").options == ["Ländlich"]
    at.selectbox(key="goal_new_0_value").set_value("laendlich")
    at.number_input(key="goal_new_0_target").set_value(12.0)
    by_label(at.button, "Ziel speichern").click()
    at.run()
    assert "Ziel gespeichert." in texts(at)
    with db() as s:
        goal = s.scalar(select(Goal))
    assert (goal.scope_kind, goal.approach, goal.approach_value) == ("ansatz", "area", "laendlich")
    mine = open_page(db, "kim", "screens/goals.py")
    assert mine.dataframe[0].value["Gilt für"].tolist() == ["Städtisch / ländlich: Ländlich"]
