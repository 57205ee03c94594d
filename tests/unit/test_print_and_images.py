"""Issue 26: charts fit for print, projector and export — the Sachbericht's chart text is at
least 8 pt, twelve months stay readable, a single point is no line, an exported image is
1600 × 900 with title, period, cooperatives and the protection note, slides grow their type
on a large screen, and the cover carries the issuing organisation's name and logo."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re

import pandas as pd
import pypdf
import pytest
from PIL import Image

from components.documents import chart_drawing as drawing
from components.documents import indicator_charts as charts
from components.documents.report_pdf import report_for, sachbericht_pdf
from components.indicators.chart_blocks import Picture
from db.models import Setting
from services import issuer as issuers
from services import reports
from services.errors import Invalid, NotAllowed
from services.indicators import Scope
from tests import factories as f
from tests.unit.test_indicators import _world

MM_PER_PT = 25.4 / 72
PRINTED_MM = 170  # the Sachbericht's text width, on which a print chart is placed


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [(c, s, v, charts.shown(v, 5)) for c, s, v in rows],
        columns=["Kategorie", "Reihe", "Wert", "Anzeige"],
    )


MONTHS = _frame(
    [(charts._period(f"2026-{m:02d}", end=dt.date(2026, 12, 1)), "Neue Fälle", 30 + m)
     for m in range(1, 13)]
)  # fmt: skip
CATEGORIES = _frame(
    [(name, series, 20 + i) for i, name in enumerate(
        ["Vereinsamung", "Pflege- und Unterstützungsbedarf im Alltag", "Mietschulden", "Sucht"])
     for series in ("Zeitraum", "Vorzeitraum")]
)  # fmt: skip


def _sizes(spec: object) -> list[float]:
    """Every type size a spec states (fontSize, labelFontSize, …)."""
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key.lower().endswith("fontsize") and isinstance(value, int | float):
                found.append(value)
            else:
                found += _sizes(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _sizes(value)
    return found


@pytest.mark.parametrize("mark", ["bar", "columns", "line", "stacked"])
def test_print_charts_have_no_text_below_8_pt(mark) -> None:
    frame = MONTHS if mark in ("columns", "line") else CATEGORIES
    spec = drawing.chart(frame, mark, "count", "print").to_dict()
    width = spec["width"]
    sizes = _sizes(spec)
    assert sizes and width == drawing.MEDIA["print"].width
    smallest_pt = min(sizes) * PRINTED_MM / width / MM_PER_PT
    assert smallest_pt >= 8, (mark, min(sizes))


def test_twelve_months_keep_their_labels_on_lines_of_their_own() -> None:
    svg = drawing.svg_bytes(drawing.chart(MONTHS, "columns", "count", "print")).decode()
    labels = re.findall(r"<tspan[^>]*>([^<]+)</tspan>", svg)
    # 'Dez. 2026 (bis 01.12.)' reads 'Dez.' / '2026' / '(bis 01.12.)', none cut short
    assert {"Jan.", "Dez.", "2026", "(bis 01.12.)"} <= set(labels)
    assert not any(label.endswith("…") for label in labels)


def test_a_long_category_gets_room_for_two_lines() -> None:
    spec = drawing.chart(CATEGORIES, "bar", "count", "print").to_dict()
    size = drawing.MEDIA["print"]
    assert spec["height"] >= 4 * 2 * (size.font + 4)  # four categories, one of two lines


def test_a_period_chart_with_a_single_point_is_no_line(session) -> None:
    from services import dashboard as dash

    _world(session)
    vswg = f.actor(f.user(session, "koordination"))
    board = dash.dashboard(session, vswg, Scope(dt.date(2026, 10, 1), dt.date(2026, 10, 31)))
    [early] = [s for s in charts.sections(board, 5) if s.key == "early_detection"]
    assert early.frame["Kategorie"].nunique() == 1 and early.mark == "columns"


def test_an_exported_image_is_wide_and_says_what_when_where_and_how_protected() -> None:
    about = (
        "01.01.2026 – 01.12.2026 · Alle Genossenschaften",
        "Zahlen geschützt: 1 bis 4 als „<5“, sonst um höchstens 2 verändert.",
        "Stand 01.12.2026 · Kümmerer-Cockpit",
    )
    picture = Picture(MONTHS, "columns", "count", "Neue Fälle je Monat", about)
    png = drawing.png_bytes(picture.spec(), scale=1)
    assert Image.open(io.BytesIO(png)).size == (1600, 900)
    svg = drawing.svg_bytes(picture.spec()).decode()
    texts = html.unescape(re.sub(r"<[^>]+>", "\n", svg)).splitlines()
    for text in ("Neue Fälle je Monat", *about):
        assert text in texts


def test_slide_type_grows_with_the_screen_and_print_type_does_not() -> None:
    slide = json.dumps(drawing.chart(CATEGORIES, "bar", "count", "slide").to_dict())
    assert "containerSize()[0]" in slide  # 18 px at 1280 wide, larger on 1920
    printed = json.dumps(drawing.chart(CATEGORIES, "bar", "count", "print").to_dict())
    assert "containerSize" not in printed


def test_a_report_made_again_draws_no_chart_again(session, monkeypatch) -> None:
    _world(session)
    vswg = f.actor(f.user(session, "koordination"))
    scope = reports.report_scope(vswg, 2026, None, dt.date(2026, 11, 25))
    report = report_for(session, vswg, scope, "Alle", "", dt.date(2026, 11, 25))
    sachbericht_pdf(report, 5)
    drawn = []
    real = drawing._converter()

    class Counting:
        def vegalite_to_png(self, spec, scale):
            drawn.append(1)
            return real.vegalite_to_png(spec, scale=scale)

    monkeypatch.setattr(drawing, "_converter", lambda: Counting())
    again = report_for(session, vswg, scope, "Alle", "Neuer Text", dt.date(2026, 11, 25))
    assert b"%PDF" in sachbericht_pdf(again, 5)[:8] and drawn == []


def _logo(kind: str = "PNG", size=(1200, 600)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, "#1f4e79")
    image.save(out, kind, **({"comment": b"secret"} if kind == "JPEG" else {}))
    return out.getvalue()


def test_the_admin_sets_the_issuer_and_the_cover_shows_it(session) -> None:
    _world(session)
    admin = f.actor(f.user(session, "admin"))
    issuers.save_issuer(
        session, admin, "  Verband   Sächsischer\nWohnungsgenossenschaften ", _logo("JPEG")
    )
    found = issuers.issuer(session)
    assert found.name == "Verband Sächsischer Wohnungsgenossenschaften"
    stored = Image.open(io.BytesIO(found.logo))
    # re-encoded: a PNG within the box, nothing of the upload's metadata
    assert stored.format == "PNG" and stored.size == (600, 300) and "comment" not in stored.info
    vswg = f.actor(f.user(session, "koordination"))
    scope = reports.report_scope(vswg, 2026, None, dt.date(2026, 11, 25))
    data = sachbericht_pdf(report_for(session, vswg, scope, "Alle", "", dt.date(2026, 11, 25)), 5)
    cover = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert "Herausgeber: Verband Sächsischer Wohnungsgenossenschaften" in cover.extract_text()
    assert len(cover.images) == 1
    issuers.save_issuer(session, admin, "", drop_logo=True)
    assert issuers.issuer(session) == issuers.Issuer()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"<svg onload='alert(1)'/>", "PNG oder JPEG"),
        (_logo("GIF"), "PNG oder JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "PNG oder JPEG"),  # a broken PNG
        (b"x" * (issuers.LOGO_MAX_BYTES + 1), "zu groß"),
    ],
)
def test_a_wrong_logo_gets_a_german_message_and_changes_nothing(session, upload, message):
    admin = f.actor(f.user(session, "admin"))
    with pytest.raises(Invalid) as error:
        issuers.save_issuer(session, admin, "VSWG", upload)
    assert message in error.value.fields["logo"]
    assert session.get(Setting, issuers.NAME_KEY) is None


def test_a_decompression_bomb_is_refused_before_it_is_decoded(session) -> None:
    admin = f.actor(f.user(session, "admin"))
    out = io.BytesIO()
    Image.new("1", (6000, 6000)).save(out, "PNG")  # 36 million pixels in a few kilobytes
    with pytest.raises(Invalid) as error:
        issuers.save_issuer(session, admin, "VSWG", out.getvalue())
    assert "zu viele Bildpunkte" in error.value.fields["logo"]


def test_only_the_admin_sets_the_issuer(session) -> None:
    vswg = f.actor(f.user(session, "koordination"))
    with pytest.raises(NotAllowed):
        issuers.save_issuer(session, vswg, "Anders")
    with pytest.raises(Invalid):
        issuers.save_issuer(session, f.actor(f.user(session, "admin")), "x" * 121)


def test_a_partial_period_is_lighter_and_said_in_words() -> None:
    spec = json.dumps(drawing.chart(MONTHS, "columns", "count", "slide").to_dict())
    assert '"opacity"' in spec and "(bis " in spec and "0.4" in spec
    assert charts.partial_note(MONTHS) == "Dez. 2026: erfasst bis 01.12."
    assert charts.partial_note(CATEGORIES) == ""  # a category's own brackets are no period
    assert charts.partial_note(_frame([("Aufsuchend (Kümmerer ging zu)", "Anzahl", 3)])) == ""


def test_the_demo_report_fills_its_pages_and_its_pages_are_in_the_docs() -> None:
    """No page two-thirds empty (a chart too tall for the rest of a page left most of it
    blank), every page photographed for docs/screenshots."""
    from pathlib import Path

    import pypdfium2

    from services.actor import Actor
    from tests.unit.test_figures_unchanged import UNTIL, demo_session

    with demo_session() as session:
        vswg = Actor(user_id=0, role="koordination")
        scope = reports.report_scope(vswg, 2026, None, UNTIL)
        report = report_for(session, vswg, scope, "Alle Genossenschaften", "", UNTIL)
        data = sachbericht_pdf(report, 5)
    folder = Path(__file__).parents[2] / "docs" / "screenshots"
    for old in folder.glob("sachbericht-seite-*.png"):
        old.unlink()
    document = pypdfium2.PdfDocument(data)
    filled = []
    for number, page in enumerate(document, start=1):
        picture = page.render(scale=1.25).to_pil()
        picture.save(folder / f"sachbericht-seite-{number:02d}.png", optimize=True)
        image = picture.convert("L")
        # the lowest line of ink above the footer, as a share of the page's height
        body = image.crop((0, 0, image.width, int(image.height * 0.93)))
        rows = [
            y
            for y in range(body.height)
            if body.crop((0, y, body.width, y + 1)).getextrema()[0] < 200
        ]
        filled.append(max(rows) / image.height)
    document.close()
    assert len(filled) >= 8
    # the cover and the last page aside, every page is at least half full
    assert all(share > 0.5 for share in filled[1:-1]), [round(s, 2) for s in filled]


@pytest.mark.parametrize("medium", ["screen", "print", "image"])
def test_every_category_of_a_bar_chart_is_named(medium) -> None:
    """Five methods of an exchange meeting, two of them on two lines: the page named only
    every other one."""
    names = ["Deeskalation", "Kollegiale Fallberatung", "Motivierende Gesprächsführung",
             "Netzwerkkarte", "Erkennen von Verwahrlosung im Quartier"]  # fmt: skip
    frame = _frame([(n, "Anzahl", 1) for n in names])
    svg = drawing.svg_bytes(drawing.chart(frame, "bar", "count", medium)).decode()
    shown = " ".join(html.unescape(t) for t in re.findall(r">([^<>]+)</(?:text|tspan)>", svg))
    for name in names:
        assert all(word in shown for word in name.split()), name
