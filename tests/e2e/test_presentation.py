"""Issue 9 in the browser: the presentation is screen-share-safe by construction. Every slide
is opened with demo data, as Koordination and as a Kümmerer, and its text must hold no
person's name, pseudonym code, username, user's name or e-mail address from the database."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select

from db.models import Person, User, Volunteer
from tests.e2e.conftest import SCREENSHOTS, settle, shot
from tests.e2e.test_indicators import _open

pytestmark = pytest.mark.e2e
SLIDES = 16  # the overview, one slide per indicator group, the goals


def _forbidden(server) -> set[str]:
    """Everything personal the database holds that could reach a screen."""
    engine = create_engine(server.env["DATABASE_URL"])
    words: set[str] = set()
    with engine.connect() as db:
        for first, last, code in db.execute(
            select(Person.first_name, Person.last_name, Person.pseudonym)
        ):
            words |= {code, *(f"{first} {last}".split() if first and last else ())}
            words |= {w for w in (last,) if w}
        for username, name, email in db.execute(
            select(User.username, User.display_name, User.email)
        ):
            words |= {username, name, *(w for w in (email,) if w)}
        for first, last, email in db.execute(
            select(Volunteer.first_name, Volunteer.last_name, Volunteer.email)
        ):
            words |= {f"{first} {last}", last, *(w for w in (email,) if w)}
    engine.dispose()
    return {w for w in words if len(w) >= 3}


def _leaks(text: str, forbidden: set[str]) -> list[str]:
    return sorted(w for w in forbidden if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))


def _start(page) -> None:
    page.get_by_role("button", name="Präsentation starten").click()
    settle(page)
    expect(page.get_by_text(f"Folie 1 von {SLIDES}")).to_be_visible()


def _fits(page, number: int, height: int) -> None:
    """The slide fits the screen without scrolling, and a chart takes the height the slide
    leaves: at least half the screen, on a projector as on a large screen."""
    bottom = page.get_by_role("button", name="Weiter").bounding_box()
    assert bottom["y"] + bottom["height"] <= height, f"slide {number} scrolls"
    chart = page.locator(".st-key-slide_chart")
    if chart.count():
        assert chart.bounding_box()["height"] >= height / 2, f"slide {number}"


def _page_text(page) -> str:
    # the whole document, hidden elements included (text_content, not inner_text)
    return page.locator("body").text_content() or ""


# Koordination on a 1280 × 720 projector, a Kümmerer on a 1920 × 1080 screen: every slide of
# both is photographed for docs/screenshots (and looked at)
@pytest.mark.parametrize(
    ("username", "width", "height"),
    [("koordination", 1280, 720), ("kuemmerer.chemnitz", 1920, 1080)],
)
def test_every_slide_is_screen_share_safe(server, page, username, width, height) -> None:
    server.seed_demo()
    forbidden = _forbidden(server)
    assert len(forbidden) > 100  # the check has something to find
    page.set_viewport_size({"width": width, "height": height})
    _open(page, server, username, "Präsentation")
    _start(page)
    # no sidebar, no navigation, no account name while presenting
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    titles = []
    for number in range(1, SLIDES + 1):
        expect(page.get_by_text(f"Folie {number} von {SLIDES}")).to_be_visible()
        settle(page)
        page.wait_for_timeout(300)  # charts paint
        text = _page_text(page)
        assert _leaks(text, forbidden) == [], f"slide {number}"
        titles.append(page.locator("h1").first.inner_text())
        _fits(page, number, height)
        name = f"28-folie-{width}-{number:02d}"
        if width == 1280 and number in (1, 4, 6):  # one slide of each kind scanned by axe
            shot(page, name)
        else:
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        page.keyboard.press("ArrowRight")  # the arrow keys move through the slides
    assert titles[0] == "Kennzahlen im Überblick" and "Früherkennung" in titles
    assert len(set(titles)) == SLIDES
    # after the last slide the show starts again; Zurück goes back to the last one
    expect(page.get_by_text(f"Folie 1 von {SLIDES}")).to_be_visible()
    page.get_by_role("button", name="Zurück").click()
    expect(page.get_by_text(f"Folie {SLIDES} von {SLIDES}")).to_be_visible()
    # the slide's rerun may still show the previous slide's controls (faded) beside the new
    # ones: the click waits until it has finished (a fresh-clone run found two "Beenden")
    settle(page)
    page.get_by_role("button", name="Beenden").click()
    settle(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()


def test_from_the_meeting_page_to_a_kiosk_that_advances_by_itself(server, page) -> None:
    server.seed_demo()
    page.set_viewport_size({"width": 1280, "height": 720})
    _open(page, server, "koordination", "Austauschtreffen")
    page.get_by_role("link", name=re.compile("Kennzahlen präsentieren")).click()
    settle(page)
    # the meeting's period is preselected
    query = dict(parse_qsl(urlsplit(page.url).query))
    start, end = (dt.date.fromisoformat(query[k]) for k in ("von", "bis"))
    expect(page.get_by_text(f"Zeitraum {start:%d.%m.%Y} – {end:%d.%m.%Y}")).to_be_visible()
    page.get_by_text("Kiosk-Modus").click()
    page.get_by_label("Sekunden je Folie").fill("5")
    page.get_by_label("Sekunden je Folie").press("Enter")
    settle(page)
    shot(page, "29-praesentation-start")
    _start(page)
    expect(page.get_by_text("wechselt alle 5 s")).to_be_visible()
    # no click: the next slide comes on its own
    expect(page.get_by_text(f"Folie 2 von {SLIDES}")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Beenden und abmelden").click()
    expect(page.get_by_role("button", name="Anmelden")).to_be_visible(timeout=20_000)
