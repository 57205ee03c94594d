"""Issue 23 in the browser: a case from the first Einschätzung in the intake form to the
last one at closing, then the Wirkung on the dashboard as Koordination sees it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from db.models import Case, Person, Rating
from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, log_out, open_tab, settle, shot
from tests.e2e.test_administration import choose
from tests.e2e.test_journeys import NAV

pytestmark = pytest.mark.e2e


def _tap(page, *labels: str) -> None:
    for label in labels:
        page.get_by_role("radio", name=label, exact=True).click()  # one-choice pills
        settle(page)


def test_a_case_from_intake_rating_to_closing_rating(server, page) -> None:
    server.seed_demo()
    page.goto(server.url)
    log_in(page, "kuemmerer.chemnitz", DEMO_PASSWORD)
    page.locator(NAV, has_text="Neuer Fall").click()
    expect(page.get_by_role("heading", name="Neuer Fall")).to_be_visible()
    page.get_by_role("textbox", name="Vorname").fill("Hannelore")
    choose(page, "Wie kam der Kontakt zustande? (Zugangsweg)", "Tür-und-Angel-Gespräch", "Tür")
    page.get_by_role("radio", name="früh/präventiv", exact=True).click()
    page.get_by_role("button", name="Vereinsamung").click()
    choose(page, "Kontaktart", "Hausbesuch", "Haus")
    page.get_by_text("Erste Einschätzung (freiwillig, ca. 20 Sekunden)").click()
    _tap(page, "2 Oft allein", "3 Teilweise", "2 Gefährdet")
    page.get_by_role("button", name="Fall anlegen").click()
    title = page.get_by_role("heading", name=re.compile(r"CSG-\d{4} · Hannelore"))
    expect(title).to_be_visible(timeout=15_000)

    open_tab(page, "Status / Abschluss")
    page.get_by_role("button", name="Soziale Teilhabe gestärkt").click()
    _tap(page, "4 Meist eingebunden", "4 Meist selbst", "3 Ja")
    page.get_by_role("button", name="Fall abschließen").click()
    expect(page.get_by_text("Der Fall ist abgeschlossen.").first).to_be_visible(timeout=15_000)
    page.get_by_text("Einschätzungen", exact=True).click()
    settle(page)
    expect(
        page.get_by_text(re.compile("beim Abschluss · gemeinsam mit der Person"))
    ).to_be_visible()
    shot(page, "42-einschaetzungen")
    case_id = server.scalar(
        select(Case.id).join(Person, Person.id == Case.person_id).order_by(Case.id.desc())
    )
    stages = server.scalar(
        select(Rating.stage).where(Rating.case_id == case_id, Rating.stage == "abschluss")
    )
    first = server.scalar(
        select(Rating.stage).where(Rating.case_id == case_id, Rating.stage == "aufnahme")
    )
    assert (first, stages) == ("aufnahme", "abschluss")
    log_out(page)

    # Koordination sees the effect, protected, with how many cases carry two ratings
    log_in(page, "koordination", DEMO_PASSWORD)
    page.locator(NAV, has_text="Indikatoren").click()
    heading = page.get_by_role("heading", name=re.compile("Wirkung: Einsamkeit"))
    expect(heading).to_be_visible(timeout=30_000)
    heading.scroll_into_view_if_needed()
    expect(page.get_by_text("Fälle mit zwei Einschätzungen", exact=True)).to_be_visible()
    expect(page.get_by_text("Weniger einsam", exact=True).first).to_be_visible()
    shot(page, "43-wirkung")
