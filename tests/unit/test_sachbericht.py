"""The annual Sachbericht: who may report on what, the year's activities and meetings, and the
PDF itself — read back with pypdf (the dashboard's figures are in it) and rendered with
pdfium (every page draws)."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pypdfium2
import pytest

from components.documents.indicator_charts import figure_text, sections
from components.documents.report_pdf import report_for, sachbericht_pdf
from services import dashboard as dash
from services import meetings as m
from services import reports
from services.errors import NotAllowed
from tests import factories as f
from tests.unit.test_indicators import _world

pytestmark = pytest.mark.usefixtures("without_noise")

TODAY = dt.date(2026, 11, 25)


def test_report_scope_is_the_year_up_to_today_and_own_for_kuemmerer(session) -> None:
    coop_a, coop_b, _ = _world(session)
    kim = f.actor(f.user(session, "kuemmerer", coop_a))
    vswg = f.actor(f.user(session, "koordination"))
    scope = reports.report_scope(kim, 2026, (coop_a.id,), TODAY)
    assert (scope.date_from, scope.date_to) == (dt.date(2026, 1, 1), TODAY)
    assert reports.report_scope(vswg, 2025, None, TODAY).date_to == dt.date(2025, 12, 31)
    with pytest.raises(NotAllowed):
        reports.report_scope(kim, 2026, (coop_b.id,), TODAY)
    with pytest.raises(NotAllowed):
        reports.report_scope(kim, 2026, None, TODAY)  # all cooperatives: Koordination only
    with pytest.raises(NotAllowed):
        reports.report_scope(f.actor(f.user(session, "admin")), 2026, None, TODAY)


def _pdf(session, viewer, scope, special="") -> tuple[bytes, object]:
    report = report_for(session, viewer, scope, "Alle Genossenschaften", special, TODAY)
    return sachbericht_pdf(report, 5), report


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_holds_the_dashboards_figures_and_the_users_text(session) -> None:
    _world(session)
    vswg = f.actor(f.user(session, "koordination"))
    vswg_meeting = m.save_meeting(session, vswg, m.MeetingData(dt.date(2026, 10, 14), "Zwickau"))
    m.add_method(session, vswg, vswg_meeting.id, "Kollegiale Fallberatung", "", "")
    scope = reports.report_scope(vswg, 2026, None, TODAY)
    special = "Neue Sprechstunde im Quartier Marienthal seit März."
    data, report = _pdf(session, vswg, scope, special)
    text = _text(data)
    assert "Sachbericht 2026" in text and "Berichtszeitraum: 01.01.2026 – 25.11.2026" in text
    assert special in text
    # every figure the dashboard shows for the same filters is in the report, as shown there
    board = dash.dashboard(session, vswg, scope)
    for part in sections(board, 5):
        for figure in part.figures:
            assert f"{figure.label}" in text
            assert figure_text(figure, 5) in text, (part.key, figure.label)
    for story in report.stories:
        assert story.takeaway.split(":")[0] in text
    assert "Kollegiale Fallberatung" in text and "14.10.2026" in text
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    assert f"Seite 1 von {pages}" in text and f"Seite {pages} von {pages}" in text
    assert "erstellt mit Kümmerer-Cockpit am 25.11.2026" in text


def test_key_figures_table_matches_the_dashboard(session) -> None:
    coop_a, _, _ = _world(session)
    kim = f.actor(f.user(session, "kuemmerer", coop_a))
    scope = reports.report_scope(kim, 2026, (coop_a.id,), TODAY)
    # own cooperative in full: the same key figures as the Kümmerer's dashboard
    text = _text(_pdf(session, kim, scope)[0])
    figures = {k.key: k for k in dash.key_figures(session, kim, scope)}
    assert f"Neue Fälle {figures['new_cases'].value}" in text
    assert "voller Genauigkeit" in text
    # hidden for the funder: the audience's figures, small numbers as <5
    text = _text(_pdf(session, dash.audience(kim), scope)[0])
    assert "Neue Fälle <5" in text and "Zahlen von 1 bis 4" in text


def test_every_page_renders(session) -> None:
    _world(session)
    vswg = f.actor(f.user(session, "koordination"))
    data, _ = _pdf(session, vswg, reports.report_scope(vswg, 2026, None, TODAY))
    document = pypdfium2.PdfDocument(data)
    assert len(document) >= 4
    for page in document:
        image = page.render(scale=0.5).to_pil().convert("L")
        darkest, lightest = image.getextrema()
        assert darkest < 100 and lightest > 200  # ink on paper, not a blank page
    document.close()


def test_year_in_review_lists_own_activities_and_aggregates_for_koordination(session) -> None:
    coop_a, coop_b, _ = _world(session)
    kim = f.actor(f.user(session, "kuemmerer", coop_a))
    vswg = f.actor(f.user(session, "koordination"))
    f.activity(session, coop_a, dt.date(2026, 5, 4), "Frühlingsfest", participants=40)
    f.activity(session, coop_b, dt.date(2026, 6, 1), "Hofcafé", participants=12)
    own = reports.year_in_review(session, kim, reports.report_scope(kim, 2026, (coop_a.id,), TODAY))
    assert [(a.held_on, a.title, a.participants) for a in own.activities] == [
        (dt.date(2026, 5, 4), "Frühlingsfest", 40)
    ]
    every = reports.year_in_review(session, vswg, reports.report_scope(vswg, 2026, None, TODAY))
    assert all(a.held_on is None for a in every.activities)  # by kind, no titles
    assert sum(a.count for a in every.activities) == 2
    assert sum(a.participants for a in every.activities) == 52
