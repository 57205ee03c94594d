"""`make load`: many browser sessions against one app process, on loopback only.

Starts a fresh installation with demo data (SQLite in a temporary folder) and one Streamlit
process, then SESSIONS (default 20) Chromium contexts at once: each logs in as a Kümmerer, then
repeatedly records a quick contact and opens the Indikatoren page, for SECONDS_LOAD (120).
Prints p50/p95 per step, the errors, and the server's memory before and after (growth per
session) and its CPU time per step. With two or more cores the server runs on the first core
and the browsers on the others (LOAD_PIN=0: no pinning), so that twenty Chromium renderers do
not starve the server and the times show what the app process does. Bounded in time and
count; not part of `make test`."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from playwright.async_api import async_playwright

from services.demo import DEMO_PASSWORD
from tests.e2e.conftest import CHROMIUM, FLAGS, Server

CITIES = ["bautzen", "chemnitz", "dresden", "doebeln", "olbernhau", "schneeberg", "werdau",
          "zwickau"]  # fmt: skip
NAV = 'a[data-testid="stSidebarNavLink"]'
APP = '[data-testid="stApp"]'


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[round(share * (len(ordered) - 1))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rerun_times(log: Path, offset: int) -> dict[str, list[float]]:
    """The server's own duration of each rerun (its DEBUG log lines), by page."""
    times: dict[str, list[float]] = defaultdict(list)
    with log.open() as lines:
        lines.seek(offset)
        for line in lines:
            if line.startswith("{") and '"msg": "rerun"' in line:
                entry = json.loads(line)
                times[entry["page"]].append(entry["ms"])
    return times


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# The steps of a session as a user clicks them (also recorded for bench.protocol's replay).
async def idle(page, pause: int = 300) -> None:  # noqa: ANN001 - a Playwright page
    """Until the script has finished; ``pause`` first, where a click's rerun may not have
    started yet."""
    await page.wait_for_timeout(pause)
    await page.locator(f"{APP}[data-test-script-state='notRunning']").wait_for()


async def login(page, url: str, username: str) -> None:  # noqa: ANN001
    await page.goto(url)
    await page.get_by_role("textbox", name="Benutzername").fill(username)
    await page.get_by_role("textbox", name="Passwort").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Anmelden").click()
    await page.get_by_text("Heute fällig und überfällig").wait_for()
    await idle(page)  # the login's cookie rerun: a click during it can be lost


async def quick_contact(page) -> None:  # noqa: ANN001
    await page.locator(NAV, has_text="Kurzkontakt").click()
    await page.get_by_text("Dauer in Minuten").wait_for()
    await idle(page, 0)  # the page's run is under way: a pill tapped during it can be lost
    await page.get_by_role("button", name="Vereinsamung").click()
    await page.get_by_role("button", name="Speichern").click()
    await page.get_by_text("Gespeichert:").first.wait_for()


async def dashboard(page) -> None:  # noqa: ANN001
    await page.locator(NAV, has_text="Indikatoren").click()
    await page.get_by_role("heading", name="1. Reichweite").wait_for()


async def case_page(page) -> None:  # noqa: ANN001
    await page.locator(NAV, has_text="Fälle").click()
    await page.locator(
        'a[data-testid="stPageLink-NavLink"]', has_text=re.compile(r"[A-Z]+-\d{4}")
    ).first.click()
    await page.get_by_role("heading", name=re.compile(r"^[A-Z]+-\d{4}")).wait_for()


SHOTS = Path(tempfile.gettempdir()) / "kc-load-errors"


async def session(browser, url: str, number: int, until: float, times, errors) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = await context.new_page()
    page.set_default_timeout(60_000)

    async def step(name: str, action) -> None:
        started = time.monotonic()
        try:
            await action()
            times[name].append(time.monotonic() - started)
        except Exception as exc:  # noqa: BLE001 - counted and printed, the run goes on
            errors[name].append(type(exc).__name__)
            if len(errors[name]) <= 3:  # what the user saw, for the first few
                SHOTS.mkdir(exist_ok=True)
                shot = SHOTS / f"{name.split()[0]}-{number}-{len(errors[name])}.png"
                await page.screenshot(path=shot, full_page=True)

    await step("Anmelden", lambda: login(page, url, f"kuemmerer.{CITIES[number % len(CITIES)]}"))
    while time.monotonic() < until:
        await step("Kurzkontakt speichern", lambda: quick_contact(page))
        await step("Indikatoren öffnen", lambda: dashboard(page))
    await context.close()


