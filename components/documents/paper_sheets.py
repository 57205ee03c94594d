"""Paper for days without a device: the week's tally sheet for quick contacts (kinds ×
topics) and the intake sheet that mirrors "Neuer Fall" field by field (given the form's own
fieldsets, described: a field added to the form is on the sheet too). fpdf2, no Streamlit;
catalogue labels and the cooperative's name are cut to fit their box."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from fpdf.enums import XPos, YPos

from components.documents.pdf import BLUE, GREY, Pdf, shortened
from components.formatting import de_date

BOX = "\u2610"  # ☐, in DejaVu Sans
_NEXT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT, "align": "L"}
_BELOW = {"new_x": XPos.LEFT, "new_y": YPos.NEXT, "align": "L"}


def _breakable(text: str) -> str:
    """A compound label may wrap after its hyphens (Tür-und-Angel-Gespräch), not mid-word."""
    return text.replace("-", "-\u200b")


def _title(pdf: Pdf, title: str, subtitle: str) -> None:
    pdf.set_font("DejaVu", "B", 16)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 8, title, **_NEXT)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 5, subtitle, **_NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)


def tally_sheet(cooperative: str, kinds: list[str], topics: list[str], monday: dt.date) -> bytes:
    """One A4 landscape page: a row per topic, a column per kind, room for strokes."""
    pdf = Pdf(shortened(f"{cooperative} · Strichliste Kurzkontakte", 90), orientation="landscape")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(False)
    pdf.alias_nb_pages()
    pdf.add_page()
    sunday = monday + dt.timedelta(days=6)
    _title(
        pdf,
        "Strichliste Kurzkontakte",
        f"{shortened(cooperative, 80)} · Woche vom {de_date(monday)} bis {de_date(sunday)} · "
        "ein Strich je Gespräch. Später in der App unter Kurzkontakt › Strichliste eintragen.",
    )
    first = 52.0
    width = (pdf.epw - first) / max(len(kinds), 1)
    head = 12.0
    row = min(12.0, (pdf.h - pdf.get_y() - 20 - head) / max(len(topics) + 1, 1))
    x0, y = pdf.l_margin, pdf.get_y()
    pdf.set_fill_color(230, 236, 243)
    pdf.set_font("DejaVu", "B", 8)
    pdf.rect(x0, y, first, head, style="DF")
    pdf.set_xy(x0 + 1, y + 1)
    pdf.multi_cell(first - 2, 3.6, "Thema ↓ · Art →")
    for i, kind in enumerate(kinds):
        x = x0 + first + i * width
        pdf.rect(x, y, width, head, style="DF")
        pdf.set_xy(x + 1, y + 1)
        pdf.multi_cell(width - 2, 3.6, _breakable(shortened(kind, 40)), align="C")
    pdf.set_font("DejaVu", "", 9)
    for j, topic in enumerate([*topics, "Dauer (Minuten), falls abweichend"]):
        top = y + head + j * row
        pdf.rect(x0, top, first, row)
        pdf.set_xy(x0 + 1, top + 1)
        pdf.multi_cell(first - 2, 4, _breakable(shortened(topic, 48)), align="L")
        for i in range(len(kinds)):
            pdf.rect(x0 + first + i * width, top, width, row)
    return bytes(pdf.output())


def _field(pdf: Pdf, field: Described, width: float) -> None:
    """A label and the room to answer: boxes to tick, a line, or a box to write in."""
    x = pdf.get_x()
    pdf.set_font("DejaVu", "B", 8.5)
    pdf.multi_cell(width, 4, shortened(field.label, 90), **_BELOW)
    pdf.set_font("DejaVu", "", 9)
    if field.choices:
        note = " (mehrere möglich)" if field.kind == "many" else ""
        # each choice stays on one line with its box
        boxes = (f"{BOX} {shortened(c, 45)}".replace(" ", "\u00a0") for c in field.choices)
        text = "   ".join(boxes) + note
        pdf.multi_cell(width, 5.5, text, **_BELOW)
        pdf.ln(1.5)
        return
    height = 24 if field.kind == "area" else 7
    pdf.set_draw_color(*GREY)
    if field.kind == "date":
        pdf.cell(width, height, "  ___ . ___ . ______", new_x=XPos.LEFT, new_y=YPos.NEXT)
    else:
        pdf.rect(x, pdf.get_y(), width - 3, height)
        pdf.set_y(pdf.get_y() + height)
    pdf.set_x(x)
    pdf.ln(2)


def _section(pdf: Pdf, title: str, rows: Sequence[Sequence[Described]]) -> None:
    pdf.keep(30)
    pdf.heading(title, 12)
    for row in rows:
        inline = [f for f in row if not f.choices and f.kind != "area"]
        block = [f for f in row if f not in inline]
        if inline:
            pdf.keep(14)
            top, width = pdf.get_y(), pdf.epw / len(inline)
            bottom = top
            for i, field in enumerate(inline):
                pdf.set_xy(pdf.l_margin + i * width, top)
                _field(pdf, field, width)
                bottom = max(bottom, pdf.get_y())
            pdf.set_xy(pdf.l_margin, bottom)
        for field in block:
            pdf.keep(14)
            pdf.set_x(pdf.l_margin)
            _field(pdf, field, pdf.epw)


class Described(Protocol):
    """A field as components.fieldsets.describe gives it."""

    label: str
    kind: str
    choices: tuple[str, ...]


Section = tuple[str, Sequence[Sequence[Described]]]  # a heading and its rows of fields


def intake_sheet(cooperative: str, sections: Sequence[Section], today: dt.date) -> bytes:
    """The "Neuer Fall" form on paper, section by section as the screen shows it."""
    pdf = Pdf(shortened(f"{cooperative} · Aufnahmebogen Neuer Fall", 90))
    pdf.alias_nb_pages()
    pdf.add_page()
    _title(
        pdf,
        "Aufnahmebogen – Neuer Fall",
        f"{shortened(cooperative, 80)} · Stand {de_date(today)} · Angaben zur Person sind "
        "freiwillig. Bitte sicher aufbewahren und nach dem Eintragen in die App vernichten.",
    )
    for title, rows in sections:
        _section(pdf, title, rows)
    return bytes(pdf.output())
