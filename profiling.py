"""Timing of each rerun of the app script: at log level DEBUG (KC_LOG_LEVEL=DEBUG) one JSON
line per rerun with the page and its duration in ms — no user, no data. For development,
KC_PROFILE_DIR=<folder> writes a pyinstrument report per rerun there (pyinstrument is in
requirements-dev; not imported otherwise)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("kuemmerer.rerun")


def run(script: Callable[[], str | None]) -> None:
    """Run one rerun of the app script. It returns the page's path; a run ended by st.stop
    or st.rerun (login, first setup, a rerun request) is logged as 'stopped'."""
    folder = os.environ.get("KC_PROFILE_DIR")
    profiler = None
    if folder:
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="disabled")
        profiler.start()
    page = "stopped"
    started = time.perf_counter()
    try:
        page = script() or "start"
    finally:
        milliseconds = (time.perf_counter() - started) * 1000
        log.debug("rerun", extra={"page": page, "ms": round(milliseconds, 1)})
        if profiler is not None:
            profiler.stop()
            report = Path(folder) / f"{time.time_ns()}-{page}-{milliseconds:.0f}ms.txt"
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(profiler.output_text(unicode=True, show_all=False))
