"""Optional profiling of each rerun with pyinstrument (a development dependency): set
KC_PROFILE_DIR to a folder and every rerun of the app script writes one text report there,
named by time, duration and page. Off (and pyinstrument not imported) when unset."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path


def run(script: Callable[[], str | None]) -> None:
    """Run one rerun of the app script; profile it when KC_PROFILE_DIR is set. The script
    returns the page's path for the report's name (st.stop/st.rerun pass through)."""
    folder = os.environ.get("KC_PROFILE_DIR")
    if not folder:
        script()
        return
    from pyinstrument import Profiler

    profiler = Profiler(async_mode="disabled")
    page = "stopped"
    started = time.perf_counter()
    profiler.start()
    try:
        page = script() or "start"
    finally:
        profiler.stop()
        milliseconds = (time.perf_counter() - started) * 1000
        name = f"{time.time_ns()}-{page}-{milliseconds:.0f}ms.txt"
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_text(profiler.output_text(unicode=True, show_all=False))
