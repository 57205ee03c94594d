"""German throughout (issue 25): no English word of Streamlit's own reaches a user — neither
the visible text nor the names a screen reader reads (the accessibility tree) of any screen
of the Kümmerer or the administration. What Streamlit offers no setting for is put into
German by components/shell/stylesheets (base.css hides, german.html translates)."""

from __future__ import annotations

import re

import pytest

from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import log_in, log_out, login_cookie, settle
from tests.e2e.test_journeys import NAV as NAV_LINK

pytestmark = pytest.mark.e2e

# Streamlit's and its widget library's English, as met on the screens before (issue 25)
ENGLISH = re.compile(
    r"Press Enter|Select all|Show/hide|Download as|\bSearch\b|Fullscreen|\bUpload\b|per file|"
    r"Skip to|\bStop\b|Running|\bPrint\b|Record a|Made with|Choose|\bday\b|\bmonth\b|\byear\b|"
    r"Increment|Decrement|Help for|\bRemove\b|Clear all|\bOpen\b|\bClose\b|Collapse|"
    r"\bExpand\b|sidebar|No results|Show password|Link to heading|\bicon\b|Selected values|"
    r"file upload|Main menu"
)


def _english(page, where: str) -> list[str]:
    settle(page)  # the translation runs as the elements appear
    lines = page.locator("body").inner_text().split("\n")
    lines += page.locator("body").aria_snapshot().split("\n")
    return [f"{where}: {line.strip()}" for line in lines if ENGLISH.search(line)]


def _screens(page, server, user: str, only: tuple[str, ...] = ()) -> list[str]:
    log_in(page, user, DEMO_PASSWORD)
    login_cookie(page)
    found = _english(page, f"{user} Start")
    links = page.locator(NAV_LINK)
    targets = [
        (links.nth(i).inner_text().split("\n")[-1], links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]
    # the presentation hides the navigation: it comes last
    targets.sort(key=lambda target: target[0] == "Präsentation")
    for title, href in targets:
        if only and title not in only:
            continue
        if title == "Präsentation":
            page.goto(href)
        else:
            settle(page)
            page.locator(NAV_LINK, has_text=title).first.click()
        settle(page)
        found += _english(page, f"{user} {title}")
        tabs = page.get_by_role("tab")
        for i in range(1, tabs.count()):  # the others' panels are hidden until chosen
            tabs.nth(i).click()
            found += _english(page, f"{user} {title} › {tabs.nth(i).inner_text()}")
    page.goto(server.url)
    return found


def test_no_english_on_any_screen(server, page) -> None:
    server.seed_demo()
    page.goto(server.url)
    found = _english(page, "Anmelden")
    found += _screens(page, server, "kuemmerer.chemnitz")
    log_out(page)
    found += _screens(page, server, "admin", only=("Verwaltung", "Protokoll"))
    assert found == []
