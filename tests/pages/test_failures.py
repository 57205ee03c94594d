"""An unexpected error: the user gets a German message with a reference number, the log line
(JSON) has the same number and the error's type and place — not its message, which here holds
a tenant's name."""

from __future__ import annotations

import io
import json
import logging

import pytest

import logs
from services import start
from tests.pages.conftest import texts
from tests.pages.test_setup_and_login import add_user, logged_in_app


@pytest.fixture
def log_lines():
    logs.configure()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("kuemmerer")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_an_unexpected_error_has_a_reference_and_no_personal_data(db, monkeypatch, log_lines):
    add_user(db, "kim", "kuemmerer", coop_city="Olbernhau")

    def broken(*args, **kwargs):
        raise RuntimeError("INSERT INTO person VALUES ('Gisela Sonnenschein')")

    monkeypatch.setattr(start, "kuemmerer_start", broken)
    at = logged_in_app(db, "kim")
    [message] = [e.value for e in at.error]
    assert "unerwarteter Fehler" in message and "Nummer" in message
    ref = message.split("Nummer ")[1].split(")")[0]
    [line] = [json.loads(x) for x in log_lines.getvalue().splitlines()]
    assert (line["ref"], line["error"], line["level"]) == (ref, "RuntimeError", "ERROR")
    assert any("start.py" in w for w in line["where"])
    assert "Gisela" not in log_lines.getvalue() and "Gisela" not in texts(at)


def test_debug_log_times_each_rerun_without_naming_anyone(db, log_lines) -> None:
    """KC_LOG_LEVEL=DEBUG: one line per rerun with page and duration, for operations."""
    add_user(db, "kim", "kuemmerer", coop_city="Olbernhau")
    logger = logging.getLogger("kuemmerer")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        at = logged_in_app(db, "kim")
    finally:
        logger.setLevel(level)
    reruns = [json.loads(x) for x in log_lines.getvalue().splitlines()]
    reruns = [line for line in reruns if line["msg"] == "rerun"]
    assert reruns and reruns[-1]["page"] == "start" and reruns[-1]["ms"] > 0
    assert "kim" not in log_lines.getvalue() and "Olbernhau" not in log_lines.getvalue()
    assert not at.exception
