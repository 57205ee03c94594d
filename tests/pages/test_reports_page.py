"""The Berichte page under AppTest: the Sachbericht is made with the user's text and offered
for download, the choice is kept, and a Kümmerer reports on the own cooperative only."""

from __future__ import annotations

import pytest
import streamlit as st
from sqlalchemy import select

from config import local_today
from db.models import AuditLog
from services.demo import seed_demo
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import open_page

PAGE = "screens/reports.py"


@pytest.fixture(autouse=True)
def _fresh_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def demo(db):
    with db() as s, s.begin():
        seed_demo(s, until=local_today())
    return db


def test_koordination_makes_the_sachbericht(demo) -> None:
    at = open_page(demo, "koordination", PAGE)
    assert not at.exception
    assert at.title[0].value == "Berichte"
    assert at.selectbox(key="report_year").value == local_today().year
    at.text_area(key="report_special").input("Zwei neue Hofcafés.").run()
    by_label(at.button, "Sachbericht erstellen").click()
    at.run()
    assert not at.exception
    downloads = [d.proto.label for d in at.get("download_button")]
    assert "Sachbericht herunterladen (PDF)" in downloads
    assert "Arbeitsmappe herunterladen (Excel)" in downloads
    # the typed text stays in its field
    assert at.text_area(key="report_special").value == "Zwei neue Hofcafés."
    with demo() as s:
        logged = s.scalars(select(AuditLog).where(AuditLog.action == "report_created")).all()
    assert len(logged) == 1 and logged[0].details == {
        "year": local_today().year,
        "cooperatives": 0,
    }
    # changing the text asks for a new report instead of offering the old one
    at.text_area(key="report_special").input("Anderer Text.").run()
    assert "Sachbericht herunterladen (PDF)" not in [
        d.proto.label for d in at.get("download_button")
    ]
    assert "bitte den Bericht neu erstellen" in texts(at)


def test_kuemmerer_reports_on_the_own_cooperative(demo) -> None:
    at = open_page(demo, "kuemmerer.chemnitz", PAGE)
    assert not at.exception
    own = at.text_input[0]
    assert own.label == "Genossenschaft" and own.disabled
    assert own.value == "Chemnitzer Siedlungsgemeinschaft eG"
    assert at.checkbox(key="report_hide_small").value is True
