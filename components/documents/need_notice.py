"""The notice for the stairwell's board: "Wir suchen Unterstützung" — what, where, when and
whom to call (the Kümmerer's office number). No tenant's data: neither the case nor the
note of the need is printed. No Streamlit."""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from components.documents.pdf import BLUE, GREY, Pdf
from services.help_needs import NeedRow
from services.labels import NEED_FREQUENCY_LABELS

NOTICE_FIELD_LIMIT = 120  # characters of a label or place on the notice: the layout holds


def _short(text: str, limit: int = NOTICE_FIELD_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def need_notice(need: NeedRow, cooperative: str, contact: str, phone: str) -> bytes:
    """One A4 page in large type."""
    pdf = Pdf(_short(f"{cooperative} · Nachbarschaftshilfe"))
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 34)
    pdf.set_text_color(*BLUE)
    pdf.multi_cell(0, 16, "Wir suchen Unterstützung", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_text_color(0, 0, 0)
    often = NEED_FREQUENCY_LABELS[need.frequency]
    hours = f"{need.hours:g}".replace(".", ",")
    for label, value in (
        ("Was", need.kind),
        ("Wo", need.area),
        ("Wann", f"{need.when}, {often}, je etwa {hours} Stunden"),
    ):
        pdf.set_font("DejaVu", "", 14)
        pdf.set_text_color(*GREY)
        pdf.cell(0, 8, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("DejaVu", "B", 22)
        pdf.multi_cell(0, 11, _short(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4)
    pdf.ln(6)
    pdf.paragraph(
        "Sie haben ab und zu etwas Zeit und möchten einer Nachbarin oder einem Nachbarn "
        "helfen? Melden Sie sich gern – auch wenn Sie nur einmal können.",
        size=14,
    )
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 8, "Bitte melden bei", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "B", 26)
    pdf.multi_cell(0, 13, _short(contact), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(0, 13, f"Telefon {_short(phone, 50)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(0, 8, _short(cooperative), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
