"""Browser journeys: a real Streamlit server on a free loopback port, driven by Playwright in
Debian's Chromium (never a downloaded browser). Missing Chromium skips locally, fails in CI."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from config import PROJECT_ROOT, get_secrets, get_settings
from tests.conftest import unavailable

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """All browser tests in one xdist worker, one after the other (`make test` runs two
    workers: the other one takes the unit and page tests meanwhile, while the browser tests
    mostly wait for the app)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.xdist_group("browser"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{data_dir}/e2e.db",
            "KC_DATA_DIR": str(data_dir),
            # the test process shares the keys, so it can read what the app encrypted
            "KC_ENCRYPTION_KEY": get_secrets().encryption_key,
            "KC_COOKIE_KEY": get_secrets().cookie_key,
        }
        self.proc: subprocess.Popen | None = None

    def manage(self, *args: str, stdin: str = "") -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            input=stdin,
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def scalar(self, query):  # noqa: ANN001, ANN201 - any SQLAlchemy select
        """One value read from the app's database, as a test checks what was stored."""
        engine = create_engine(self.env["DATABASE_URL"])
        try:
            with engine.connect() as db:
                return db.scalar(query)
        finally:
            engine.dispose()

    @property
    def sqlite_file(self) -> Path | None:
        url = self.env["DATABASE_URL"]
        return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None

    def seed_demo(self) -> None:
        """The demo data (`manage.py seed-demo`). On SQLite copied from a database seeded once
        per test run: seeding takes seconds, and SQLite's backup API writes the copy safely
        while the app has the file open. The data version moves past the app's cached one."""
        if self.sqlite_file is None:
            self.manage("seed-demo")
            return
        with (
            closing(sqlite3.connect(_template("demo"))) as source,
            closing(sqlite3.connect(self.sqlite_file)) as target,
        ):
            source.backup(target)
            target.execute("UPDATE data_version SET version = version + 1000000")
            target.commit()

    def start(self) -> None:
        if self.sqlite_file is not None and not self.sqlite_file.exists():
            shutil.copyfile(_template("init"), self.sqlite_file)  # as `manage.py init` leaves it
        else:
            self.manage("init")
        self.log = open(self.data_dir / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("Streamlit did not start: " + (self.data_dir / "server.log").read_text())

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            self.log.close()


_TEMPLATES: dict[str, Path] = {}


def _template(kind: str) -> Path:
    """A SQLite database after `manage.py init` ("init") or also `seed-demo` ("demo"), made
    once per test run by the real commands."""
    if kind not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix=f"kc-e2e-{kind}-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        maker = Server(folder)
        maker.manage("init")
        if kind == "demo":
            maker.manage("seed-demo")
        _TEMPLATES[kind] = maker.sqlite_file
    return _TEMPLATES[kind]


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    srv = Server(tmp_path)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def _chromium():
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    # The browser tests share two cores with the servers and the other test worker: an
    # expectation waits up to 15 s for the app's reruns (Playwright's default is 5 s).
    expect.set_options(timeout=15_000)
    with sync_playwright() as p:
        held = [p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)]

        def current():  # noqa: ANN202
            # a browser that crashed (it happened once, in the first test of a run) costs
            # that test, not every test after it
            if not held[0].is_connected():
                held[0] = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            return held[0]

        yield current
        if held[0].is_connected():
            held[0].close()


@pytest.fixture
def browser(_chromium):  # noqa: ANN001, ANN201
    return _chromium()


FAILURES = Path(os.environ.get("TMPDIR", "/tmp")) / "kc-e2e-failures"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ANN001, ANN201
    """A failed browser test reports what the page showed: its text in the test output (so a
    CI log says it) and a full-page screenshot in FAILURES."""
    outcome = yield
    report = outcome.get_result()
    found = item.funcargs.get("page") or item.funcargs.get("phone")
    page = found if report.when == "call" and report.failed else None
    if page is None or page.is_closed():
        return
    FAILURES.mkdir(exist_ok=True)
    picture = FAILURES / f"{item.name}.png"
    try:
        page.screenshot(path=str(picture), full_page=True)
        text = page.locator("body").inner_text(timeout=5_000)
    except Exception as exc:  # noqa: BLE001 - the report must not fail on top
        text = f"(page not readable: {type(exc).__name__})"
    report.sections.append(("page at failure", f"{page.url}\n{picture}\n{text[:3000]}"))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def phone(browser):
    """A touch phone, 390 × 844 (taps, no mouse); a failure's report finds it as ``page``."""
    context = browser.new_context(**PHONE, locale="de-DE")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def settle(page, timeout: int = 20_000) -> None:
    """Wait until Streamlit has finished running the script (the app marks its state on the
    root element), so the next input does not race a rerun."""
    page.wait_for_timeout(200)  # a click's rerun may not have started yet
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=timeout
    )


def send(page, button: str, message: str, timeout: int = 15_000) -> None:
    """Click a form's button once the page is idle and wait for its message. A click that a
    late rerun swallowed (the button still there, no message: seen on a loaded CI machine)
    is given once more; entry forms are saved once per displayed form, so a click that was
    only slow does not store twice."""
    from playwright.sync_api import expect

    settle(page)
    page.get_by_role("button", name=button).click()
    shown = page.get_by_text(message).first
    try:
        expect(shown).to_be_visible(timeout=timeout)
    except AssertionError:
        settle(page)
        page.get_by_role("button", name=button).click()
        expect(shown).to_be_visible(timeout=timeout)


def open_tab(page, name: str) -> None:
    """Click a tab once the page is idle, and wait for the tab's own rerun: a click during a
    rerun (a save's flash message, the tab's key) could be lost or swallow the next input."""
    settle(page)
    page.get_by_role("tab", name=name).click()
    settle(page)


def login_cookie(page, timeout: float = 15.0) -> None:
    """Wait until the browser holds the re-login cookie (set by the run after a login) and
    that run has finished: only then does a reload keep the login."""
    name = get_settings().cookie_name
    deadline = time.monotonic() + timeout
    while not any(c["name"] == name for c in page.context.cookies()):
        assert time.monotonic() < deadline, "the login cookie was not set"
        page.wait_for_timeout(100)
    settle(page)


def shot(page, name: str) -> None:
    """Save a screenshot of a key screen for docs/screenshots (and for looking at it), and
    scan the screen for accessibility problems (axe-core)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)  # let Streamlit finish painting
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    check_accessibility(page, name)


# Streamlit's own widgets, not the app's content: its toast has no accessible name.
FRAMEWORK = {("aria-dialog-name", "stToast")}


def check_accessibility(page, name: str) -> None:
    """No serious or critical axe-core violation caused by the app's own content."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            if any((violation["id"], part) in FRAMEWORK for part in node["html"].split('"')):
                continue
            found.append(f"{violation['id']}: {node['html'][:160]}")
    assert found == [], f"accessibility of {name}: {found}"


def log_in(page, username: str, password: str) -> None:
    """Type the credentials and submit. The login page reruns on its own while it loads
    (the cookie frame answers); under load a run could still rebuild the form after the
    first settle (CI once lost the typed user name that way and the click then submitted an
    empty name), so the values are checked after the page has settled, before the click."""
    user = page.get_by_role("textbox", name="Benutzername")
    secret = page.get_by_role("textbox", name="Passwort")
    for _ in range(3):
        settle(page)
        user.fill(username)
        secret.fill(password)
        settle(page)
        if user.input_value() == username and secret.input_value() == password:
            break
    page.get_by_role("button", name="Anmelden").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_text("Sie wurden abgemeldet.").wait_for()
    page.wait_for_timeout(1000)  # the cookie component reruns the page once more
