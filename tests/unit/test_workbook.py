"""The Excel workbook of all indicators, read back with openpyxl: numbers stay numbers, small
numbers stay hidden, and every sheet is ready to read (header frozen, columns wide)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from components.documents.workbook import workbook_bytes
from services import dashboard as dash
from services.indicators import registry
from tests import factories as f
from tests.unit.test_indicator_charts import P
from tests.unit.test_indicators import _world

pytestmark = pytest.mark.usefixtures("without_noise")


def _book(session) -> openpyxl.Workbook:
    _world(session)
    board = dash.dashboard(session, f.actor(f.user(session, "koordination")), P)
    data = workbook_bytes(board, 5, "Alle Genossenschaften")
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(sheet) -> dict[tuple[str, str], tuple]:
    return {(r[1], r[2] or ""): r for r in sheet.iter_rows(min_row=2, values_only=True)}


def test_workbook_has_a_sheet_per_group_and_the_definitions(session) -> None:
    book = _book(session)
    assert book.sheetnames[0] == "Übersicht" and book.sheetnames[-1] == "Definitionen"
    assert len(book.sheetnames) == len(registry()) + 2  # overview, definitions
    assert book.sheetnames[1:4] == [
        "1 Reichweite",
        "2 Neue Fälle und Fallbestand",
        "3 Früherkennung",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(c.font.bold for c in sheet[1] if c.value)
        assert sheet.column_dimensions["B"].width >= 20
    definitions = list(book["Definitionen"].iter_rows(min_row=2, values_only=True))
    assert len(definitions) == len(registry()) and definitions[0][0] == "1. Reichweite"


def test_figures_are_numbers_and_hidden_cells_are_empty_with_a_note(session) -> None:
    book = _book(session)
    reach = _rows(book["1 Reichweite"])
    # 9 persons over all cooperatives in October (see test_indicator_charts), as a number
    persons = reach[("Erreichte Personen", "")]
    assert persons[3] == 9 and isinstance(persons[3], int | float) and persons[4] == "Anzahl"
    access = _rows(book["4 Zugangswege"])
    shown = [r for r in access.values() if r[0] == "Aufschlüsselung" and r[3] is not None]
    hidden = [r for r in access.values() if r[0] == "Aufschlüsselung" and r[3] is None]
    # aufsuchend 7 shown; two routes with one case each hidden
    assert [r[3] for r in shown] == [7] and len(hidden) == 2
    assert all(r[5].startswith("<5") for r in hidden)
    early = _rows(book["3 Früherkennung"])[("Früherkennungsquote", "")]
    assert 0 < early[3] < 1 and early[4] == "Anteil"
    sheet = book["3 Früherkennung"]
    assert sheet.cell(row=2, column=4).number_format == "0.0%"
    overview = list(book["Übersicht"].iter_rows(min_row=1, max_row=5, values_only=True))
    assert overview[0][1] == "01.10.2026 – 31.10.2026"
    assert overview[1][:2] == ("Erreichte Personen", 9)
