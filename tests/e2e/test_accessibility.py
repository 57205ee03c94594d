"""Keyboard alone: a Kümmerer logs in and records a quick contact with Tab, Enter and Space,
no mouse. (Every screen the E2E suite photographs is also scanned with axe-core: see shot().)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from services.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def _tab_to(page, target, limit: int = 80) -> None:
    """Press Tab until the focus is on ``target`` (a locator): reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate(
            "el => el === document.activeElement || el.contains(document.activeElement)"
        ):
            return
    raise AssertionError(f"{target} cannot be reached with Tab")


def _focused(page) -> str:
    return page.evaluate("() => (document.activeElement.innerText || '').trim()")


def _tab_to_text(page, *texts: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused(page) in texts:
            return
    raise AssertionError(f"{texts} cannot be reached with Tab")


def _arrow_to(page, text: str, limit: int = 20) -> None:
    for _ in range(limit):
        if _focused(page) == text:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"'{text}' cannot be reached with the arrow keys")


def test_quick_contact_with_the_keyboard_alone(server, page) -> None:
    server.seed_demo()
    page.goto(server.url)
    user = page.get_by_role("textbox", name="Benutzername")
    user.wait_for()
    _tab_to(page, user)
    page.keyboard.type("kuemmerer.chemnitz")
    _tab_to(page, page.get_by_role("textbox", name="Passwort"))
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Heute fällig und überfällig")).to_be_visible()
    # Tab goes on from where the login form was, through the day's list (its "Erledigt"
    # buttons), and round to the top
    _tab_to(page, page.get_by_role("link", name="Kurzkontakt erfassen"), limit=250)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kurzkontakt")).to_be_visible()
    # the form is there in full (a busy machine may still be drawing it), not a fixed pause
    expect(page.get_by_text("Dauer in Minuten")).to_be_visible()
    expect(page.get_by_role("button", name="Speichern")).to_be_visible()
    # a group of choices is one Tab stop; the arrow keys move within it
    _tab_to_text(page, "Tür-und-Angel-Gespräch", "Hausbesuch")
    _arrow_to(page, "Telefon")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    _tab_to_text(page, "Vereinsamung")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    _tab_to(page, page.get_by_role("button", name="Speichern"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Gespeichert: Telefon, Vereinsamung, 10 Min.")).to_be_visible()
