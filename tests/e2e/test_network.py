"""Netzwerk in the browser: search by need and city, open a partner, check and edit it,
import a file with bad rows, export the selection; usable at phone width."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import PROJECT_ROOT, log_in, open_tab, send, settle, shot
from tests.e2e.test_administration import choose
from tests.e2e.test_journeys import NAV

pytestmark = pytest.mark.e2e
FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "partners_mixed_cp1252.csv"


def _to_network(page, server) -> None:
    page.goto(server.url)
    log_in(page, "kuemmerer.chemnitz", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Guten Tag")).first).to_be_visible()
    page.locator(NAV, has_text="Netzwerk").click()
    expect(page.get_by_role("heading", name="Netzwerk")).to_be_visible(timeout=15_000)
    settle(page)


def test_search_open_edit_import_export(server, page, tmp_path: Path) -> None:
    server.seed_demo()
    _to_network(page, server)
    choose(page, "Hilfebereich", "Mietschulden / finanzielle Not", "Miet")
    expect(page.get_by_text(re.compile(r"^\d+ Partner")).first).to_be_visible()
    cards = page.locator('a[data-testid="stPageLink-NavLink"]')
    expect(cards.first).to_be_visible()
    expect(page.locator('a[href^="tel:"]').first).to_be_visible()
    shot(page, "17-netzwerk")
    name = cards.first.inner_text().strip().splitlines()[-1]
    cards.first.click()
    expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Angaben geprüft").click()
    expect(page.get_by_text("als geprüft vermerkt").first).to_be_visible(timeout=15_000)
    settle(page)
    page.get_by_text("Bearbeiten", exact=True).click()
    phone = page.get_by_role("textbox", name="Telefon", exact=True)
    phone.fill("0371 4711 0")
    expect(phone).to_have_value("0371 4711 0")
    # a click a late rerun swallowed is given once more (make test under load, once)
    send(page, "Änderungen speichern", "Partner gespeichert.")
    expect(page.get_by_role("link", name="0371 4711 0")).to_have_attribute("href", "tel:037147110")
    shot(page, "18-partner")

    page.get_by_role("link", name="Netzwerk").first.click()
    open_tab(page, "Import")
    page.locator('input[type="file"]').set_input_files(str(FIXTURE))
    expect(page.get_by_text("10 Zeilen:")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("2 gültig, 8 abgelehnt")).to_be_visible()
    shot(page, "19-import")
    page.get_by_role("button", name="2 gültige Zeilen importieren").click()
    expect(page.get_by_text("Import abgeschlossen: 2 neu, 0 aktualisiert.").first).to_be_visible(
        timeout=30_000
    )

    open_tab(page, "Suchen")
    page.get_by_role("textbox", name="Suche").fill("Sozialstation Süd")
    page.get_by_role("textbox", name="Suche").press("Enter")
    expect(page.get_by_text("1 Partner")).to_be_visible(timeout=15_000)
    # the search's rerun done: until then the list before it may still show its own buttons
    # beside the new ones (a strict-mode failure on a loaded CI machine: two "Excel")
    settle(page)
    with page.expect_download() as info:
        # exact: the Import tab's "Vorlage (Excel)" may still be visible while the tab changes
        page.get_by_role("button", name="Excel", exact=True).click()
    with page.expect_download() as csv_info:
        page.get_by_role("button", name="CSV", exact=True).click()
    target = tmp_path / "partner.csv"
    csv_info.value.save_as(target)
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Name;Art;Hilfebereiche")
    assert "Sozialstation Süd gGmbH;Pflegedienst" in text
    assert info.value.suggested_filename == "partner.xlsx"


def test_network_fits_a_phone(server, browser) -> None:
    server.seed_demo()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(server.url)
    log_in(page, "kuemmerer.chemnitz", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Guten Tag")).first).to_be_visible()
    page.wait_for_timeout(1000)
    page.locator('[data-testid="stExpandSidebarButton"]').click()  # the menu on a phone
    page.locator(NAV, has_text="Netzwerk").click()
    expect(page.get_by_role("heading", name="Netzwerk")).to_be_visible(timeout=15_000)
    page.locator('[data-testid="stSidebarCollapseButton"] button').click()  # menu closed
    page.wait_for_timeout(500)
    expect(page.locator('a[href^="tel:"]').first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no sideways scrolling
    shot(page, "20-netzwerk-telefon")
    context.close()
