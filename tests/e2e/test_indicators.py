"""Issue 8 in the browser: the dashboard refreshes itself, so a quick contact entered in
another session shows up within one refresh, without touching the dashboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from config import get_settings
from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, login_cookie, settle, shot
from tests.e2e.test_journeys import NAV

pytestmark = pytest.mark.e2e


def _metric(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def _open(page, server, username: str, screen: str) -> None:
    page.goto(server.url)
    log_in(page, username, DEMO_PASSWORD)
    expect(page.locator(NAV, has_text=screen)).to_be_visible()
    login_cookie(page)  # the run that sets the cookie: a click during it could be lost
    page.locator(NAV, has_text=screen).click()
    settle(page)


def quick_contact_elsewhere(browser, server) -> None:
    """A Kümmerer saves a quick contact in a browser of their own."""
    other = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    kim = other.new_page()
    _open(kim, server, "kuemmerer.chemnitz", "Kurzkontakt")
    kim.get_by_role("button", name="Vereinsamung").click()
    kim.get_by_role("button", name="Speichern").click()
    expect(kim.get_by_text("Gespeichert: Tür-und-Angel-Gespräch, Vereinsamung")).to_be_visible()
    other.close()


def expect_quick_contacts(page, count: int, timeout_ms: int) -> None:
    """The dashboard shows ``count`` quick contacts within the timeout, without a click."""
    value = page.locator('[data-testid="stMetric"]', has_text="Kurzkontakte").first
    expect(value.locator('[data-testid="stMetricValue"]')).to_have_text(
        re.compile(f"^{count:,}$".replace(",", ".")), timeout=timeout_ms
    )


def test_quick_contact_appears_on_the_live_dashboard(server, page, browser) -> None:
    server.seed_demo()
    _open(page, server, "koordination", "Indikatoren")
    expect(page.get_by_role("heading", name="1. Reichweite")).to_be_visible()
    # Koordination's figures include other cooperatives: protected, and it says so
    protected = page.get_by_text("weichen zum Schutz der Mieterinnen und Mieter leicht ab")
    expect(protected.first).to_be_visible()
    shot(page, "26-indikatoren")

    # the own cooperative's figures are exact: one more quick contact is one more
    own = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE").new_page()
    _open(own, server, "kuemmerer.chemnitz", "Indikatoren")
    expect(own.get_by_role("heading", name="1. Reichweite")).to_be_visible()
    before = int(_metric(own, "Kurzkontakte").replace(".", ""))
    quick_contact_elsewhere(browser, server)
    # no click on the dashboard: its own refresh must bring the new number
    expect_quick_contacts(own, before + 1, (get_settings().live_refresh_seconds + 10) * 1000)
    own.context.close()


def test_kuemmerer_compares_cooperatives(server, page) -> None:
    server.seed_demo()
    _open(page, server, "kuemmerer.chemnitz", "Indikatoren")
    # the own cooperative in full detail by default
    expect(page.get_by_text("Chemnitzer Siedlungsgemeinschaft eG").first).to_be_visible()
    note = page.locator('[data-testid="stCaptionContainer"]', has_text="erscheinen als")
    expect(note).to_have_count(0)
    page.get_by_text("Automatisch aktualisieren").click()
    settle(page)
    # all cooperatives: the others aggregated and suppressed
    page.get_by_role("combobox", name="Genossenschaften").click(force=True)
    page.keyboard.press("Backspace")
    page.keyboard.press("Escape")
    settle(page)
    expect(note).to_be_visible()
    heading = page.get_by_role("heading", name="Genossenschaften im Vergleich")
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    shot(page, "27-indikatoren-vergleich")
    # the comparison chart as a picture for the meeting's slides
    comparison = page.locator('[data-testid="stVerticalBlock"]', has=heading).last
    with page.expect_download() as download:
        comparison.get_by_role("button", name="Bild (PNG)").click()
    picture = download.value
    # named in German after what it shows, 1600 × 900 for a slide or a letter
    assert picture.suggested_filename == "vergleich-erreichte-personen-je-100-wohneinheiten.png"
    data = Path(picture.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20]), int.from_bytes(data[20:24])) == (1600, 900)
