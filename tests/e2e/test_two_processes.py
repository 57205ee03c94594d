"""Two app processes on one PostgreSQL database (as behind a load balancer): a quick contact
saved through one shows up on the dashboard served by the other at its next refresh. Nothing
in process memory is the source of truth."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.conftest import PG_URL, postgres_admin_engine
from tests.e2e.conftest import Server
from tests.e2e.test_indicators import _metric, _open, expect_quick_contacts, quick_contact_elsewhere

pytestmark = pytest.mark.e2e


@pytest.fixture
def two_servers(tmp_path):
    admin = postgres_admin_engine()
    name = f"kc_e2e_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    servers = []
    try:
        for number in (1, 2):
            (tmp_path / str(number)).mkdir()
            server = Server(tmp_path / str(number))
            server.env.update({"DATABASE_URL": url, "KC_LIVE_REFRESH_SECONDS": "3"})
            server.start()
            servers.append(server)
        yield servers
    finally:
        for server in servers:
            server.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_change_in_one_process_shows_in_the_other(two_servers, page, browser) -> None:
    first, second = two_servers
    first.manage("seed-demo")
    _open(page, second, "kuemmerer.chemnitz", "Indikatoren")  # own cooperative: exact
    expect(page.get_by_role("heading", name="1. Reichweite")).to_be_visible()
    before = int(_metric(page, "Kurzkontakte").replace(".", ""))

    quick_contact_elsewhere(browser, first)
    expect_quick_contacts(page, before + 1, 30_000)
