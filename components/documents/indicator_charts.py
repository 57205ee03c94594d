"""The dashboard's sections (no Streamlit): one per indicator group, each with its figures and
a small table in German formats, drawn by chart_drawing. The same tables go to the CSV/Excel
exports."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from components.formatting import de_month, de_number
from services import spreadsheets
from services.dashboard import COMPARABLE, Dashboard, comparison
from services.indicators import Figure, Indicator, registry

EMPTY = "Noch keine Daten im gewählten Zeitraum"


def hidden(threshold: int) -> str:
    return f"<{threshold}"


def de_share(value: float | None, threshold: int) -> str:
    return "nicht ausgewiesen" if value is None else de_number(value * 100, 1) + " %"


def shown(value: float | None, threshold: int, unit: str = "count") -> str:
    """A figure as the page shows it: '1.234', '12,5 %', '3,5 Std.', '7 Tage', or '<5'."""
    if unit == "share":
        return de_share(value, threshold)
    if value is None:  # only a withheld count is "<5"; a value withheld with it is not one
        return hidden(threshold) if unit == "count" else "nicht ausgewiesen"
    if unit == "hours":
        return de_number(value, 1) + " Std."
    if unit == "days":
        return de_number(value, 1 if value % 1 else 0) + " Tage"
    if unit == "decimal":
        return de_number(value, 1)
    return de_number(value)


def figure_text(figure: Figure, threshold: int) -> str:
    """A group's figure as the page, the slide and the report show it."""
    if figure.unit == "plain":
        return "–" if figure.value is None else shown(figure.value, threshold, "decimal")
    return shown(figure.value, threshold, figure.unit)


@dataclass
class Section:
    key: str  # services.indicators.registry()
    figures: list[Figure]
    frame: pd.DataFrame  # Kategorie, Reihe, Wert, Anzeige
    mark: str = "bar"  # bar: categories down; columns: periods across; line: shares over time
    unit: str = "count"
    # a group without a headline figure: the sentence about its most frequent category
    top_phrase: str | None = None
    chart_title: str = ""  # what the chart shows (the group's declaration)

    @property
    def empty(self) -> bool:
        if self.frame.empty:
            return True
        values = self.frame["Wert"].fillna(0)
        return bool((values == 0).all()) and not self.frame["Wert"].isna().any()


def _frame(records: list[tuple[str, str, float | None]], unit: str, threshold: int):
    return pd.DataFrame(
        [(c, s, v, shown(v, threshold, unit)) for c, s, v in records],
        columns=["Kategorie", "Reihe", "Wert", "Anzeige"],
    )


