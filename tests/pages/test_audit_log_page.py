"""Protokoll: Koordination and admin read the audit log, filtered, with German action names."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from components.admin.audit_log import describe_details
from config import local_today
from db.models import User
from tests.pages.conftest import texts
from tests.pages.test_setup_and_login import add_user, logged_in_app


def _audit_page(db, username: str):
    at = logged_in_app(db, username)
    return at.switch_page("screens/audit_log.py").run()


def test_koordination_reads_the_log_with_filters(db) -> None:
    add_user(db, "chefin", "admin")
    logged_in_app(db, "chefin")  # a login by the admin: one "Anmeldung" row
    add_user(db, "vswg", "koordination")
    at = _audit_page(db, "vswg")
    assert not at.exception
    assert at.title[0].value == "Protokoll"
    table = at.dataframe[0].value
    assert set(table["Benutzer"]) == {"chefin", "vswg"}
    assert set(table["Aktion"]) == {"Anmeldung"}
    assert "2 Einträge" in "\n".join(m.value for m in at.markdown)

    with db() as s:
        chefin = s.scalar(select(User.id).where(User.username == "chefin"))
    at.selectbox(key="al_user").select(chefin)
    at.run()
    assert at.dataframe[0].value["Benutzer"].tolist() == ["chefin"]

    at.selectbox(key="al_user").select(None)
    at.selectbox(key="al_action").select("login")
    at.date_input(key="al_from").set_value(local_today() + dt.timedelta(days=1))
    at.date_input(key="al_to").set_value(local_today() + dt.timedelta(days=2))
    at.run()
    assert "Keine Einträge für diese Auswahl." in texts(at)


def test_inverted_period_is_explained(db) -> None:
    add_user(db, "chefin", "admin")
    at = _audit_page(db, "chefin")
    at.date_input(key="al_from").set_value(dt.date(2026, 11, 20))
    at.date_input(key="al_to").set_value(dt.date(2026, 11, 1))
    at.run()
    assert "„Von“ liegt nach „Bis“" in texts(at)
    assert not at.dataframe


def test_details_read_in_german() -> None:
    assert describe_details({"old": "kuemmerer", "new": "koordination"}) == (
        "bisher: Kümmerer, neu: Koordination (VSWG)"
    )
    assert describe_details({"catalogue": "contact_kind", "relabelled": True}) == (
        "Katalog: Kontaktarten, umbenannt"
    )
    assert describe_details({"locked": False, "rows": 0}) == "gesperrt: nein, Zeilen: 0"
    assert describe_details(None) == ""


def test_a_partner_change_shows_its_field_names(db) -> None:
    """A detail holding a list (the changed fields) once took the page down."""
    from services.audit import audit

    add_user(db, "chefin", "admin")
    with db() as s, s.begin():
        audit(s, None, "partner_updated", "partner", 7, fields=["phone", "active"])
        audit(s, None, "partner_deactivated", "partner", 7)
    at = _audit_page(db, "chefin")
    assert not at.exception
    table = at.dataframe[0].value
    assert "Felder: Telefon, aktiv" in set(table["Details"])
    assert "Partner deaktiviert" in set(table["Aktion"])
