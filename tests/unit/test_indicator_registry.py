"""A new indicator group is one module and its line in the registry: the dashboard computes
it, the page, the slides, the workbook and the Sachbericht show it, with nothing else
changed. The group here is made up for the test — new acute cases per access route — and
checked against hand-computed values of the indicator world (tests/unit/test_indicators)."""

from __future__ import annotations

import io
from types import SimpleNamespace

import openpyxl
import pytest
from sqlalchemy.orm import Session

from components.documents import indicator_charts as charts
from components.documents.indicator_story import stories
from components.documents.report_pdf import report_for, sachbericht_pdf
from components.documents.workbook import workbook_bytes
from db.models import Case, CatalogueEntry
from services import dashboard as dash
from services import indicators as ind
from services import reports
from services.actor import Actor
from services.indicators import groups
from services.indicators.core import PER_LABEL, Definition, Figure, Indicator, cases_per_label
from tests import factories as f
from tests.unit.test_indicator_charts import P
from tests.unit.test_indicators import _world
from tests.unit.test_sachbericht import TODAY, _text

pytestmark = pytest.mark.usefixtures("without_noise")


def _acute(session: Session, actor: Actor, scope: ind.Scope) -> dict[str, int | None]:
    linked = PER_LABEL.join(Case, Case.access_route_id == CatalogueEntry.id)
    return cases_per_label(
        session, actor, scope, linked.where(Case.urgency == "akut"), Case.opened_on
    )


def _total(counts: dict[str, int | None]) -> int | None:
    return None if None in counts.values() else sum(counts.values())


# what a module services/indicators/groups/acute.py would hold
ACUTE = SimpleNamespace(
    INDICATOR=Indicator(
        key="acute",
        definition=Definition("Akute Fälle", "Neue akute Fälle je Zugangsweg.",
                              "neue Fälle mit Dringlichkeit „akut“", "–",
                              "Dringlichkeit bei Aufnahme."),
        chart_title="Akute neue Fälle je Zugangsweg",
        figures=lambda b: [Figure("Akute Fälle", _total(b.parts["acute"]),
                                  phrase="{value} akute neue Fälle")],
        table=lambda b: [(k, "Anzahl", v) for k, v in b.parts["acute"].items()],
        part=lambda session, actor, scope, before: _acute(session, actor, scope),
    )
)  # fmt: skip


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(groups, "ORDER", (*groups.ORDER, ACUTE))  # the one registry line


def test_a_registered_group_reaches_page_slides_workbook_and_report(session, registered) -> None:
    _, _, c = _world(session)
    kuemmerer = f.actor(f.user(session, "kuemmerer", c))
    own = ind.Scope(P.date_from, P.date_to, (c.id,))
    board = dash.dashboard(session, kuemmerer, own)
    # C opened one acute case in October, through the consultation hour
    assert board.parts["acute"] == {"Sprechstunde": 1}
    part = charts.sections(board, 5)[-1]
    assert part.key == "acute" and part.frame["Anzeige"].tolist() == ["1"]
    assert [charts.figure_text(x, 5) for x in part.figures] == ["1"]
    before = dash.dashboard(session, kuemmerer, dash.previous(own))
    told = stories(board, before, 5, "Vorzeitraum")[-1]
    # C documents only since October: September is no comparison, so no "+1"
    assert told.takeaway == "Akute Fälle: 1 akute neue Fälle."
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(board, 5, "C")))
    assert "15 Akute Fälle" in book.sheetnames
    definitions = [row[1] for row in book["Definitionen"].iter_rows(values_only=True)]
    assert "Neue akute Fälle je Zugangsweg." in definitions
    scope = reports.report_scope(kuemmerer, 2026, (c.id,), TODAY)
    report = report_for(session, kuemmerer, scope, "C", "", TODAY)
    assert "15. Akute Fälle" in _text(sachbericht_pdf(report, 5))


def test_a_registered_group_is_protected_for_others(session, registered) -> None:
    _world(session)
    board = dash.dashboard(session, f.actor(f.user(session, "koordination")), P)
    # A's acute case opened in September; C's single one is hidden from Koordination
    assert board.parts["acute"] == {"Sprechstunde": None}
    part = charts.sections(board, 5)[-1]
    assert part.frame["Anzeige"].tolist() == ["<5"]
    assert [charts.figure_text(x, 5) for x in part.figures] == ["<5"]
