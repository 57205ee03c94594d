"""A browser whose cookie frame never answers (cookies blocked, a proxy dropping the
component's files) still gets into the app: the short login screen gives up after a few
seconds; the login then lasts as long as the tab."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from config import get_settings
from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_the_app_opens_when_the_cookie_frame_never_answers(server, page) -> None:
    server.seed_demo()
    page.route(re.compile(r".*/component/.*cookie_manager.*"), lambda route: route.abort())
    page.goto(server.url)
    log_in(page, "kuemmerer.chemnitz", DEMO_PASSWORD)
    expect(page.get_by_text("Anmeldung wird abgeschlossen …")).to_be_visible()
    expect(page.get_by_role("heading", name="Guten Tag, Petra Ullrich")).to_be_visible(
        timeout=20_000
    )
    name = get_settings().cookie_name
    assert [c for c in page.context.cookies() if c["name"] == name] == []
