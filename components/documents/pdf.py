"""The PDF page every document of the app uses (fpdf2, no Streamlit): A4, German text in the
shipped DejaVu Sans, headings, paragraphs, tables and "Seite x von y" in the footer."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.fonts import FontFace

FONTS = Path(__file__).parent / "fonts"
BLUE = (31, 78, 121)
GREY = (90, 90, 90)
_LINE = 5.5  # mm, a table's line height
_CELL_PADDING = 1  # mm, a little more than fpdf2's own, so the estimate never falls short
_HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 236, 243))


def shortened(text: str, limit: int) -> str:
    """A label or name on one line of at most ``limit`` characters, cut with "…": what a
    user typed must not outgrow its box."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Pdf(FPDF):
    """A4 with DejaVu Sans (shipped, so umlauts and dashes need no system font) and a footer
    line with the page number."""

    def __init__(self, footer_text: str, orientation: str = "portrait") -> None:
        super().__init__(orientation=orientation, format="A4")
        self.footer_text = footer_text
        self.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_auto_page_break(True, margin=18)
        self.set_margins(20, 18, 20)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Seite {self.page_no()} von {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 15) -> None:
        self.set_font("DejaVu", "B", size)
        self.set_text_color(*BLUE)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(1.5)

    def paragraph(self, text: str, size: int = 10, bold: bool = False, colour=(0, 0, 0)) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.set_text_color(0, 0, 0)

    def rows(self, header: tuple[str, ...], rows: list[tuple[str, ...]], widths) -> None:
        """A table; a row too long for one page continues in further rows (fpdf2 refuses a
        row higher than a page, and any text a form accepts must fit)."""
        self.set_font("DejaVu", "", 9)
        cell_widths = [self.epw * w / sum(widths) - 2 * _CELL_PADDING for w in widths]
        with self.table(
            col_widths=widths,
            text_align="LEFT",
            line_height=_LINE,
            headings_style=_HEADINGS,
            first_row_as_headings=True,
        ) as table:
            table.row([str(cell) for cell in header])
            for row in rows:
                for part in self._parts([str(cell) for cell in row], cell_widths):
                    table.row(part)
        self.ln(3)

    def _parts(self, cells: list[str], widths: list[float]) -> list[list[str]]:
        limit = int((self.h - self.t_margin - self.b_margin) * 0.85 / _LINE)
        lines = [
            self.multi_cell(w, _LINE, text, dry_run=True, output=MethodReturnValue.LINES)
            if len(text) > 40
            else [text]
            for text, w in zip(cells, widths, strict=True)
        ]
        longest = max(len(cell_lines) for cell_lines in lines)
        if longest <= limit:
            return [cells]
        return [
            ["\n".join(cell_lines[start : start + limit]) for cell_lines in lines]
            for start in range(0, longest, limit)
        ]

    def keep(self, height: float) -> None:
        """Start a new page unless `height` millimetres still fit on this one."""
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()
