"""Issue 24 in the browser: a referral followed through (the reminder on Start once the
feedback period has passed, the answer recorded there, the reminder gone) and a help need
that finds its helper (posted, suggested, confirmed, an assignment recorded for it)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from contextlib import closing

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from config import local_today
from db.models import Case, Cooperative, HelpNeed, Person, Referral, Volunteer, VolunteerAssignment
from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, login_cookie, open_tab, send, settle, shot
from tests.e2e.test_administration import choose
from tests.e2e.test_journeys import NAV

pytestmark = pytest.mark.e2e


def _move_clock(server, referral_id: int, days: int) -> None:
    """The clock moves on for this referral: it was made (and last heard of) ``days`` ago.
    The data version moves too, as any write does, so no cached figure stays."""
    then = (local_today() - dt.timedelta(days=days)).isoformat()  # the app's today (Saxony)
    with closing(sqlite3.connect(server.sqlite_file)) as db:
        db.execute(
            "UPDATE referral SET referred_on = ?, status_on = ? WHERE id = ?",
            (then, then, referral_id),
        )
        db.execute("UPDATE data_version SET version = version + 1")
        db.commit()


def test_a_referral_is_followed_through_from_start(server, page) -> None:
    server.seed_demo()
    page.goto(server.url)
    log_in(page, "kuemmerer.chemnitz", DEMO_PASSWORD)
    page.locator(NAV, has_text="Neuer Fall").click()
    expect(page.get_by_role("heading", name="Neuer Fall")).to_be_visible()
    page.get_by_role("textbox", name="Vorname").fill("Walter")
    choose(page, "Wie kam der Kontakt zustande? (Zugangsweg)", "Tür-und-Angel-Gespräch", "Tür")
    page.get_by_role("radio", name="akut", exact=True).click()
    page.get_by_role("button", name="Mietschulden / finanzielle Not").click()
    choose(page, "Kontaktart", "Hausbesuch", "Haus")
    page.get_by_role("button", name="Fall anlegen").click()
    expect(page.get_by_role("heading", name=re.compile(r"CSG-\d{4} · Walter"))).to_be_visible(
        timeout=15_000
    )
    open_tab(page, "Vermittlung")
    settle(page)
    page.get_by_role("combobox", name="Partner", exact=True).click()
    page.get_by_role("option").first.click()  # the partners for this need in Chemnitz
    settle(page)
    page.locator('[data-testid="stRadioGroup"]').get_by_text("mündlich", exact=True).click()
    send(page, "Vermittlung speichern", "Vermittlung gespeichert.")

    # the warm handover: the talk with the partner before, ticked on the case page
    page.get_by_text("Rückmeldung und Übergabe").click()
    settle(page)
    page.get_by_role("button", name="Abhaken").click()
    expect(page.get_by_text("✓ Vorgespräch mit dem Partner").first).to_be_visible(timeout=15_000)

    referral = server.scalar(select(Referral.id).order_by(Referral.id.desc()).limit(1))
    _move_clock(server, referral, 16)

    page.locator(NAV, has_text="Start").click()
    code = server.scalar(
        select(Person.pseudonym)
        .join(Case, Case.person_id == Person.id)
        .join(Referral, Referral.case_id == Case.id)
        .where(Referral.id == referral)
    )
    reminder = page.get_by_text(f"seit 16 Tagen keine Rückmeldung · Fall {code}")
    expect(reminder).to_be_visible(timeout=15_000)
    card = page.locator('[data-testid="stVerticalBlock"]').filter(has=reminder).last
    shot(page, "44-rueckmeldung-einholen")
    card.get_by_text("Antwort erfassen").click()
    settle(page)
    card.get_by_role("textbox", name="Rückmeldung des Partners (optional)").fill(
        "Erstgespräch am Montag vereinbart"
    )
    box = card.get_by_role("combobox", name="Stand der Vermittlung")
    box.click()
    page.get_by_role("option", name="angenommen").click()
    settle(page)
    card.get_by_role("button", name="Rückmeldung speichern").click()
    expect(page.get_by_text("Vermittlung: angenommen.").first).to_be_visible(timeout=15_000)
    expect(page.get_by_text(f"keine Rückmeldung · Fall {code}")).to_have_count(0)
    status = server.scalar(select(Referral.status).where(Referral.id == referral))
    assert status == "angenommen"


def test_a_need_finds_its_helper(server, page) -> None:
    server.seed_demo()
    page.set_viewport_size({"width": 390, "height": 844})  # a Kümmerer between two doors
    page.goto(server.url)
    log_in(page, "kuemmerer.chemnitz", DEMO_PASSWORD)
    login_cookie(page)  # the address below reloads the page
    page.goto(server.url + "/community")
    open_tab(page, "Hilfebedarfe")
    page.get_by_text("Neuer Hilfebedarf").click()
    settle(page)
    page.get_by_role("radio", name="Gespräch / Besuch", exact=True).click()  # one choice
    page.get_by_role("textbox", name="Wo? (Haus oder Quartier)").fill("Kaßberg")
    page.get_by_role("button", name="Mi", exact=True).click()
    settle(page)
    shot(page, "45-hilfebedarf")
    send(page, "Hilfebedarf eintragen", "Hilfebedarf eingetragen")
    coop = server.scalar(select(Cooperative.id).where(Cooperative.city == "Chemnitz"))
    need = server.scalar(
        select(HelpNeed.id).where(HelpNeed.cooperative_id == coop).order_by(HelpNeed.id.desc())
    )
    choose(page, "Hilfebedarf", re.compile("Besuch · Kaßberg · mittwochs"), "Kaßberg")
    first = page.get_by_role("button", name="Vorschlag bestätigen").first
    expect(first).to_be_visible(timeout=15_000)
    shot(page, "46-passende-ehrenamtliche")
    first.click()
    expect(page.get_by_text(re.compile("hilft: Gespräch")).first).to_be_visible(timeout=15_000)
    helper = server.scalar(select(HelpNeed.volunteer_id).where(HelpNeed.id == need))
    assert helper is not None

    name = server.scalar(
        select(Volunteer.first_name + " " + Volunteer.last_name).where(Volunteer.id == helper)
    )
    open_tab(page, "Einsätze")
    choose(page, "Ehrenamtliche Person", name, name.split()[-1])
    choose(page, "Für welchen Hilfebedarf? (optional)", re.compile("Kaßberg"), "Kaßberg")
    page.get_by_role("textbox", name="Was wurde getan?").fill("Besuch, Kaffee")
    send(page, "Einsatz speichern", "Einsatz gespeichert.")
    stored = server.scalar(
        select(VolunteerAssignment.need_id).order_by(VolunteerAssignment.id.desc()).limit(1)
    )
    assert stored == need
