"""Files from outside: a spreadsheet bomb, a field longer than the CSV reader takes and a file
of millions of tiny rows are refused with a German message before they are read whole; every
header alias is understood; a postcode is five digits, not a prefix of five digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from services import partners as p
from services.partner_files import (
    ALIASES,
    COLUMNS,
    MAX_ROWS,
    FileProblem,
    preview_import,
    read_table,
)
from tests.unit.test_partners import _data, _someone

FIXTURES = Path(__file__).parent.parent / "fixtures"
VALUES = {"name": "Tafel Süd", "kind": "Verein", "city": "Chemnitz", "help_areas": "Vereinsamung",
          "street": "Lindenweg 4", "postcode": "09111", "cities": "Aue", "phone": "0371 123",
          "email": "info@tafel.invalid", "website": "tafel.invalid", "opening_hours": "Mo 9-12",
          "contact_name": "Frau Berger", "contact_function": "Leitung", "notes": "Notiz",
          "external_key": "T-1"}  # fmt: skip


def test_a_spreadsheet_bomb_is_refused_before_it_is_read() -> None:
    content = (FIXTURES / "bomb_1m_rows.xlsx").read_bytes()
    assert len(content) < 200_000  # a small upload that unpacks to a million rows
    with pytest.raises(FileProblem) as exc:
        read_table(content, "partner.xlsx")
    assert f"mehr als {MAX_ROWS:,} Zeilen".replace(",", ".") in str(exc.value)


def test_a_field_longer_than_the_csv_reader_takes_is_explained() -> None:
    with pytest.raises(FileProblem) as exc:
        read_table((FIXTURES / "long_field.csv").read_bytes(), "long_field.csv")
    assert "ab Zeile 2" in str(exc.value) and "zu lang" in str(exc.value)


@pytest.mark.parametrize(
    ("megabytes", "words"), [(15, "mehr als 100.000 Zeilen"), (20, "größer als 16 MB")]
)
def test_millions_of_tiny_rows_are_refused(megabytes, words) -> None:
    content = b"Name;Art;Ort\n" + b"a;b;c\n" * (megabytes * 2**20 // 6)
    with pytest.raises(FileProblem) as exc:
        read_table(content, "viele.csv")
    assert words in str(exc.value)


@pytest.mark.parametrize("header", [h for h, _ in COLUMNS] + list(ALIASES))
def test_every_header_and_alias_is_understood(session, header) -> None:
    field = dict((h, f) for h, f in COLUMNS).get(header) or ALIASES[header]
    columns = {"name": "Name", "kind": "Art", "city": "Ort"} | {field: header.title()}
    line = ";".join(columns.values()) + "\n" + ";".join(VALUES[f] for f in columns) + "\n"
    preview = preview_import(session, _someone(session), line.encode(), "partner.csv")
    assert not preview.unknown_columns and not preview.rejected, preview.rejected
    row = preview.valid[0].row
    assert getattr(row, field) == VALUES[field]


@pytest.mark.parametrize("postcode", ["091110", "0911", "O9111", "09111 x"])
def test_a_postcode_is_exactly_five_digits(session, postcode) -> None:
    errors = p.partner_errors(session, _data(session, postcode=postcode))
    assert errors["postcode"] == "Die Postleitzahl hat fünf Ziffern."
    line = f"Name;Art;Ort;PLZ\nTafel;Verein;Chemnitz;{postcode.strip()}\n".encode()
    preview = preview_import(session, _someone(session), line, "p.csv")
    assert preview.rejected and "fünf Ziffern" in preview.rejected[0][1]


def test_openpyxl_reads_uploads_through_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    requirements = (Path(__file__).parents[2] / "requirements.txt").read_text()
    assert "\ndefusedxml==" in requirements
