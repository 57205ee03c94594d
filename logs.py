"""Structured logs: one JSON object per line on stderr (journald keeps them), with the fields
given as `extra`. Messages are fixed texts and numbers, never data about tenants."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os

STANDARD = set(vars(logging.makeLogRecord({})))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in STANDARD})
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure() -> None:
    """The app's own loggers (``kuemmerer.*``) as JSON lines; once per process. KC_LOG_LEVEL
    (default INFO; DEBUG adds one line per rerun with its page and duration)."""
    logger = logging.getLogger("kuemmerer")
    if logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(os.environ.get("KC_LOG_LEVEL", "INFO").upper())
    logger.propagate = False
