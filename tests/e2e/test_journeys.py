"""The journeys a person makes: first run, login, start page, logout — in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from components.shell.navigation import screens_for
from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, log_out, login_cookie, shot

pytestmark = pytest.mark.e2e
PASSWORD = "Sonnenblume-im-Hof"
NAV = 'a[data-testid="stSidebarNavLink"]'


ADMIN_NAV = ("Start", "Netzwerk", "Datenschutz", "Verwaltung", "Protokoll", "Mein Konto")
KUEMMERER_NAV = tuple(s.title for s in screens_for("kuemmerer"))  # as the role table says


def nav_titles(*titles: str) -> list[re.Pattern]:
    # A link's text starts with its icon's ligature name ("homeStart").
    return [re.compile(f"{re.escape(t)}$") for t in titles]


def test_first_run_create_admin_login_logout(server, page) -> None:
    page.goto(server.url)
    expect(page.get_by_role("heading", name="Willkommen im Kümmerer-Cockpit")).to_be_visible()
    shot(page, "01-setup")

    # A mistake first: the message appears and what was typed stays.
    code = (server.data_dir / "setup-code.txt").read_text().strip()  # as the console shows it
    page.get_by_role("textbox", name="Einrichtungscode").fill(code)
    page.get_by_role("textbox", name="Benutzername").fill("chefin")
    page.get_by_role("textbox", name="Name", exact=True).fill("Erika Admin")
    page.get_by_role("textbox", name="Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="Passwort wiederholen").fill("vertippt-beim-zweiten")
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_text("Die beiden Passwörter stimmen nicht überein.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Benutzername")).to_have_value("chefin")

    page.get_by_role("textbox", name="Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_text("Die Einrichtung ist abgeschlossen")).to_be_visible()
    shot(page, "02-login")

    log_in(page, "chefin", "falsches-passwort-123")
    expect(page.get_by_text("Benutzername oder Passwort ist falsch")).to_be_visible()

    log_in(page, "chefin", PASSWORD)
    expect(page.get_by_role("heading", name="Guten Tag, Erika Admin").first).to_be_visible()
    expect(page.locator(NAV)).to_have_text(nav_titles(*ADMIN_NAV))
    shot(page, "03-start-admin")

    # A reload keeps the login (cookie bound to the live session in the database) ...
    login_cookie(page)
    cookies = page.context.cookies()
    page.reload()
    expect(page.get_by_role("heading", name="Guten Tag, Erika Admin").first).to_be_visible()

    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_text("Sie wurden abgemeldet.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()

    # ... but replaying the old cookie after logout does not log in again.
    page.context.add_cookies(cookies)
    page.goto(server.url)
    expect(page.get_by_role("textbox", name="Benutzername")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Guten Tag"))).to_have_count(0)


def test_demo_roles_see_their_own_start_page(server, page) -> None:
    server.seed_demo()

    page.goto(server.url)
    log_in(page, "kuemmerer.chemnitz", DEMO_PASSWORD)
    expect(page.get_by_text("Chemnitzer Siedlungsgemeinschaft eG")).to_be_visible()
    expect(page.get_by_text("Heute fällig und überfällig")).to_be_visible()
    expect(page.locator(NAV)).to_have_text(nav_titles(*KUEMMERER_NAV))
    shot(page, "04-start-kuemmerer")
    log_out(page)

    log_in(page, "koordination", DEMO_PASSWORD)
    expect(page.get_by_text("Überblick über alle Genossenschaften").first).to_be_visible()
    expect(page.get_by_text("Zwickauer Wohnungsgenossenschaft eG").first).to_be_visible()
    expect(page.get_by_text("Hinweise der Genossenschaften")).to_be_visible()
    shot(page, "05-start-koordination")
    body = page.locator("body").inner_text()
    # Koordination sees counts only: no pseudonym code of any cooperative.
    assert not re.search(r"\b[A-Z]{3}-\d{4}\b", body)
    log_out(page)

    log_in(page, "admin", DEMO_PASSWORD)
    expect(page.get_by_text("Aktive Konten")).to_be_visible()
    page.locator(NAV, has_text="Verwaltung").click()
    expect(page.get_by_role("heading", name="Verwaltung")).to_be_visible()
    shot(page, "06-verwaltung")


def test_password_reset_forces_a_change_then_the_start_page(server, page) -> None:
    server.manage("create-admin", "--username", "chefin", "--password-stdin", stdin=PASSWORD)
    page.goto(server.url)
    log_in(page, "chefin", PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Guten Tag")).first).to_be_visible()
    log_out(page)

    # An admin locked out of the web resets the password at the command line.
    server.manage("reset-password", "chefin", "--password-stdin", stdin="Vorlaeufig-2026-xyz\n")
    log_in(page, "chefin", "Vorlaeufig-2026-xyz")
    expect(page.get_by_role("heading", name="Bitte ändern Sie Ihr Passwort")).to_be_visible()
    expect(page.locator(NAV)).to_have_count(0)
    shot(page, "07-passwort-aendern")
    page.get_by_role("textbox", name="Bisheriges Passwort").fill("Vorlaeufig-2026-xyz")
    page.get_by_role("textbox", name="Neues Passwort", exact=True).fill("Mein-eigenes-Passwort")
    page.get_by_role("textbox", name="Neues Passwort wiederholen").fill("Mein-eigenes-Passwort")
    page.get_by_role("button", name="Passwort ändern").click()
    expect(page.get_by_role("heading", name=re.compile("Guten Tag")).first).to_be_visible()
    expect(page.locator(NAV)).to_have_text(nav_titles(*ADMIN_NAV))
