"""The server's own time per rerun of the main screens, on the demo data (AppTest, no browser):
what one click costs the app process. Run by `make load` before the browsers start.

For each viewer and screen: the median of several reruns with unchanged data (caches warm),
and for the Indikatoren page also right after a data change (cached figures out of date)."""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, event, update
from sqlalchemy.orm import Session

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCREENS = {
    "Start": "screens/start.py",
    "Kurzkontakt": "screens/quick_contact.py",
    "Fälle": "screens/cases.py",
    "Indikatoren": "screens/indicators.py",
}
VIEWERS = {  # a Koordination account has no cases and no quick contacts
    "kuemmerer.zwickau": ("Start", "Kurzkontakt", "Fälle", "Indikatoren"),
    "koordination": ("Start", "Indikatoren"),
}
REPEAT = 7


def _prepare() -> str:
    """A fresh SQLite installation with the demo data; the environment points the app at it
    (before the app's modules are imported: config reads KC_DATA_DIR at import)."""
    folder = Path(tempfile.mkdtemp(prefix="kc-reruns-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/reruns.db"
    os.environ["KC_DATA_DIR"] = str(folder)
    for command in ("init", "seed-demo"):
        subprocess.run(
            [sys.executable, "manage.py", command],
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
        )
    return os.environ["DATABASE_URL"]


STATEMENTS = [0]


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_args) -> None:  # noqa: ANN002 - every statement of every engine in this process
    STATEMENTS[0] += 1


def _timed_run(at) -> float:
    started = time.perf_counter()
    at.run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    return (time.perf_counter() - started) * 1000


def _statements(at) -> int:
    """SQL statements of one rerun (caches warm), the session checks included."""
    before = STATEMENTS[0]
    at.run()
    return STATEMENTS[0] - before


def measure() -> list[tuple[str, str, float, float | None, int]]:
    """(viewer, screen, ms with warm caches, ms after a data change or None, statements)."""
    url = _prepare()
    from streamlit.testing.v1 import AppTest

    from components.shell.auth import SESSION_KEY
    from db.engine import create_db_engine
    from db.models import DataVersion
    from services import auth

    engine = create_db_engine(url)
    rows = []
    for username, screens in VIEWERS.items():
        for screen in screens:
            path = SCREENS[screen]
            with Session(engine) as s, s.begin():
                session_id = auth.register_login(s, username).actor.session_id
            at = AppTest.from_file("../app.py", default_timeout=120)
            at.session_state[SESSION_KEY] = session_id
            at.run()
            at.switch_page(path)
            _timed_run(at)  # first visit: imports, caches
            warm = statistics.median(_timed_run(at) for _ in range(REPEAT))
            changed = None
            if screen == "Indikatoren":
                times = []
                for _ in range(3):
                    with Session(engine) as s, s.begin():
                        s.execute(update(DataVersion).values(version=DataVersion.version + 1))
                    times.append(_timed_run(at))
                changed = statistics.median(times)
            rows.append((username, screen, warm, changed, _statements(at)))
    engine.dispose()
    return rows


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's bare-mode warnings
    rows = measure()
    print(f"\n{'Benutzer':<20} {'Seite':<12} {'Rerun':>9} {'nach Änderung':>14} {'SQL':>5}")
    for username, screen, warm, changed, statements in rows:
        after = f"{changed:.0f} ms" if changed is not None else ""
        print(f"{username:<20} {screen:<12} {warm:>6.0f} ms {after:>14} {statements:>5}")
    for username, screen, warm, changed, _ in rows:
        if screen == "Indikatoren":
            role = username.split(".")[0]
            print(f"rerun_indicators_{role}_ms={warm:.0f}")
            print(f"rerun_indicators_changed_{role}_ms={changed:.0f}")


if __name__ == "__main__":
    main()
