"""Quartier, Ehrenamt and Austauschtreffen in the browser: one journey per area."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, log_out, login_cookie, open_tab, send, settle, shot
from tests.e2e.test_administration import choose
from tests.e2e.test_journeys import NAV

pytestmark = pytest.mark.e2e
PDF = b"%PDF-1.4\n% Handout Austauschtreffen\n"


def _open(page, server, user: str, screen: str, heading: str) -> None:
    page.goto(server.url)
    log_in(page, user, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Guten Tag")).first).to_be_visible()
    login_cookie(page)  # the run that sets the cookie: a click during it could be lost
    page.locator(NAV, has_text=screen).click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=15_000)
    settle(page)  # let the page finish its run before typing into it


def test_activity_recorded_and_copied(server, page) -> None:
    server.seed_demo()
    _open(page, server, "kuemmerer.werdau", "Quartier", "Quartier & Ehrenamt")
    page.get_by_role("textbox", name="Titel").fill("Hoffest Lindenstraße")
    choose(page, "Art", "Hoffest", "Hof")
    page.get_by_role("spinbutton", name="Teilnehmende").fill("35")
    page.get_by_role("button", name="Aktivität speichern").click()
    expect(page.get_by_text("Aktivität gespeichert.").first).to_be_visible(timeout=15_000)
    choose(page, "Aktivität", re.compile("Hoffest Lindenstraße"), "Hoffest Linden")
    page.get_by_role("button", name="Kopieren").click()
    expect(page.get_by_text(re.compile("„Hoffest Lindenstraße“ für den")).first).to_be_visible(
        timeout=15_000
    )
    shot(page, "21-quartier")


def test_volunteer_and_assignment(server, page) -> None:
    server.seed_demo()
    _open(page, server, "kuemmerer.werdau", "Quartier", "Quartier & Ehrenamt")
    open_tab(page, "Ehrenamtliche")
    page.get_by_text("Neue ehrenamtliche Person").click()
    page.get_by_role("textbox", name="Vorname").last.fill("Hannelore")
    page.get_by_role("textbox", name="Nachname").last.fill("Zschau")
    send(page, "Ehrenamtliche Person anlegen", "Hannelore Zschau gespeichert.")
    open_tab(page, "Einsätze")
    choose(page, "Ehrenamtliche Person", "Hannelore Zschau", "Zschau")
    page.get_by_role("spinbutton", name="Stunden").fill("3")
    page.get_by_role("textbox", name="Was wurde getan?").fill("Einkauf begleitet")
    send(page, "Einsatz speichern", "Einsatz gespeichert.")
    open_tab(page, "Ehrenamtliche")
    choose(page, "Ehrenamtliche Person", "Hannelore Zschau", "Zschau")
    # the table is a canvas grid: its cells exist for screen readers, not as visible text
    cell = page.locator('[role="gridcell"]', has_text="Einkauf begleitet")
    expect(cell.first).to_be_attached(timeout=15_000)
    shot(page, "22-ehrenamt")


def test_meeting_with_file_and_proposed_topic(server, page, tmp_path) -> None:
    server.seed_demo()
    _open(page, server, "koordination", "Austauschtreffen", "Austauschtreffen")
    page.get_by_text("Neues Treffen anlegen").click()
    place = page.get_by_role("textbox", name="Ort").first
    place.fill("Zwickau, Rathaus")
    expect(place).to_have_value("Zwickau, Rathaus")
    send(page, "Treffen anlegen", re.compile("Austauschtreffen am .* gespeichert"))
    # the new meeting is shown right away, ready for its file and agreements
    expect(page.get_by_role("heading", name=re.compile("Zwickau, Rathaus"))).to_be_visible()
    handout = tmp_path / "handout.pdf"
    handout.write_bytes(PDF)
    page.locator('input[type="file"]').set_input_files(str(handout))
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_text("„handout.pdf“ angehängt.").first).to_be_visible(timeout=15_000)
    page.get_by_role("textbox", name="Neue Vereinbarung").fill("Leitfaden an alle schicken")
    page.get_by_role("button", name="Vereinbarung hinzufügen").click()
    expect(page.get_by_text("Vereinbarung hinzugefügt.").first).to_be_visible(timeout=15_000)
    # the agreement is listed once and the field is empty for the next one
    expect(page.get_by_text("Leitfaden an alle schicken ·")).to_have_count(1)
    expect(page.get_by_role("textbox", name="Neue Vereinbarung")).to_have_value("")
    shot(page, "23-austauschtreffen")
    log_out(page)

    log_in(page, "kuemmerer.zwickau", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Guten Tag")).first).to_be_visible()
    page.locator(NAV, has_text="Austauschtreffen").click()
    choose(page, "Treffen", re.compile("Zwickau, Rathaus"), "Rathaus")
    expect(page.get_by_role("button", name="Treffen anlegen")).to_have_count(0)
    page.get_by_role("textbox", name="Thema vorschlagen").fill("Hilfe bei Stromschulden")
    page.get_by_role("button", name="Vorschlagen").click()
    expect(page.get_by_text("Hilfe bei Stromschulden").first).to_be_visible(timeout=15_000)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("handout.pdf")).click()
    target = tmp_path / "geladen.pdf"
    info.value.save_as(target)
    assert target.read_bytes() == PDF
