"""Every PDF lays out the longest text the forms accept (long words without spaces too): the
Art. 15 access export with full-length notes, the Sachbericht with eight full-length meeting
topics. The first pages are saved as screenshots to look at."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from components.documents.access_pdf import access_pdf
from components.documents.report_pdf import report_for, sachbericht_pdf
from config import PROJECT_ROOT
from db.models import Case, Contact, Cooperative, MeetingTopic
from services import meetings as m
from services import privacy, reports
from services.contacts import MAX_NOTE
from services.crypto import encrypt_text
from tests import factories as f
from tests.unit.test_indicators import _world
from tests.unit.test_keys import _person

TODAY = dt.date(2026, 11, 25)
SHOTS = PROJECT_ROOT / "docs" / "screenshots"
WORDS = ("Nachbarschaftshilfe " * 400)[:MAX_NOTE]
NO_SPACES = ("Donaudampfschifffahrtsgesellschaftskapitänsmütze" * 200)[:MAX_NOTE]


def _pages(data: bytes, name: str | None, engine) -> int:  # noqa: ANN001
    """Every page draws; the first page of the SQLite run is saved as a screenshot."""
    document = pypdfium2.PdfDocument(data)
    count = len(document)
    if name and engine.dialect.name == "sqlite":
        document[0].render(scale=1.4).to_pil().save(Path(SHOTS, f"{name}.png"))
    document.close()
    return count


def test_the_access_export_lays_out_the_longest_notes(session, engine) -> None:
    kim, person_id = _person(session)
    first = session.query(Contact).one()
    first.note_enc = encrypt_text(NO_SPACES)
    case = session.get(Case, first.case_id)
    for text in (WORDS, NO_SPACES):
        coop = session.get(Cooperative, case.cooperative_id)
        f.contact(session, coop, TODAY, case).note_enc = encrypt_text(text)
    session.flush()
    export = privacy.access_export(session, kim, person_id, TODAY)
    data = access_pdf(export, "Genossenschaft")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert text.replace("\n", "").count("Donaudampfschifffahrts") >= 2 * 100
    assert text.count("Nachbarschaftshilfe") >= 240
    assert _pages(data, "access-export-longest-notes", engine) > 3


def test_the_sachbericht_lays_out_eight_longest_meeting_topics(session, engine) -> None:
    _world(session)
    vswg = f.actor(f.user(session, "koordination"))
    meeting = m.save_meeting(session, vswg, m.MeetingData(dt.date(2026, 10, 14), "Z" * 200))
    limit = MeetingTopic.__table__.c.title.type.length
    for i in range(8):
        m.propose_topic(session, vswg, meeting.id, (f"{i}Quartiersentwicklung" * 30)[:limit])
        m.add_method(session, vswg, meeting.id, ("Methodenkoffer" * 30)[:200], "", "")
    scope = reports.report_scope(vswg, 2026, None, TODAY)
    report = report_for(session, vswg, scope, "Alle Genossenschaften", WORDS, TODAY)
    data = sachbericht_pdf(report, 5)
    assert _pages(data, None, engine) >= 4
    if engine.dialect.name == "sqlite":
        document = pypdfium2.PdfDocument(data)
        document[len(document) - 1].render(scale=1.4).to_pil().save(
            Path(SHOTS, "sachbericht-longest-topics.png")
        )
        document.close()


@pytest.mark.parametrize("text", [WORDS, NO_SPACES, "x" * 20_000])
def test_a_table_row_longer_than_a_page_continues(text) -> None:
    from components.documents.pdf import Pdf

    pdf = Pdf("Fußzeile")
    pdf.add_page()
    pdf.rows(("Datum", "Notiz"), [("01.10.2026", text)], (22, 68))
    assert len(pypdf.PdfReader(io.BytesIO(bytes(pdf.output()))).pages) >= 2
