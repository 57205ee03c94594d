"""Careless and hostile input through the pages: nothing typed is lost, nothing stored is
overwritten by a form that did not show it, no address breaks a screen."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import components.privacy.privacy_views
from db.models import AuditLog, Case, Person
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import _case_id, _kim, _open_case, ids, open_page
from tests.pages.test_privacy_page import PAGE, _demo_person


def test_editing_a_case_keeps_age_group_and_household(db) -> None:
    _kim(db)
    at = open_page(db, "kim", "screens/new_case.py")
    at.selectbox(key="nc0_p_age_group").select("65_79")
    at.selectbox(key="nc0_p_household_type").select("allein")
    _open_case(db, at)
    case_id = _case_id(db)
    at = open_page(db, "kim", "screens/case.py", id=case_id)
    # Change something else only: the problem areas.
    at.multiselect(key=f"ed_areas_{case_id}").select(ids(db, "problem_area")["mietschulden"])
    by_label(at.button, "Änderungen speichern").click()
    at.run()
    assert "Fall gespeichert." in texts(at)
    with db() as s:
        person = s.scalar(select(Person))
        assert (person.age_group, person.household_type) == ("65_79", "allein")
        assert len(s.get(Case, case_id).problem_areas) == 2


def test_an_access_export_that_cannot_be_made_is_not_audited(db, monkeypatch) -> None:
    def broken(*_args, **_kw) -> bytes:
        raise ValueError("layout failed")

    monkeypatch.setattr(components.privacy.privacy_views, "access_pdf", broken)
    person = _demo_person(db)
    at = open_page(db, "kuemmerer.chemnitz", PAGE, person=person.id)
    by_label(at.button, "Auskunft erstellen").click()
    at.run()
    assert "unerwarteter Fehler" in texts(at)
    with db() as s:
        assert s.scalar(select(AuditLog).where(AuditLog.action == "access_exported")) is None


BAD_IDS = ["999999999999", "99999999999999999999", "-1", "1e3", "١٢", " 1", "0x1"]


@pytest.mark.parametrize("raw", BAD_IDS)
def test_an_id_in_the_address_that_does_not_exist_is_said_so(db, raw) -> None:
    _kim(db)
    for page, param, message in (
        ("screens/case.py", "id", "Diesen Fall gibt es nicht."),
        ("screens/partner.py", "id", "Diesen Partner gibt es nicht."),
        ("screens/new_case.py", "signal", "Diesen Hinweis gibt es nicht."),
        ("screens/privacy.py", "person", "Diese Person gibt es nicht."),
    ):
        at = open_page(db, "kim", page, **{param: raw})
        assert not at.exception, (page, raw)
        assert "unerwarteter Fehler" not in texts(at), (page, raw)
        assert message in texts(at), (page, raw)


@pytest.mark.parametrize(
    "von, bis", [("0001-01-01", "2026-11-01"), ("9999-12-31", "9999-12-31"), ("2026-13-01", "x")]
)
def test_a_period_in_the_address_that_cannot_be_shown_is_said_so(db, von, bis) -> None:
    _kim(db)
    at = open_page(db, "kim", "screens/presentation.py", von=von, bis=bis)
    assert not at.exception
    assert "unerwarteter Fehler" not in texts(at)
    assert "Der Zeitraum in der Adresse ist ungültig" in texts(at)
