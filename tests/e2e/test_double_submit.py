"""A double click on "send" stores one record, not two (every entry form is saved once per
displayed form, see components.forms.save_new_entry); an open tab survives a restart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from db.models import Contact, Signal
from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, settle
from tests.e2e.test_journeys import NAV
from tests.e2e.test_signals import fill_report, open_report_form

pytestmark = pytest.mark.e2e


def _count(server, model) -> int:
    return server.scalar(select(func.count()).select_from(model))


def test_double_click_stores_once(server, page) -> None:
    server.seed_demo()
    open_report_form(page, server)
    before = _count(server, Signal)
    fill_report(page, "Bahnhofstraße 12")
    page.get_by_role("button", name="Hinweis senden").dblclick()
    expect(page.get_by_text("Danke – Ihr Hinweis ist angekommen.").first).to_be_visible()
    page.wait_for_timeout(2000)
    assert _count(server, Signal) == before + 1


def test_an_open_tab_survives_a_restart(server, page) -> None:
    """The app restarts (deployment) while a quick contact is half entered: the open tab
    reconnects by itself, is logged in again through the cookie bound to the session in the
    database, stays on its page, keeps what was chosen, and saving it then stores it."""
    server.seed_demo()
    page.goto(server.url)
    log_in(page, "kuemmerer.chemnitz", DEMO_PASSWORD)
    page.locator(NAV, has_text="Kurzkontakt").click()
    expect(page.get_by_role("heading", name="Kurzkontakt")).to_be_visible()
    settle(page)
    page.get_by_role("button", name="Mietschulden / finanzielle Not").click()
    page.get_by_role("radio", name="45", exact=True).click()
    before = _count(server, Contact)
    server.stop()
    server.start()
    page.wait_for_timeout(3000)  # the tab reconnects by itself
    settle(page, timeout=60_000)
    expect(page.get_by_role("heading", name="Kurzkontakt")).to_be_visible()
    expect(page.get_by_text("unerwarteter Fehler")).to_have_count(0)
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Gespeichert: Tür-und-Angel-Gespräch, Mietschulden")).to_be_visible(
        timeout=30_000
    )
    engine = create_engine(server.env["DATABASE_URL"])
    with Session(engine) as db:
        latest = db.scalars(select(Contact).order_by(Contact.id.desc())).first()
        assert (latest.minutes, [t.label for t in latest.topics]) == (
            45,
            ["Mietschulden / finanzielle Not"],
        )
    engine.dispose()
    assert _count(server, Contact) == before + 1
    page.reload()  # a reload, too, finds the login kept
    expect(page.get_by_role("heading", name="Kurzkontakt")).to_be_visible(timeout=30_000)