async def run(sessions: int, seconds: int) -> None:
    server = Server(Path(tempfile.mkdtemp(prefix="kc-load-")))
    server.env["KC_LIVE_REFRESH_SECONDS"] = "30"
    server.env["KC_LOG_LEVEL"] = "DEBUG"  # a line per rerun with its duration
    cores = sorted(os.sched_getaffinity(0))
    pinned = len(cores) >= 2 and os.environ.get("LOAD_PIN", "1") != "0"
    if pinned:  # the server inherits the first core; the browsers, started later, the rest
        os.sched_setaffinity(0, cores[:1])
    server.start()
    if pinned:
        os.sched_setaffinity(0, cores[1:])
    try:
        print(f"Demo-Daten laden … ({server.url})", flush=True)
        server.manage("seed-demo")
        times: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, list[str]] = defaultdict(list)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            # warm-up: one session, so the baseline includes imports and caches
            await session(
                browser, server.url, 0, time.monotonic() + 5, defaultdict(list), defaultdict(list)
            )
            before, cpu_before = rss_mib(server.proc.pid), cpu_seconds(server.proc.pid)
            log_start = (server.data_dir / "server.log").stat().st_size
            until = time.monotonic() + seconds
            started = time.monotonic()
            await asyncio.gather(
                *(session(browser, server.url, n, until, times, errors) for n in range(sessions))
            )
            elapsed = time.monotonic() - started
            after, cpu = rss_mib(server.proc.pid), cpu_seconds(server.proc.pid) - cpu_before
            reruns = rerun_times(server.data_dir / "server.log", log_start)
            await browser.close()
    finally:
        server.stop()
    where = f"App auf Kern {cores[0]}, Browser auf den übrigen" if pinned else "ohne Kernbindung"
    print(f"\n{sessions} Sitzungen, {elapsed:.0f} s, ein App-Prozess (SQLite, Demo-Daten), {where}")
    print(f"{'Schritt':<24} {'Anzahl':>7} {'p50':>8} {'p95':>8} {'Fehler':>7}")
    for name in ("Anmelden", "Kurzkontakt speichern", "Indikatoren öffnen"):
        values = times[name]
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(f"{name:<24} {len(values):>7} {p50:>7.2f}s {p95:>7.2f}s {len(errors[name]):>7}")
    for name, kinds in errors.items():
        if kinds:
            print(f"  Fehler bei {name}: {', '.join(sorted(set(kinds)))} (Bilder: {SHOTS})")
    print(
        f"Speicher des App-Prozesses: {before:.0f} MiB nach dem Aufwärmen, {after:.0f} MiB am "
        f"Ende, {(after - before) / sessions:.1f} MiB je Sitzung"
    )
    print(f"\nReruns im App-Prozess (Serverzeit, ohne Browser) {'Anzahl':>7} {'p50':>8} {'p95':>8}")
    for page in sorted(reruns, key=lambda p: -len(reruns[p])):
        values = reruns[page]
        name = "stopped (Anmeldung, Umleitung)" if page == "stopped" else page
        print(
            f"  {name:<46} {len(values):>7} {percentile(values, 0.5):>6.0f}ms "
            f"{percentile(values, 0.95):>6.0f}ms"
        )
    every = [ms for values in reruns.values() for ms in values]
    steps = sum(len(v) for v in times.values())
    print(
        f"CPU des App-Prozesses: {cpu:.0f} s in {elapsed:.0f} s ({cpu / elapsed:.0%} eines "
        f"Kerns), {cpu / max(steps, 1) * 1000:.0f} ms je Schritt"
    )
    print(f"load_server_rerun_p95_ms={percentile(every, 0.95):.0f}")
    print(f"load_server_cpu_ms_per_step={cpu / max(steps, 1) * 1000:.0f}")
    print(f"load_p95_quick_contact_s={percentile(times['Kurzkontakt speichern'], 0.95):.2f}")
    print(f"load_p95_dashboard_s={percentile(times['Indikatoren öffnen'], 0.95):.2f}")
    print(f"load_errors={sum(len(v) for v in errors.values())}")
    print(f"load_memory_per_session_mib={(after - before) / sessions:.1f}")


def main() -> None:
    sessions = int(os.environ.get("SESSIONS") or 20)
    seconds = int(os.environ.get("SECONDS_LOAD") or 120)
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium fehlt unter {CHROMIUM} (apt-get install chromium)")
    asyncio.run(run(sessions, seconds))


if __name__ == "__main__":
    main()
