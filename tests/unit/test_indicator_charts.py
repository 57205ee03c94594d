"""The dashboard's sections, charts and exports (no Streamlit): German formats, '<5' for
hidden cells, an empty state, and files that open."""

from __future__ import annotations

import datetime as dt
import io
import json
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from components.documents import chart_drawing as drawing
from components.documents import indicator_charts as charts
from services import dashboard as dash
from services import indicators as ind
from tests import factories as f
from tests.unit.test_indicators import _world

pytestmark = pytest.mark.usefixtures("without_noise")

P = ind.Scope(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def test_shown_uses_german_formats() -> None:
    assert charts.shown(1234, 5) == "1.234"
    assert charts.shown(0.125, 5, "share") == "12,5 %"
    assert charts.shown(None, 5) == "<5"
    assert charts.shown(3.5, 5, "hours") == "3,5 Std."
    assert charts.shown(7.0, 5, "days") == "7 Tage"
    assert charts.shown(None, 5, "share") == "nicht ausgewiesen"
    # only a withheld count reads "<5"; hours or a rate per housing units withheld with their
    # count are no count of 1 to 4
    assert charts.shown(None, 5, "hours") == "nicht ausgewiesen"
    assert charts.shown(None, 5, "decimal") == "nicht ausgewiesen"


def _sections(session, actor, scope=P):
    board = dash.dashboard(session, actor, scope)
    return board, {s.key: s for s in charts.sections(board, 5)}


def test_sections_for_koordination_hide_small_cells(session) -> None:
    _world(session)
    board, parts = _sections(session, f.actor(f.user(session, "koordination")), P)
    assert len(parts) == len(ind.registry()) and set(parts) == set(ind.registry())
    reach = {fig.label: charts.figure_text(fig, 5) for fig in parts["reach"].figures}
    assert reach["Erreichte Personen"] == "9"
    access = parts["access_routes"].frame.set_index("Kategorie")["Anzeige"].to_dict()
    # aufsuchend 1 + 6 = 7 shown; Nachbarschaft 1 and Sprechstunde 1 hidden
    assert list(access.values()) == ["7", "<5", "<5"]
    # the October new cases over all cooperatives: 9
    assert parts["cases"].frame["Anzeige"].tolist() == ["9"]
    assert parts["cases"].frame["Kategorie"].tolist()[0].startswith("Okt")
    compared = charts.comparison_frame(board, "new_cases", None, 5)
    assert compared["Anzeige"].tolist() == ["<5", "6", "<5"]


def test_own_cooperative_is_highlighted_in_the_comparison(session) -> None:
    a, _, _ = _world(session)
    board = dash.dashboard(session, f.actor(f.user(session, "kuemmerer", a)), P)
    frame = charts.comparison_frame(board, "new_cases", a.id, 5)
    assert frame.loc[frame["Reihe"] == "Eigene Genossenschaft", "Anzeige"].tolist() == ["2"]


def test_empty_period_has_empty_sections(session) -> None:
    _world(session)
    quiet = ind.Scope(dt.date(2020, 1, 1), dt.date(2020, 1, 31))
    board, parts = _sections(session, f.actor(f.user(session, "koordination")), quiet)
    assert board.empty
    assert parts["outcomes"].empty and parts["reach"].empty


def test_exports_open(session) -> None:
    _world(session)
    _, parts = _sections(session, f.actor(f.user(session, "koordination")))
    frame = parts["access_routes"].frame
    csv = charts.csv_bytes(frame)
    assert csv.startswith(b"\xef\xbb\xbf") and b"Kategorie;Reihe;Wert;Anzeige" in csv
    book = openpyxl.load_workbook(io.BytesIO(charts.xlsx_bytes(frame, "Zugangswege")))
    rows = list(book["Zugangswege"].values)
    assert rows[0] == ("Kategorie", "Reihe", "Wert", "Anzeige") and rows[1][3] == "7"
    chart = drawing.chart(frame)
    spec = json.loads(chart.to_json())
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert drawing.png_bytes(chart).startswith(b"\x89PNG")
    assert drawing.png_bytes(chart.to_dict()).startswith(b"\x89PNG")  # the page's cached spec


def test_top_categories_for_a_slide() -> None:
    frame = charts._frame(
        [
            ("A", "Zeitraum", 3),
            ("A", "Vorzeitraum", 9),
            ("B", "Zeitraum", None),
            ("B", "Vorzeitraum", 1),
            ("C", "Zeitraum", 12),
            ("C", "Vorzeitraum", 2),
            ("D", "Zeitraum", 7),
            ("D", "Vorzeitraum", 7),
        ],
        "count",
        5,
    )
    top = charts.top_categories(frame, 2)
    # by the period's value, biggest first; the previous period stays beside each
    assert top["Kategorie"].tolist() == ["C", "C", "D", "D"]
    assert top["Reihe"].tolist() == ["Zeitraum", "Vorzeitraum"] * 2
    # a hidden cell never crowds out a shown one
    assert "B" not in charts.top_categories(frame, 3)["Kategorie"].tolist()


def test_count_axes_show_whole_numbers_only() -> None:
    """One meeting of each method: the axis reads 0 and 1, not 0,5 (half a meeting)."""
    import vl_convert

    frame = pd.DataFrame(
        [("Netzwerkkarte", "Anzahl", 1, "1"), ("Deeskalation", "Anzahl", 1, "1")],
        columns=["Kategorie", "Reihe", "Wert", "Anzeige"],
    )
    svg = vl_convert.vegalite_to_svg(drawing.chart(frame).to_dict())
    assert ">1</text>" in svg and ">0,5</text>" not in svg
    shares = frame.assign(Wert=[0.25, 0.5])
    assert ">50%</text>" in vl_convert.vegalite_to_svg(
        drawing.chart(shares, unit="share").to_dict()
    )


def test_a_month_covered_in_part_says_so() -> None:
    """'Letzte 12 Monate' on 1 December: the one-day December bar read as a collapse."""
    import datetime as dt

    from components.documents.indicator_charts import _period

    year, today = dt.date(2025, 12, 1), dt.date(2026, 12, 1)
    assert _period("2026-12", year, today) == "Dez. 2026 (bis 01.12.)"
    assert _period("2026-11", year, today) == "Nov. 2026"
    assert _period("2026-Q4", year, today) == "Q4 2026 (bis 01.12.)"
    assert _period("2025-10", dt.date(2025, 10, 5), today) == "Okt. 2025 (ab 05.10.)"
    assert _period("2026-02", dt.date(2026, 1, 1), dt.date(2026, 2, 28)) == "Feb. 2026"


def test_a_slide_says_what_its_top_bars_leave_out_and_equal_bars_become_a_sentence() -> None:
    import pandas as pd

    from components.documents.indicator_charts import left_out, one_each, top_categories

    def frame(values: dict[str, float | None]) -> pd.DataFrame:
        return pd.DataFrame(
            [(k, "Anzahl", v, str(v)) for k, v in values.items()],
            columns=["Kategorie", "Reihe", "Wert", "Anzeige"],
        )

    ten = frame({f"Art {i}": 20 - i for i in range(10)})
    kept = top_categories(ten, 6)
    assert left_out(ten, kept, "count", 5) == "und 4 weitere: 50"  # 14 + 13 + 12 + 11
    assert left_out(ten, ten, "count", 5) == ""
    hidden = frame({"A": 9, "B": 8, "C": None})
    assert left_out(hidden, top_categories(hidden, 2), "count", 5) == "und 1 weitere"
    assert one_each(frame({"Deeskalation": 1, "Netzwerkkarte": 1, "Demenz": 1})) == (
        "Deeskalation, Netzwerkkarte und Demenz (je einmal)"
    )
    assert one_each(frame({"Deeskalation": 1, "Netzwerkkarte": 2})) is None


def test_every_group_says_what_its_chart_shows() -> None:
    from services.indicators import registry

    titles = {key: i.chart_title for key, i in registry().items()}
    assert all(len(t) > 10 for t in titles.values()), titles
    assert titles["time"] == "Stunden je Kontaktart"
    # and the slide's headline speaks of the same: the hours, not the days to a referral
    parts = {"time": {"contact_hours": {"Telefon": {"hours": 2.5}, "Brief": {"hours": 1.0}},
                      "medians": dict.fromkeys(("days_to_referral", "case_days",
                                                "days_to_appointment"))}}  # fmt: skip
    board = SimpleNamespace(parts=parts)
    headline = next(f for f in registry()["time"].figures(board) if f.phrase)
    assert headline.unit == "hours" and headline.value == 3.5
    parts["time"]["contact_hours"]["Brief"]["hours"] = None  # withheld: so is the total
    assert next(f for f in registry()["time"].figures(board) if f.phrase).value is None


def test_long_category_names_wrap_instead_of_being_cut() -> None:
    """'Wohnungsgenossenschaft Baut…' on a slide: a long name takes two lines."""
    import json

    import pandas as pd

    from components.documents.chart_drawing import MEDIA, chart, wrap

    names = ["Bergbau-Wohnungsgenossenschaft Schneeberg eG", "Kurz"]
    frame = pd.DataFrame([(n, "Anzahl", 9, "9") for n in names],
                         columns=["Kategorie", "Reihe", "Wert", "Anzeige"])  # fmt: skip
    spec = json.dumps(chart(frame, "bar", medium="slide").to_dict())
    at = MEDIA["slide"].wrap_at
    assert json.dumps(wrap(at)) in spec and "substring(datum.label" in wrap(at)


def test_a_cached_chart_belongs_to_its_own_table_only() -> None:
    """The spec cache is keyed by the table's bytes: a table with one other value gets its
    own chart (a hit on another's would show another cooperative's figure)."""
    from components.indicators.chart_blocks import chart_spec, content_key

    def table(value: int) -> pd.DataFrame:
        return charts._frame([("A", "Fälle", 3), ("B", "Fälle", value)], "count", 1)

    assert content_key(table(4)) == content_key(table(4))
    assert content_key(table(4)) != content_key(table(5))
    first, second = chart_spec(table(4)), chart_spec(table(5))
    assert json.dumps(first) != json.dumps(second)
    assert chart_spec(table(4)) == first
