"""Issue 12 journey: the caretaker reports, the Kümmerer sees the badge and opens a case from
the signal, the caretaker sees "in Bearbeitung"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, log_out, shot

pytestmark = pytest.mark.e2e


def open_report_form(page, server) -> None:
    """The caretaker of Döbeln logged in, on the only screen they have."""
    page.goto(server.url)
    log_in(page, "gen.doebeln", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Hinweis melden")).to_be_visible(timeout=15_000)


def fill_report(page, where: str) -> None:
    page.get_by_role("textbox", name="Wo? Haus und Wohnung").fill(where)
    page.get_by_role("button", name="Briefkasten quillt über").click()  # one or several
    page.get_by_role("radio", name="akut", exact=True).click()


def test_signal_from_report_to_case(server, page) -> None:
    server.seed_demo()
    open_report_form(page, server)
    fill_report(page, "Bahnhofstraße 12, EG rechts")
    page.get_by_role("textbox", name="Kurze Beschreibung (optional)").fill("Seit 10 Tagen voll")
    page.get_by_role("button", name="Hinweis senden").click()
    expect(page.get_by_text("Danke – Ihr Hinweis ist angekommen.").first).to_be_visible(
        timeout=15_000
    )
    shot(page, "24-hinweis-melden")
    log_out(page)

    log_in(page, "kuemmerer.doebeln", DEMO_PASSWORD)
    # a card of its own on Start: the count, and the way there
    expect(page.get_by_text("1 neuer Hinweis")).to_be_visible(timeout=15_000)
    page.get_by_role("link", name="Hinweise ansehen").click()
    expect(page.get_by_text("Seit 10 Tagen voll")).to_be_visible(timeout=15_000)
    shot(page, "25-hinweise")
    page.get_by_role("link", name="Fall eröffnen").click()
    expect(page.get_by_text(re.compile("Aus einem Hinweis der Genossenschaft"))).to_be_visible(
        timeout=15_000
    )
    page.wait_for_timeout(500)
    box = page.get_by_role("combobox", name="Kontaktart").first
    box.click()
    box.fill("Haus")
    page.get_by_role("option", name="Hausbesuch").click()
    page.get_by_role("button", name="Fall anlegen").click()
    expect(page.get_by_role("heading", name=re.compile(r"^WGD-\d{4}"))).to_be_visible(
        timeout=15_000
    )
    expect(
        page.get_by_text("Hinweis der Genossenschaft (Bahnhofstraße 12, EG rechts)")
    ).to_be_visible()
    log_out(page)

    log_in(page, "gen.doebeln", DEMO_PASSWORD)
    cell = page.locator('[role="gridcell"]', has_text="in Bearbeitung")
    expect(cell.first).to_be_attached(timeout=15_000)
