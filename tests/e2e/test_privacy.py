"""Issue 10 in the browser: a Kümmerer finds a tenant, downloads the access export (Art. 15)
and anonymises the person after confirming (Art. 17); the name is gone everywhere."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select

from db.models import Case, Person, Referral
from tests.e2e.conftest import open_tab, settle, shot
from tests.e2e.test_indicators import _open

pytestmark = pytest.mark.e2e


def _tenant(server) -> tuple[str, str]:
    """A Chemnitz tenant with a name, a closed case and no open referral."""
    engine = create_engine(server.env["DATABASE_URL"])
    with engine.connect() as db:
        open_referral = select(Referral.case_id).where(Referral.status == "angefragt")
        row = db.execute(
            select(Person.pseudonym, Person.last_name)
            .join(Case, Case.person_id == Person.id)
            .where(
                Person.pseudonym.like("CSG-%"),
                Person.last_name.is_not(None),
                Case.id.not_in(open_referral),
            )
            .order_by(Person.id)
        ).first()
    engine.dispose()
    return row


def test_access_export_then_erasure(server, page) -> None:
    server.seed_demo()
    code, last_name = _tenant(server)
    _open(page, server, "kuemmerer.chemnitz", "Datenschutz")
    page.get_by_label("Person suchen (Kennung oder Name)").fill(code)
    page.get_by_label("Person suchen (Kennung oder Name)").press("Enter")
    settle(page)
    expect(page.get_by_role("heading", name=code)).to_be_visible()
    open_tab(page, "Auskunft")
    page.get_by_role("button", name="Auskunft erstellen").click()
    settle(page)
    shot(page, "31-datenschutz-auskunft")
    with page.expect_download() as download:
        page.get_by_role("button", name="Auskunft als JSON").click()
    export = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert export["person"]["pseudonym"] == code and export["person"]["nachname"] == last_name
    assert export["cases"] and "kontakte" in export["cases"][0]
    with page.expect_download() as download:
        page.get_by_role("button", name="Auskunft als PDF").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    open_tab(page, "Löschen")
    page.get_by_role("button", name="Person anonymisieren …").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Bleiben erhalten")).to_be_visible()
    shot(page, "32-datenschutz-loeschen")
    dialog.get_by_role("button", name="Endgültig anonymisieren").click()
    expect(page.get_by_text(f"{code} wurde anonymisiert.").first).to_be_visible()
    # the old code finds nobody any more, and the name is gone from the database
    page.get_by_label("Person suchen (Kennung oder Name)").fill(last_name)
    page.get_by_label("Person suchen (Kennung oder Name)").press("Enter")
    settle(page)
    assert server.scalar(select(Person.id).where(Person.pseudonym == code)) is None


def test_admin_sets_the_retention_rule(server, page) -> None:
    server.seed_demo()
    _open(page, server, "admin", "Datenschutz")
    page.get_by_label("Protokolleinträge löschen nach … Jahren").fill("3")
    page.get_by_role("button", name="Regel speichern").click()
    expect(page.get_by_text("Aufbewahrungsregel gespeichert.").first).to_be_visible()
    settle(page)
    page.get_by_test_id("stExpander").locator("summary").click()
    records = page.get_by_test_id("stExpanderDetails")
    expect(records.get_by_text("Protokolleinträge werden nach 3 Jahren gelöscht.")).to_be_visible()
    settle(page)
    shot(page, "33-datenschutz-aufbewahrung")
