"""Netzwerk through the pages: search by need and city, new partner with duplicate hint,
partner page with check, edit and suppressed figures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from config import local_today
from db.models import Partner
from services.actor import Actor
from services.catalogues import entry_ids
from services.partners import PartnerData, create_partner
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import ids, open_page
from tests.pages.test_setup_and_login import add_user


def _partner(db, name: str, city: str, kind="pflegedienst", areas=()) -> int:
    with db() as s, s.begin():
        data = PartnerData(
            name,
            entry_ids(s, "partner_kind")[kind],
            tuple(entry_ids(s, "problem_area")[a] for a in areas),
            city=city,
        )
        return create_partner(s, Actor(0, "admin"), data).id


def _labels(at) -> list[str]:
    return [link.label for link in at.get("page_link") if link.label not in ("Netzwerk",)]


def test_kuemmerer_finds_partners_in_the_own_city_by_need(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    _partner(db, "Pflegedienst Süd", "Chemnitz", areas=("pflege",))
    _partner(db, "Schuldnerberatung Mitte", "Chemnitz", "schuldnerberatung", ("mietschulden",))
    _partner(db, "Pflegedienst Zwickau", "Zwickau", areas=("pflege",))
    at = open_page(db, "kim", "screens/partners.py")
    assert not at.exception
    assert at.selectbox(key="pn_city").value == "Chemnitz"  # the cooperative's city first
    assert set(_labels(at)) >= {"Pflegedienst Süd", "Schuldnerberatung Mitte"}
    assert "Pflegedienst Zwickau" not in _labels(at)
    at.selectbox(key="pn_need").select(ids(db, "problem_area")["mietschulden"])
    at.run()
    assert "Schuldnerberatung Mitte" in _labels(at) and "Pflegedienst Süd" not in _labels(at)
    assert "1 Partner" in texts(at)


def test_new_partner_shows_a_duplicate_before_saving(db) -> None:
    add_user(db, "vswg", "koordination")
    _partner(db, "Diakonie Sozialstation gGmbH", "Chemnitz")
    at = open_page(db, "vswg", "screens/partners.py")
    at.text_input(key="np0_name").input("Diakonie-Sozialstation")
    at.selectbox(key="np0_kind").select(ids(db, "partner_kind")["pflegedienst"])
    at.text_input(key="np0_city").input("Chemnitz")
    by_label(at.button, "Partner anlegen").click()
    at.run()
    assert any("gibt es vielleicht schon" in w.value for w in at.warning)
    with db() as s:
        assert len(s.scalars(select(Partner)).all()) == 1
    assert at.text_input(key="np0_name").value == "Diakonie-Sozialstation"
    by_label(at.checkbox, "Das ist ein anderer Partner – trotzdem anlegen").check()
    by_label(at.button, "Partner anlegen").click()
    at.run()
    assert "Partner „Diakonie\\-Sozialstation“ angelegt." in texts(at)  # Markdown-escaped
    with db() as s:
        assert len(s.scalars(select(Partner)).all()) == 2


def test_partner_page_check_and_edit(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    pid = _partner(db, "Pflegedienst Süd", "Chemnitz")
    with db() as s, s.begin():
        s.get(Partner, pid).last_verified_on = dt.date(2024, 1, 1)
    at = open_page(db, "kim", "screens/partner.py", id=pid)
    assert at.title[0].value == "Pflegedienst Süd"
    assert "bitte prüfen" in texts(at)
    by_label(at.button, "Angaben geprüft").click()
    at.run()
    with db() as s:
        assert s.get(Partner, pid).last_verified_on == local_today()
    at.text_input(key=f"ep{pid}_email").input("kein-at-zeichen")
    by_label(at.button, "Änderungen speichern").click()
    at.run()
    assert "Die E-Mail-Adresse ist ungültig." in texts(at)
    assert at.text_input(key=f"ep{pid}_email").value == "kein-at-zeichen"
    at.text_input(key=f"ep{pid}_email").input("info@pflege-sued.de")
    by_label(at.button, "Änderungen speichern").click()
    at.run()
    with db() as s:
        assert s.get(Partner, pid).email == "info@pflege-sued.de"


def test_unknown_partner_page(db) -> None:
    add_user(db, "kim", "kuemmerer", coop_city="Chemnitz")
    at = open_page(db, "kim", "screens/partner.py", id=999)
    assert "Diesen Partner gibt es nicht." in texts(at)
