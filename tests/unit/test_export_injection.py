"""No export carries an attack: user text that begins like a formula is text in every CSV and
Excel file the app writes (OWASP, CSV injection), numbers stay numbers, and the partner CSV
still imports back to exactly what was typed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from sqlalchemy import select, update

from components.documents import indicator_charts as charts
from components.documents.workbook import workbook_bytes
from db.models import CatalogueEntry, Partner
from services import dashboard as dash
from services import partners as p
from services.partner_files import apply_import, export_partners, preview_import
from services.spreadsheets import csv_bytes, xlsx_bytes
from tests import factories as f
from tests.unit.test_indicator_charts import P
from tests.unit.test_indicators import _world
from tests.unit.test_partners import _someone

INJECTION = Path(__file__).parent.parent / "fixtures" / "injection.csv"
FORMULA = '=HYPERLINK("https://evil.invalid/x","Hilfe")'


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _formulas(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [c.coordinate for s in book for row in s.iter_rows() for c in row if c.data_type == "f"]


def test_the_writer_neutralises_text_and_keeps_numbers() -> None:
    rows = [["=1+1", "+49 371", "-2+3", "@SUM(A1)", "\t=1", "Müller", 7, -2.5, None]]
    cells = _cells(csv_bytes(["a"] * 9, rows))[1]
    assert cells == ["'=1+1", "'+49 371", "'-2+3", "'@SUM(A1)", "'\t=1", "Müller", "7", "-2,5", ""]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(["a"] * 9, rows, "T")))
    values = [c.value for c in book["T"][2]]
    assert values == ["=1+1", "+49 371", "-2+3", "@SUM(A1)", "\t=1", "Müller", 7, -2.5, None]
    assert not _formulas(xlsx_bytes(["a"] * 9, rows, "T"))


def test_imported_partner_texts_are_exported_as_text_and_import_back(session) -> None:
    me = _someone(session)
    preview = preview_import(session, me, INJECTION.read_bytes(), INJECTION.name)
    assert not preview.rejected, preview.rejected
    apply_import(session, me, preview.valid)
    names = set(session.scalars(select(Partner.name)))
    assert FORMULA in names and "\t=1+1" not in names  # the import strips surrounding space
    ids = p.all_matching_ids(session, me, p.PartnerQuery())
    exported = export_partners(session, me, ids, "csv")
    rows = _cells(exported)
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert "'" + FORMULA in [r[0] for r in rows]
    assert not _formulas(export_partners(session, me, ids, "xlsx"))
    again = preview_import(session, me, exported, "export.csv")
    assert {v.row.name for v in again.valid} == names
    assert {v.row.notes for v in again.valid} >= {"@SUM(1+1)"}


def test_catalogue_labels_reach_the_indicator_files_as_text(session) -> None:
    _world(session)
    session.execute(
        update(CatalogueEntry)
        .where(CatalogueEntry.catalogue == "access_route", CatalogueEntry.key == "aufsuchend")
        .values(label="=1+1 aufsuchend")
    )
    viewer = f.actor(f.user(session, "koordination"))
    board = dash.dashboard(session, viewer, P)
    assert not _formulas(workbook_bytes(board, 5, "Alle Genossenschaften"))
    parts = {s.key: s for s in charts.sections(board, 5)}
    frame = parts["access_routes"].frame
    assert "=1+1 aufsuchend" in set(frame["Kategorie"])
    assert "'=1+1 aufsuchend" in [r[0] for r in _cells(charts.csv_bytes(frame))]
    assert not _formulas(charts.xlsx_bytes(frame, "Zugangswege"))
