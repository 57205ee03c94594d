"""The one writer of the app's CSV and Excel files (no Streamlit): CSV as German Excel opens it
(UTF-8 with BOM, semicolons, CRLF, decimal comma) and .xlsx through openpyxl.

Text that users typed is never a formula: following OWASP's advice on CSV injection, a CSV
text cell that begins with = + - @, a tab or a carriage return gets a leading apostrophe
(Excel shows the text and does not evaluate it; the partner import removes it again), and an
.xlsx text cell is stored as text even where openpyxl would take it for a formula. Numbers
stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
ESCAPE = "'"


def safe_text(value: str) -> str:
    """A text for a CSV cell: never read as a formula."""
    return ESCAPE + value if value.startswith(FORMULA_START) else value


def unescape(value: str) -> str:
    """The text as typed, from a cell this module wrote (for the partner import)."""
    return value[1:] if value.startswith(ESCAPE) and value[1:].startswith(FORMULA_START) else value


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _csv_cell(value: object) -> object:
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float | Decimal):
        return format(value, "f").rstrip("0").rstrip(".").replace(".", ",") if value else "0"
    if isinstance(value, int):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_text(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """Semicolon CSV with BOM (Excel reads the umlauts); rows may be a generator."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in header])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def append_row(sheet: Worksheet, row: Sequence[object]) -> None:
    """One row at the end of a sheet; text cells stay text (openpyxl would store a text
    beginning with "=" as a formula)."""
    cells = []
    for value in row:
        if _missing(value):
            value = None
        elif isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            value = cell
        cells.append(value)
    sheet.append(cells)


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
