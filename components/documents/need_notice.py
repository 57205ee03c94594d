"""The notice for the stairwell's board: "Wir suchen Unterstützung" — what, where, when and
whom to call (the Kümmerer's office number). No tenant's data: neither the case nor the
note of the need is printed. No Streamlit."""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from components.documents.pdf import BLUE, GREY, Pdf, shortened
from services.help_needs import NeedRow
from services.labels import NEED_FREQUENCY_LABELS

FIELD_LIMIT = 90  # characters of a label or place on the notice
SCALES = (1.25, 1.0, 0.85, 0.7, 0.55)  # type sizes tried until the notice fits one page
_LEFT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT, "align": "L"}


def need_notice(need: NeedRow, cooperative: str, contact: str, phone: str) -> bytes:
    """One A4 page in large type (smaller only when long names would not fit)."""
    for scale in SCALES:
        pdf = _notice(need, cooperative, contact, phone, scale)
        if pdf.page_no() == 1:
            break
    return bytes(pdf.output())


def _notice(need: NeedRow, cooperative: str, contact: str, phone: str, scale: float) -> Pdf:
    def font(size: float, bold: bool = False) -> float:
        pdf.set_font("DejaVu", "B" if bold else "", size * scale)
        return size * scale * 0.45  # the line height in mm

    pdf = Pdf(shortened(f"{cooperative} · Nachbarschaftshilfe", 70))
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_text_color(*BLUE)
    pdf.multi_cell(0, font(30, bold=True), "Wir suchen Unterstützung", **_LEFT)
    pdf.ln(4)
    often = NEED_FREQUENCY_LABELS[need.frequency]
    hours = f"{need.hours:g}".replace(".", ",")
    for label, value in (
        ("Was", need.kind),
        ("Wo", need.area),
        ("Wann", f"{shortened(need.when, 60)}, {often}, je etwa {hours} Stunden"),
    ):
        pdf.set_text_color(*GREY)
        pdf.cell(0, font(14), label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(0, font(20, bold=True), shortened(value, FIELD_LIMIT), **_LEFT)
        pdf.ln(4)
    pdf.ln(4)
    pdf.multi_cell(
        0,
        font(14),
        "Sie haben ab und zu etwas Zeit und möchten einer Nachbarin oder einem Nachbarn "
        "helfen? Melden Sie sich gern – auch wenn Sie nur einmal können.",
        **_LEFT,
    )
    pdf.ln(6)
    pdf.cell(0, font(14), "Bitte melden bei", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(0, font(22, bold=True), shortened(contact, 60), **_LEFT)
    pdf.multi_cell(0, font(22, bold=True), f"Telefon {shortened(phone, 50)}", **_LEFT)
    pdf.multi_cell(0, font(14), shortened(cooperative, FIELD_LIMIT), **_LEFT)
    return pdf
