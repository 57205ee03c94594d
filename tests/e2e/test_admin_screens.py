"""The admin screens as people use them: catalogues, cooperatives, and the Protokoll with its
CSV download, read by Koordination."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, log_out, open_tab, shot
from tests.e2e.test_administration import choose, open_verwaltung
from tests.e2e.test_journeys import NAV

pytestmark = pytest.mark.e2e


def test_admin_edits_catalogue_and_koordination_exports_the_log(server, page, tmp_path) -> None:
    server.seed_demo()
    page.goto(server.url)
    log_in(page, "admin", DEMO_PASSWORD)
    open_verwaltung(page)

    open_tab(page, "Genossenschaften")
    expect(page.get_by_text("Neue Genossenschaft anlegen")).to_be_visible()
    shot(page, "09-verwaltung-genossenschaften")

    open_tab(page, "Kataloge")
    choose(page, "Katalog", "Kontaktarten", "Kontakt")
    expect(page.get_by_role("textbox", name="Bezeichnung").first).to_be_visible()
    page.wait_for_timeout(500)
    page.get_by_role("textbox", name="Bezeichnung").first.fill("Videoanruf")
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_text("„Videoanruf“ hinzugefügt.").first).to_be_visible(timeout=15_000)
    open_tab(page, "Kataloge")
    shot(page, "10-verwaltung-kataloge")
    log_out(page)

    log_in(page, "koordination", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Guten Tag")).first).to_be_visible()
    page.locator(NAV, has_text="Protokoll").click()
    expect(page.get_by_role("heading", name="Protokoll")).to_be_visible(timeout=15_000)
    expect(page.get_by_text(re.compile(r"\d+ Einträge")).first).to_be_visible()
    shot(page, "11-protokoll")
    with page.expect_download() as info:
        page.get_by_role("button", name="Als CSV herunterladen").click()
    target = tmp_path / "protokoll.csv"
    info.value.save_as(target)
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == (
        "Zeitpunkt;Benutzer;Aktion;Aktion (Schlüssel);Objekt;Objekt (Schlüssel);Objekt-ID;Details"
    )
    assert "admin;Katalogeintrag hinzugefügt;catalogue_entry_added;Katalogeintrag;" in text
    assert "koordination;Anmeldung;login;Konto;user;" in text
