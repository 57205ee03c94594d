"""A double click on "send" stores one record, not two (every entry form is saved once per
displayed form, see components.forms.save_new_entry); an open tab survives a restart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, func, select

from db.models import Signal
from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, settle
from tests.e2e.test_journeys import NAV
from tests.e2e.test_signals import fill_report, open_report_form

pytestmark = pytest.mark.e2e


def _count(server, model) -> int:
    engine = create_engine(server.env["DATABASE_URL"])
    with engine.connect() as db:
        n = db.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return n


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
    """The app restarts (deployment): the open tab reconnects by itself and, as the login is
    kept in the database and its cookie, shows the page again, logged in, without an error."""
    server.seed_demo()
    page.goto(server.url)
    log_in(page, "kuemmerer.chemnitz", DEMO_PASSWORD)
    expect(page.get_by_text("Heute fällig und überfällig")).to_be_visible()
    server.stop()
    server.start()
    # the tab reconnects by itself and shows the page it had, logged in again through the
    # cookie bound to the session in the database
    page.wait_for_timeout(3000)
    settle(page, timeout=60_000)
    expect(page.get_by_role("heading", name="Guten Tag, Petra Ullrich")).to_be_visible()
    expect(page.get_by_text("unerwarteter Fehler")).to_have_count(0)
    page.reload()  # a reload, too, finds the login kept, and the app works on the new server
    page.locator(NAV, has_text="Kurzkontakt").click(timeout=30_000)
    expect(page.get_by_role("heading", name="Kurzkontakt")).to_be_visible(timeout=30_000)