def _bounds(key: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a month ('2026-05') or quarter ('2026-Q2')."""
    if "-Q" in key:
        year, quarter = (int(p) for p in key.split("-Q"))
        first, months = dt.date(year, quarter * 3 - 2, 1), 3
    else:
        year, month = (int(p) for p in key.split("-"))
        first, months = dt.date(year, month, 1), 1
    after = first.replace(day=28) + dt.timedelta(days=4 + 31 * (months - 1))
    return first, after.replace(day=1) - dt.timedelta(days=1)


# a month or quarter the period covers in part: 'Dez. 2026 (bis 01.12.)', 'Okt. 2025 (ab 05.10.)'
FROM, UNTIL = "ab", "bis"


def _period(key: str, start: dt.date | None = None, end: dt.date | None = None) -> str:
    """'Mai 2026', 'Q2 2026'; a month or quarter the period covers only in part says so
    ('Dez. 2026 (bis 01.12.)'), so a one-day bar does not read as a collapse."""
    if "-Q" in key:
        year, quarter = key.split("-Q")
        name = f"Q{quarter} {year}"
    else:
        name = de_month(key)
    first, last = _bounds(key)
    if start and first < start <= last:
        return f"{name} ({FROM} {start:%d.%m.})"
    if end and first <= end < last:
        return f"{name} ({UNTIL} {end:%d.%m.})"
    return name


def section(indicator: Indicator, board: Dashboard, threshold: int) -> Section:
    """What the page, the slide, the workbook and the Sachbericht show of one group."""
    cells = indicator.table(board)
    if indicator.periods:
        start, end = board.scope.date_from, board.scope.date_to
        cells = [(_period(c, start, end), series, value) for c, series, value in cells]
    frame = _frame(cells, indicator.unit, threshold)
    mark = indicator.mark
    if mark == "line" and frame["Kategorie"].nunique() < 2:  # one point is no line: a bar
        mark = "columns"
    return Section(
        indicator.key,
        indicator.figures(board),
        frame,
        mark=mark,
        unit=indicator.unit,
        top_phrase=indicator.top_phrase,
        chart_title=indicator.chart_title,
    )


def sections(board: Dashboard, threshold: int) -> list[Section]:
    """Every registered group, in the registry's order."""
    return [section(indicator, board, threshold) for indicator in registry().values()]


def comparison_frame(
    board: Dashboard, key: str, own_cooperative: int | None, threshold: int
) -> pd.DataFrame:
    spec = COMPARABLE[key]
    unit = "share" if spec.share else ("decimal" if spec.digits else "count")
    rows = comparison(board, key)
    others = "Anteil" if spec.share else "Anzahl"
    return _frame(
        [
            (name, "Eigene Genossenschaft" if cid == own_cooperative else others, value)
            for cid, name, value in rows
        ],
        unit,
        threshold,
    )


def left_out(frame: pd.DataFrame, kept: pd.DataFrame, unit: str, threshold: int) -> str:
    """What a slide's top categories leave out: 'und 4 weitere: 12' (their sum, where every
    one of them is shown), or '' when nothing was left out."""
    current = frame[frame["Reihe"] != "Vorzeitraum"]
    rest = current[~current["Kategorie"].isin(set(kept["Kategorie"]))]
    if rest.empty:
        return ""
    count = rest["Kategorie"].nunique()
    more = "1 weitere" if count == 1 else f"{count} weitere"
    if unit != "count" or rest["Wert"].isna().any():
        return f"und {more}"
    return f"und {more}: {shown(float(rest['Wert'].sum()), threshold)}"


def one_each(frame: pd.DataFrame) -> str | None:
    """'Deeskalation, Netzwerkkarte und Umgang mit Demenz (je einmal)' when every bar of a
    count chart is 1: a chart of equal bars says less than the sentence."""
    current = frame[frame["Reihe"] != "Vorzeitraum"]
    if current.empty or current["Wert"].isna().any() or set(current["Wert"]) != {1}:
        return None
    names = list(dict.fromkeys(current["Kategorie"]))
    listed = ", ".join(names[:-1]) + " und " + names[-1] if len(names) > 1 else names[0]
    return f"{listed} (je einmal)"


_PARTIAL = re.compile(rf"(.+) \(((?:{UNTIL}|{FROM}) \d\d\.\d\d\.)\)")


def partial_note(frame: pd.DataFrame) -> str:
    """'Dez. 2026: erfasst bis 03.12.' for a period the scope covers only in part (its bar
    is lighter, and on a narrow chart its label may be left out)."""
    found = (_PARTIAL.fullmatch(str(c)) for c in dict.fromkeys(frame["Kategorie"]))
    return " · ".join(f"{m[1]}: erfasst {m[2]}" for m in found if m)


def top_categories(frame: pd.DataFrame, count: int) -> pd.DataFrame:
    """The rows of the most frequent categories of the period (hidden cells last): a slide
    has room for a few bars in large type."""
    current = frame[frame["Reihe"] != "Vorzeitraum"]
    order = current.assign(Wert=current["Wert"].fillna(-1)).groupby("Kategorie", sort=False)["Wert"]
    keep = list(order.max().sort_values(ascending=False, kind="stable").index[:count])
    rank = {category: i for i, category in enumerate(keep)}
    kept = frame[frame["Kategorie"].isin(rank)]
    return kept.sort_values("Kategorie", key=lambda c: c.map(rank), kind="stable")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A chart's table as German Excel opens it (services/spreadsheets)."""
    return spreadsheets.csv_bytes(list(frame.columns), frame.itertuples(index=False))


def xlsx_bytes(frame: pd.DataFrame, title: str) -> bytes:
    return spreadsheets.xlsx_bytes(list(frame.columns), frame.itertuples(index=False), title)
