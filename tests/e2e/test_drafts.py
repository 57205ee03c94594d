"""Forms never lose what was typed (issue 25): on a touch phone, with a half-filled "Neuer
Fall", Reload, Back and the navigation each ask first; declining keeps the input, agreeing
leaves; a sent form leaves without a question."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, settle
from tests.e2e.test_journeys import NAV

pytestmark = pytest.mark.e2e


def test_leaving_a_half_filled_form_asks_first(server, phone) -> None:
    server.seed_demo()
    asked: list[str] = []
    answer = {"leave": False}

    def on_dialog(dialog) -> None:  # noqa: ANN001
        asked.append(dialog.type)
        dialog.accept() if answer["leave"] else dialog.dismiss()

    phone.on("dialog", on_dialog)
    phone.goto(server.url)
    log_in(phone, "kuemmerer.dresden", DEMO_PASSWORD)
    phone.get_by_role("link", name="Neuen Fall anlegen").tap()
    first_name = phone.get_by_role("textbox", name="Vorname")
    first_name.fill("Gisela")
    settle(phone)

    phone.evaluate("location.reload()")  # Reload: the browser's own question
    phone.wait_for_timeout(1000)
    phone.go_back()  # Back
    phone.wait_for_timeout(1000)
    phone.locator('[data-testid="stExpandSidebarButton"]').tap()
    phone.locator(NAV, has_text="Start").first.tap()  # the navigation
    phone.wait_for_timeout(1000)
    assert asked == ["beforeunload", "confirm", "confirm"]
    expect(phone.get_by_role("heading", name="Neuer Fall")).to_be_visible()
    expect(first_name).to_have_value("Gisela")  # declined: all still there

    answer["leave"] = True
    phone.locator(NAV, has_text="Start").first.tap()
    expect(phone.get_by_role("heading", name="Guten Tag", exact=False)).to_be_visible()
    assert asked[-1] == "confirm"
