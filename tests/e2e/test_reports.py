"""Issue 9 in the browser: Koordination writes a line of its own, makes the Sachbericht with a
progress bar and downloads a PDF that holds that line; the Excel workbook downloads too."""

from __future__ import annotations

import io

import openpyxl
import pypdf
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import settle, shot
from tests.e2e.test_indicators import _open

pytestmark = pytest.mark.e2e


def test_koordination_downloads_the_sachbericht_and_the_workbook(server, page) -> None:
    server.seed_demo()
    _open(page, server, "koordination", "Berichte")
    page.get_by_label("Besondere Entwicklungen").fill("Zwei neue Hofcafés in Zwickau.")
    page.get_by_role("button", name="Sachbericht erstellen").click()
    button = page.get_by_role("button", name="Sachbericht herunterladen (PDF)")
    expect(button).to_be_visible(timeout=60_000)
    settle(page)
    shot(page, "30-berichte")
    with page.expect_download() as download:
        button.click()
    reader = pypdf.PdfReader(download.value.path())
    assert len(reader.pages) >= 6
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Zwei neue Hofcafés in Zwickau." in text and "Früherkennung" in text
    with page.expect_download() as download:
        page.get_by_role("button", name="Arbeitsmappe herunterladen (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[0] == "Übersicht" and len(book.sheetnames) == 16
