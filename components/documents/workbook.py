"""All indicators as one Excel workbook (no Streamlit): an overview of the key figures, one
sheet per indicator group and a sheet with the definitions. Figures are numbers with a
number format, not text; a hidden small number is an empty cell with a note."""

from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from components.documents.indicator_charts import Section, sections
from components.formatting import de_period
from services import dashboard as dash
from services.indicators import registry
from services.spreadsheets import append_row

UNITS = {"count": "Anzahl", "share": "Anteil", "hours": "Stunden", "days": "Tage",
         "decimal": "Anzahl", "plain": "Anzahl"}  # fmt: skip
FORMATS = {"count": "#,##0", "share": "0.0%", "hours": "#,##0.0", "days": "#,##0.0",
           "decimal": "#,##0.0", "plain": "#,##0.0"}  # fmt: skip
GROUP_HEADER = ["Art", "Kennzahl / Kategorie", "Reihe", "Wert", "Einheit", "Hinweis"]


def _note(value, unit: str, threshold: int) -> str:
    if value is not None and not pd.isna(value):
        return ""
    if unit == "count":
        return f"<{threshold}: kleine Zahl, nicht ausgewiesen"
    return "nicht ausgewiesen (zu wenige Fälle)"


def _number(value):
    return None if value is None or pd.isna(value) else float(value)


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list], widths: list[int]):
    sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "-", title)[:31])
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _format(sheet: Worksheet, column: int, units: list[str]) -> None:
    """Number formats per row (row 2 on), by each row's unit."""
    for row, unit in enumerate(units, start=2):
        sheet.cell(row=row, column=column).number_format = FORMATS[unit]


def _group_rows(part: Section, threshold: int) -> tuple[list[list], list[str]]:
    rows, units = [], []
    for figure in part.figures:
        unit = figure.unit
        rows.append(
            [
                "Kennzahl",
                figure.label,
                "",
                _number(figure.value),
                UNITS[unit],
                _note(figure.value, unit, threshold),
            ]
        )
        units.append(unit)
    for record in part.frame.itertuples(index=False):
        rows.append(
            [
                "Aufschlüsselung",
                record.Kategorie,
                record.Reihe,
                _number(record.Wert),
                UNITS[part.unit],
                _note(record.Wert, part.unit, threshold),
            ]
        )
        units.append(part.unit)
    return rows, units


def workbook_bytes(board: dash.Dashboard, threshold: int, where: str) -> bytes:
    """where: the cooperatives and city the figures are about (for the overview)."""
    scope, before = board.scope, dash.previous(board.scope)
    book = Workbook()
    book.remove(book.active)
    now = de_period(scope.date_from, scope.date_to)
    then = de_period(before.date_from, before.date_to)
    overview = [
        [
            k.label,
            _number(k.value),
            _number(k.previous),
            UNITS["share" if k.share else "count"],
            _note(k.value, "share" if k.share else "count", threshold),
        ]
        for k in board.key_figures
    ]
    sheet = _sheet(
        book,
        "Übersicht",
        ["Kennzahl", now, then, "Einheit", "Hinweis"],
        overview,
        [28, 24, 24, 10, 40],
    )
    units = ["share" if k.share else "count" for k in board.key_figures]
    _format(sheet, 2, units)
    _format(sheet, 3, units)
    for row in ([], ["Genossenschaften", where], ["Zeitraum", now], ["Vergleichszeitraum", then]):
        append_row(sheet, row)
    for number, part in enumerate(sections(board, threshold), start=1):
        rows, units = _group_rows(part, threshold)
        title = f"{number} {registry()[part.key].definition.title}"
        sheet = _sheet(book, title, GROUP_HEADER, rows, [16, 42, 18, 12, 10, 40])
        _format(sheet, 4, units)
    definitions = [
        [f"{n}. {d.title}", d.summary, d.numerator, d.denominator, d.rules]
        for n, d in enumerate((i.definition for i in registry().values()), start=1)
    ]
    _sheet(
        book,
        "Definitionen",
        ["Indikator", "Beschreibung", "Zähler", "Nenner", "Regeln"],
        definitions,
        [30, 60, 50, 40, 60],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
