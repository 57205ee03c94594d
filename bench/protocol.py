"""Streamlit's WebSocket protocol, recorded from a real browser and replayed without one.

`record` drives one Chromium session per user through bench.load's steps and keeps the
messages the browser sends (``BackMsg.rerun_script``: page, query, widget values), step by
step. A `Client` replays them over its own connection: its own XSRF cookie and token, its own
login, and the widget ids of its own session (an id the server made from per-session data,
e.g. the re-login cookie frame, or from a counter, e.g. a form cleared after saving, is looked
up by its key among the elements the server sent this client). A rerun ends with the
server's ``script_finished`` (not the one of a run cut short by ``st.rerun``)."""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.async_api import async_playwright
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from bench import load
from tests.e2e.conftest import CHROMIUM, FLAGS

XSRF_COOKIE = "_streamlit_xsrf"
RERUN_CUT_SHORT = 2  # ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
RERUN_TIMEOUT = 120
# A session as a user clicks it: the step's name, what it does, a text the server must send.
STEPS = (
    ("Anmelden", None, "Heute fällig und überfällig"),
    ("Kurzkontakt speichern", load.quick_contact, "Gespeichert:"),
    ("Indikatoren öffnen", load.dashboard, "1. Reichweite"),
    ("Fall öffnen", load.case_page, "**Status:**"),
)


@dataclass
class Step:
    name: str
    expect: str
    messages: list[bytes] = field(default_factory=list)  # serialised BackMsgs


def widget_key(widget_id: str) -> str:
    """What stays the same across sessions: the key after Streamlit's hash, numbers masked
    ("$$ID-1f…-qc0_kind_id" -> "qc#_kind_id")."""
    return re.sub(r"\d+", "#", widget_id.split("-", 2)[-1])


async def record(url: str, usernames: list[str]) -> dict[str, list[Step]]:
    """One Chromium session per user through STEPS, one after the other (so the recording's
    clicks do not wait for each other on two cores); the browser's reruns of each step."""
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        recorded = {name: await _record_one(browser, url, name) for name in usernames}
        await browser.close()
    return recorded


async def _record_one(browser, url: str, username: str) -> list[Step]:  # noqa: ANN001
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = await context.new_page()
    page.set_default_timeout(60_000)
    steps: list[Step] = []

    def sent(payload: bytes | str) -> None:
        if isinstance(payload, bytes) and steps:
            message = BackMsg.FromString(payload)
            rerun = message.WhichOneof("type") == "rerun_script"
            if rerun and not message.rerun_script.is_auto_rerun:  # the browser's timers left out
                steps[-1].messages.append(payload)

    page.on("websocket", lambda ws: ws.on("framesent", sent))
    for name, action, expect in STEPS:
        steps.append(Step(name, expect))
        try:
            await (action(page) if action else load.login(page, url, username))
            await load.idle(page)  # the step's reruns all sent before the next step begins
        except Exception:
            load.SHOTS.mkdir(exist_ok=True)
            await page.screenshot(path=load.SHOTS / f"record-{username}.png", full_page=True)
            raise
    await context.close()
    return steps


def fetch_xsrf(url: str, source: str) -> str:
    """The XSRF cookie the server sets with its health check, which a browser asks for
    before it opens the WebSocket."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30,
                                      source_address=(source, 0))  # fmt: skip
    try:
        conn.request("GET", "/_stcore/health")
        response = conn.getresponse()
        response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith(XSRF_COOKIE + "="):
                return value.split(";", 1)[0].split("=", 1)[1]
    finally:
        conn.close()
    raise RuntimeError("no XSRF cookie from " + url)


class Client:
    """One simulated browser tab: a WebSocket from its own loopback address."""

    def __init__(self, url: str, source: str = "127.0.0.1") -> None:
        self.url, self.source = url, source
        self.ids: dict[str, str] = {}  # widget_key -> this session's latest widget id
        self.own: set[str] = set()  # every widget id the server sent this session
        self.seen = ""  # texts of the current rerun, for a step's expected text
        self.errors: list[str] = []  # exceptions the server drew
        self.warnings: list[str] = []  # error messages the app showed
        self._finished = asyncio.Event()

    async def connect(self) -> None:
        self.xsrf = await asyncio.to_thread(fetch_xsrf, self.url, self.source)
        parts = urlsplit(self.url)
        self.ws = await connect(
            f"ws://{parts.netloc}/_stcore/stream",
            subprotocols=[Subprotocol("streamlit"), Subprotocol(self.xsrf)],
            additional_headers={"Cookie": f"{XSRF_COOKIE}={self.xsrf}", "Origin": self.url},
            max_size=None,
            local_addr=(self.source, 0),
        )
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        await self.ws.close()
        self._reader.cancel()

    async def _read(self) -> None:
        async for raw in self.ws:
            message = ForwardMsg.FromString(raw)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                self._element(message.delta.new_element)
            elif kind == "script_finished" and message.script_finished != RERUN_CUT_SHORT:
                self._finished.set()

    def _element(self, element) -> None:  # noqa: ANN001 - an Element proto
        inner = getattr(element, element.WhichOneof("type"))
        widget_id = getattr(inner, "id", "")
        if widget_id:
            self.ids[widget_key(widget_id)] = widget_id
            self.own.add(widget_id)
        body = getattr(inner, "body", "")
        if isinstance(body, str):
            self.seen += body + "\n"
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"{inner.type}: {inner.message}"[:300])
        elif kind == "alert" and inner.format == Alert.ERROR:  # what the user was told
            self.warnings.append(inner.body[:300])

    def _rewrite(self, payload: bytes) -> bytes:
        message = BackMsg.FromString(payload)
        state = message.rerun_script
        state.ClearField("cached_message_hashes")  # this client keeps no message cache
        parts = urlsplit(state.context_info.url)
        state.context_info.url = self.url + parts.path + (f"?{parts.query}" if parts.query else "")
        for widget in state.widget_states.widgets:
            if widget.id not in self.own and not widget.id.endswith("-None"):  # keyed only
                widget.id = self.ids.get(widget_key(widget.id), widget.id)
            if XSRF_COOKIE in widget.json_value:  # the cookie frame reports this tab's cookies
                widget.json_value = json.dumps({XSRF_COOKIE: self.xsrf})
        return message.SerializeToString()

    async def rerun(self, payload: bytes) -> float:
        """Send one recorded rerun as this session's; seconds until the server finished."""
        self._finished = asyncio.Event()
        started = time.perf_counter()
        await self.ws.send(self._rewrite(payload))
        await asyncio.wait_for(self._finished.wait(), RERUN_TIMEOUT)
        return time.perf_counter() - started

    async def step(self, step: Step) -> list[float]:
        """The step's reruns one after the other; each rerun's seconds. Raises when the
        server drew an exception or the step's text never came."""
        self.seen, errors_before, self.warnings = "", len(self.errors), []
        times = [await self.rerun(payload) for payload in step.messages]
        if len(self.errors) > errors_before:
            raise RuntimeError(f"{step.name}: {self.errors[-1]}")
        if step.expect not in self.seen:
            told = f" (angezeigt: {self.warnings[-1]})" if self.warnings else ""
            raise RuntimeError(f"{step.name}: „{step.expect}“ fehlt{told}")
        return times
