"""German formatting of dates and numbers (Babel)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import quote

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from config import LOCAL_TZ

LOCALE = "de_DE"


def de_date(value: dt.date | None) -> str:
    return format_date(value, "dd.MM.yyyy", locale=LOCALE) if value else "–"


def de_period(start: dt.date, end: dt.date) -> str:
    """'01.12.2025 – 25.11.2026'."""
    return f"{de_date(start)} – {de_date(end)}"


def de_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "–"
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return format_datetime(value, "dd.MM.yyyy, HH:mm 'Uhr'", tzinfo=LOCAL_TZ, locale=LOCALE)


def de_month(key: str) -> str:
    """'2026-03' -> 'März 2026'."""
    year, month = (int(x) for x in key.split("-"))
    return format_date(dt.date(year, month, 1), "MMM yyyy", locale=LOCALE)


def de_number(value: float | int, digits: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


_URL_SAFE = ":/?#&=%~+,;@!$*'"  # not ( ) [ ] < > or spaces
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


def plain(text: str | None) -> str:
    """User-entered text for anything that renders Markdown (st.markdown, captions, headings,
    labels of links, buttons and expanders, the choices of radios and pills): shown as typed,
    never as formatting, a link or an image."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text or "")


def person_label(pseudonym: str, name: str | None) -> str:
    """A person as lists and headings name them: "CSG-0147 · Anna König" (the name as typed,
    never formatting), the code alone while the name is unknown."""
    return f"{pseudonym} · {plain(name)}" if name else pseudonym


def plain_labels(labels: dict) -> Callable[[object], str]:
    """A format_func for choices that render Markdown (radio, pills, segmented control)."""
    return lambda key: plain(labels[key])


def web_link(label: str, url: str | None) -> str:
    """A Markdown link to a web address a user gave: http(s) only, and characters that could
    end the link early percent-encoded."""
    if not url or not url.lower().startswith(("https://", "http://")):
        return ""
    return f"[{plain(label)}]({quote(url, safe=_URL_SAFE)})"


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def file_name(text: str) -> str:
    """A German title as a download's file name: 'Früherkennung' -> 'frueherkennung',
    'Genossenschaften im Vergleich' -> 'genossenschaften-im-vergleich'."""
    plain_text = text.lower().translate(_UMLAUTS)
    return re.sub(r"[^a-z0-9]+", "-", plain_text).strip("-")[:80] or "download"
