"""The annual Sachbericht as a PDF (fpdf2, no Streamlit): a cover page, the key figures against
the year before, the user's own text, one part per indicator (definition, takeaway, figures,
chart rendered by vl-convert), the year's activities and exchange meetings. German formats,
page numbers, the date and 'erstellt mit Kümmerer-Cockpit' on every page."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from components.documents import chart_drawing as drawing
from components.documents import goal_charts
from components.documents import indicator_charts as charts
from components.documents.indicator_story import Story, key_change, stories
from components.documents.pdf import GREY, Pdf
from components.formatting import de_date, de_number, de_period
from config import get_settings
from services.dashboard import Dashboard, compared_with, dashboard, previous
from services.goals import GoalView, goals
from services.indicators import own_only, registry
from services.issuer import Issuer, issuer
from services.reports import YearInReview, year_in_review
from services.suppression import EXPLANATION

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Report:
    year: int
    where: str  # 'Alle Genossenschaften' or the cooperatives' names
    board: Dashboard
    stories: list[Story]
    compared_with: str  # 'Vorjahr' / 'Vorzeitraum'
    review: YearInReview
    special: str  # 'Besondere Entwicklungen', typed by the user
    created_on: dt.date
    suppressed: bool  # small numbers shown as '<5'
    goals: list[GoalView] = field(default_factory=list)  # as they stand on created_on
    issuer: Issuer = Issuer()  # the organisation's name and logo on the cover


def _cover(pdf: Pdf, report: Report) -> None:
    scope = report.board.scope
    pdf.add_page()
    if report.issuer.logo:  # at most 60 × 25 mm, top right
        pdf.image(io.BytesIO(report.issuer.logo), x=pdf.w - pdf.r_margin - 60, y=18,
                  w=60, h=25, keep_aspect_ratio=True)  # fmt: skip
    pdf.ln(50)
    pdf.heading(f"Sachbericht {report.year}", 28)
    pdf.paragraph("Soziale Kümmerer in Wohnungsgenossenschaften", 14)
    pdf.ln(6)
    pdf.paragraph(report.where, 13, bold=True)
    if report.issuer.name:
        pdf.paragraph(f"Herausgeber: {report.issuer.name}", 12)
    pdf.paragraph(f"Berichtszeitraum: {de_period(scope.date_from, scope.date_to)}", 12)
    pdf.ln(30)
    note = (
        "Alle Zahlen sind zusammengefasst. Zahlen von 1 bis 4 Personen oder Fällen erscheinen "
        "als „<5“; Anteile aus zu wenigen Fällen werden nicht ausgewiesen. " + EXPLANATION
        if report.suppressed
        else "Zahlen der eigenen Genossenschaft in voller Genauigkeit, auch kleine Zahlen. "
        "Vor einer Weitergabe bitte prüfen."
    )
    pdf.paragraph(note, 9, colour=GREY)
    pdf.paragraph(f"Erstellt am {de_date(report.created_on)} mit Kümmerer-Cockpit.", 9, colour=GREY)


NOT_DOCUMENTED = "noch nicht dokumentiert"


def _key_figures(pdf: Pdf, report: Report, threshold: int) -> None:
    before = previous(report.board.scope)
    pdf.add_page()
    pdf.heading("Kennzahlen im Überblick")
    rows = []
    for key in report.board.key_figures:
        unit = "share" if key.share else "count"
        change = key_change(key)
        rows.append(
            (
                key.label,
                charts.shown(key.value, threshold, unit),
                charts.shown(key.previous, threshold, unit)
                if report.board.comparable
                else NOT_DOCUMENTED,
                change or "–",
            )
        )
    then = de_period(before.date_from, before.date_to)
    header = ("Kennzahl", str(report.year), f"{report.compared_with} ({then})", "Veränderung")
    pdf.rows(header, rows, (50, 25, 55, 40))
    if report.special.strip():
        pdf.heading("Besondere Entwicklungen", 13)
        pdf.paragraph(report.special.strip())
        pdf.ln(3)


def _picture(part: charts.Section) -> bytes:
    return drawing.png_bytes(drawing.chart(part.frame, part.mark, part.unit, "print"))


def _height(picture: bytes, width: float) -> float:
    """The height a PNG takes at the given width (its size from the IHDR chunk)."""
    pixels_wide, pixels_high = (int.from_bytes(picture[i : i + 4]) for i in (16, 20))
    return width * pixels_high / pixels_wide


def _indicator(pdf: Pdf, number: int, story: Story, threshold: int, picture: bytes | None):
    definition = registry()[story.key].definition
    width = pdf.w - pdf.l_margin - pdf.r_margin
    height = 0.0 if picture is None else _height(picture, width)
    # the whole indicator on one page where it fits: heading, texts, figures, chart
    needed = 32 + 5.5 * (len(story.section.figures) + 1) + height
    pdf.keep(needed if needed < pdf.h - pdf.t_margin - pdf.b_margin else 60)
    pdf.heading(f"{number}. {story.title}", 13)
    pdf.paragraph(definition.summary, 9, colour=GREY)
    pdf.ln(1)
    pdf.paragraph(story.takeaway, 10, bold=True)
    pdf.ln(2)
    if story.section.figures:
        rows = [(f.label, charts.figure_text(f, threshold)) for f in story.section.figures]
        pdf.rows(("Kennzahl", "Wert"), rows, (120, 50))
    if picture is None:
        pdf.paragraph(charts.EMPTY, 9, colour=GREY)
        pdf.ln(4)
        return
    pdf.keep(height + 7)
    pdf.paragraph(story.section.chart_title, 9, bold=True)
    pdf.image(io.BytesIO(picture), w=width, h=height)
    pdf.ln(5)


def _goals(pdf: Pdf, report: Report, threshold: int) -> None:
    """The goals that concern the report, where they stand on the day it is made."""
    if not report.goals:
        return
    pdf.ln(4)
    pdf.keep(60)  # the heading with its table's first rows, else on the next page
    pdf.heading(f"Ziele (Stand {de_date(report.created_on)})")
    rows = [
        (goal_charts.title(g), goal_charts.value_text(g, g.baseline, threshold),
         f"{goal_charts.value_text(g, g.target, threshold)} bis {de_date(g.target_date)}",
         goal_charts.value_text(g, g.current, threshold), g.status_label)
        for g in report.goals
    ]  # fmt: skip
    pdf.rows(("Ziel", "Ausgang", "Zielwert", "Aktuell", "Stand"), rows, (62, 25, 38, 25, 20))
    pdf.ln(3)
    bullet = goal_charts.bullet(report.goals, threshold).properties(
        width=drawing.MEDIA["print"].width
    )
    picture = drawing.png_bytes(bullet)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    height = _height(picture, width)
    pdf.keep(height)
    pdf.image(io.BytesIO(picture), w=width, h=height)
    pdf.ln(3)
    pdf.paragraph(
        "Der aktuelle Wert ist dieselbe Kennzahl über die letzten Tage, so viele wie der "
        "Ausgangszeitraum hat. Auf Kurs: auf oder über der geraden Linie vom Ausgangswert zum "
        "Zielwert.",
        9,
        colour=GREY,
    )


def _review(pdf: Pdf, report: Report) -> None:
    review = report.review
    pdf.ln(4)
    pdf.keep(60)
    pdf.heading(f"Quartiersaktivitäten {report.year}")
    if not review.activities:
        pdf.paragraph("Keine Aktivitäten im Berichtszeitraum.")
    elif review.activities[0].held_on is None:  # aggregated by kind
        rows = [(a.kind, de_number(a.count), de_number(a.participants)) for a in review.activities]
        pdf.rows(("Art", "Aktivitäten", "Teilnehmende"), rows, (90, 40, 40))
    else:
        rows = [
            (de_date(a.held_on), a.title, a.kind, de_number(a.participants))
            for a in review.activities
        ]
        pdf.rows(("Datum", "Aktivität", "Art", "Teilnehmende"), rows, (25, 70, 45, 30))
    pdf.ln(4)
    pdf.keep(40)
    pdf.heading(f"Austauschtreffen {report.year}")
    if not review.meetings:
        pdf.paragraph("Keine Austauschtreffen im Berichtszeitraum.")
        return
    rows = [
        (
            de_date(m.held_on),
            m.place or "–",
            "; ".join(m.topics) or "–",
            "; ".join(m.methods) or "–",
            de_number(m.attendees),
        )
        for m in review.meetings
    ]
    pdf.rows(
        ("Datum", "Ort", "Themen", "Kompetenzvermittlung", "Teiln."), rows, (22, 30, 55, 45, 18)
    )


def report_for(  # noqa: PLR0913
    session, viewer, scope, where: str, special: str, created_on, concerning=None
) -> Report:
    """The report's content for the viewer (dash.audience(actor) to suppress small numbers
    of the own cooperative as well): the dashboard's figures for the same filters, and the
    goals that concern ``concerning`` (the user; default the viewer)."""
    board = dashboard(session, viewer, scope)
    before = dashboard(session, viewer, previous(scope))
    compared = compared_with(scope)
    return Report(
        year=scope.date_from.year,
        where=where,
        board=board,
        stories=stories(board, before, get_settings().suppression_threshold, compared),
        compared_with=compared,
        review=year_in_review(session, viewer, scope),
        special=special,
        created_on=created_on,
        suppressed=not own_only(viewer, scope),
        goals=goals(session, viewer, created_on, concerning),
        issuer=issuer(session),
    )


def sachbericht_pdf(report: Report, threshold: int, progress: Progress | None = None) -> bytes:
    """The report as PDF bytes; progress(share done, what now) while the charts render."""
    step = progress or (lambda share, text: None)
    pdf = Pdf(
        f"Sachbericht {report.year} · erstellt mit Kümmerer-Cockpit am {de_date(report.created_on)}"
    )
    pdf.set_title(f"Sachbericht {report.year}")
    pdf.set_creator("Kümmerer-Cockpit")
    _cover(pdf, report)
    _key_figures(pdf, report, threshold)
    total = len(report.stories)
    for number, story in enumerate(report.stories, start=1):
        step(0.1 + 0.8 * (number - 1) / total, f"Diagramm {number} von {total}: {story.title}")
        picture = None if story.section.empty else _picture(story.section)
        _indicator(pdf, number, story, threshold, picture)
    step(0.92, "Ziele")
    _goals(pdf, report, threshold)
    step(0.95, "Aktivitäten und Austauschtreffen")
    _review(pdf, report)
    step(1.0, "Fertig")
    return bytes(pdf.output())
