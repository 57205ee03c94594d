"""The dashboard's charts and their data, in German formats and fixed colours (no Streamlit):
one section per indicator group, each with its figures, a small table and an Altair chart.
The same tables go to the CSV/Excel exports, the chart to the PNG export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import altair as alt
import pandas as pd

from components.formatting import de_month, de_number
from services import spreadsheets
from services.dashboard import COMPARABLE, Dashboard, comparison
from services.indicators import Figure, Indicator, registry

# One colour per category in every chart (dark enough for white backgrounds and projectors).
SERIES_COLOURS = {
    "Fallkontakte": "#1f4e79",
    "Kurzkontakte": "#6fa8dc",
    "Neue Fälle": "#1f4e79",
    "Früh/präventiv": "#2e7d32",
    "Krise": "#b3261e",
    "Zeitraum": "#1f4e79",
    "Vorzeitraum": "#9e9e9e",
    "Anzahl": "#1f4e79",
    "Anteil": "#1f4e79",
    "Stunden": "#7b3f98",
    "Eigene Genossenschaft": "#e07b00",
    # the value of low-threshold work: urgency, then how the cases ended
    "Akut": "#f2a93b",
    "Wohnungsverlust verhindert": "#1f4e79",
    "Mietschulden reguliert": "#3d85c6",
    "Selbst gelöst": "#7b3f98",
    "Andere Ergebnisse": "#9fc5e8",
    "Noch offen": "#d9d9d9",
    # Wirkung
    "Weniger einsam": "#2e7d32",
    "Selbsthilfe gestärkt": "#7b3f98",
    "Wohnung gesichert": "#1f4e79",
}
GERMAN = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]},
    "time": {
        "dateTime": "%A, der %e. %B %Y, %X", "date": "%d.%m.%Y", "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
                 "Samstag"],
        "shortDays": ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
        "months": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                   "September", "Oktober", "November", "Dezember"],
        "shortMonths": ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt",
                        "Nov", "Dez"],
    },
}  # fmt: skip
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
        return f"{name} (ab {start:%d.%m.})"
    if end and first <= end < last:
        return f"{name} (bis {end:%d.%m.})"
    return name


def section(indicator: Indicator, board: Dashboard, threshold: int) -> Section:
    """What the page, the slide, the workbook and the Sachbericht show of one group."""
    cells = indicator.table(board)
    if indicator.periods:
        start, end = board.scope.date_from, board.scope.date_to
        cells = [(_period(c, start, end), series, value) for c, series, value in cells]
    return Section(
        indicator.key,
        indicator.figures(board),
        _frame(cells, indicator.unit, threshold),
        mark=indicator.mark,
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


def top_categories(frame: pd.DataFrame, count: int) -> pd.DataFrame:
    """The rows of the most frequent categories of the period (hidden cells last): a slide
    has room for a few bars in large type."""
    current = frame[frame["Reihe"] != "Vorzeitraum"]
    order = current.assign(Wert=current["Wert"].fillna(-1)).groupby("Kategorie", sort=False)["Wert"]
    keep = list(order.max().sort_values(ascending=False, kind="stable").index[:count])
    rank = {category: i for i, category in enumerate(keep)}
    kept = frame[frame["Kategorie"].isin(rank)]
    return kept.sort_values("Kategorie", key=lambda c: c.map(rank), kind="stable")


# a long category (a cooperative's full name) on two lines instead of cut off: broken at the
# last space before the 26th character, else at the first space (a Vega label may be a list
# of lines)
_LAST = "lastindexof(substring(datum.label, 0, 26), ' ')"
_CUT = f"({_LAST} > 0 ? {_LAST} : indexof(datum.label, ' '))"
WRAP = (
    f"length(datum.label) > 26 && {_CUT} > 0 ? [substring(datum.label, 0, {_CUT}), "
    f"substring(datum.label, {_CUT} + 1)] : datum.label"
)


def chart(
    frame: pd.DataFrame, mark: str = "bar", unit: str = "count", large: bool = False
) -> alt.Chart:
    """An Altair chart of a section's table; hidden cells show their '<5' label at zero.
    large: type readable from the back of a room (presentation)."""
    font = 18 if large else 12
    data = frame.assign(Wert=frame["Wert"].fillna(0))
    series = [s for s in SERIES_COLOURS if s in set(data["Reihe"])]
    if mark == "stacked":  # the legend in the order of the pieces, wrapped to the width
        series = [s for s in dict.fromkeys(data["Reihe"]) if s in SERIES_COLOURS]
    # more than two series wrap into rows (large type needs them narrower), so no entry is
    # cut off at the chart's edge
    wrapped = {"columns": 2 if large else 4} if len(series) > 2 else {}
    legend = alt.Legend(title=None, orient="top", labelLimit=260, **wrapped)
    colour = alt.Color(
        "Reihe:N",
        scale=alt.Scale(domain=series, range=[SERIES_COLOURS[s] for s in series]),
        legend=legend if len(series) > 1 else None,
    )
    # counts: whole numbers only (Vega still puts a tick at 0.5 when the top is 1)
    whole = {"tickMinStep": 1, "labelExpr": "datum.value % 1 ? '' : datum.label"}
    axis = alt.Axis(
        format=".0%" if unit == "share" else ",~f", title=None, **(whole if unit == "count" else {})
    )
    tooltip = [
        alt.Tooltip("Kategorie:N", title=" "),
        alt.Tooltip("Reihe:N", title=" "),
        alt.Tooltip("Anzeige:N", title="Wert"),
    ]
    categories = list(dict.fromkeys(data["Kategorie"]))
    base = alt.Chart(data)
    if mark == "line":
        # a share not shown is left out, not drawn as zero
        base = alt.Chart(frame.dropna(subset=["Wert"]))
        x = alt.X("Kategorie:N", sort=categories, title=None, axis=alt.Axis(labelAngle=0))
        y = alt.Y("Wert:Q", axis=axis)
        lines = base.mark_line(point=True, strokeWidth=3).encode(x, y, colour, tooltip=tooltip)
        labels = base.mark_text(dy=-12, fontSize=font).encode(x, y, colour, text="Anzeige:N")
        layered = lines + labels
    elif mark == "columns":
        x = alt.X("Kategorie:N", sort=categories, title=None, axis=alt.Axis(labelAngle=0))
        y = alt.Y("Wert:Q", axis=axis)
        offset = alt.XOffset("Reihe:N", sort=series)
        bars = base.mark_bar().encode(x, y, offset, colour, tooltip=tooltip)
        labels = base.mark_text(dy=-8, fontSize=font - 1).encode(x, y, offset, text="Anzeige:N")
        layered = bars + labels
    elif mark == "stacked":
        layered = _stacked(frame, categories, colour, font)
    else:
        y = alt.Y("Kategorie:N", sort=categories, title=None,
                  axis=alt.Axis(labelLimit=400, labelExpr=WRAP))  # fmt: skip
        x = alt.X("Wert:Q", axis=axis)
        offset = alt.YOffset("Reihe:N", sort=series)
        bars = base.mark_bar().encode(x, y, offset, colour, tooltip=tooltip)
        labels = base.mark_text(align="left", dx=4, fontSize=font).encode(
            x, y, offset, text="Anzeige:N"
        )
        layered = bars + labels
    rows = len(categories) * (1 if mark == "stacked" else max(1, len(series)))
    if large:  # one slide: the chart keeps to the height of a projected screen
        height = 360 if mark != "bar" else min(420, max(160, 46 * rows))
    else:  # room for a label on two lines
        height = 260 if mark != "bar" else max(120, 34 * rows)
    return (
        layered.properties(height=height)
        .configure(locale=GERMAN)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=font, labelLimit=360 if large else 260)
        .configure_legend(labelFontSize=font, symbolSize=200 if large else 100)
    )


def _stacked(frame: pd.DataFrame, categories: list[str], colour: alt.Color, font: int):
    """Each category one bar of 100 %, its series side by side in their shares, labelled
    with their counts where the piece is wide enough (withheld pieces are left out)."""
    data = frame.dropna(subset=["Wert"])
    data = data[data["Wert"] > 0].copy()
    totals = data.groupby("Kategorie")["Wert"].transform("sum")
    data["Ende"] = data.groupby("Kategorie")["Wert"].cumsum() / totals
    data["Beginn"] = data["Ende"] - data["Wert"] / totals
    data["Mitte"] = (data["Beginn"] + data["Ende"]) / 2
    data["Beschriftung"] = data["Anzeige"].where(data["Ende"] - data["Beginn"] >= 0.06, "")
    base = alt.Chart(data)
    y = alt.Y("Kategorie:N", sort=categories, title=None, axis=alt.Axis(labelLimit=360))
    x = alt.X("Beginn:Q", axis=alt.Axis(format=".0%", title=None), scale=alt.Scale(domain=[0, 1]))
    tooltip = [alt.Tooltip("Kategorie:N", title=" "), alt.Tooltip("Reihe:N", title=" "),
               alt.Tooltip("Anzeige:N", title="Fälle")]  # fmt: skip
    bars = base.mark_bar().encode(x, alt.X2("Ende:Q"), y, colour, tooltip=tooltip)
    labels = base.mark_text(fontSize=font, color="white", fontWeight="bold").encode(
        alt.X("Mitte:Q"), y, text="Beschriftung:N"
    )
    return bars + labels


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A chart's table as German Excel opens it (services/spreadsheets)."""
    return spreadsheets.csv_bytes(list(frame.columns), frame.itertuples(index=False))


def xlsx_bytes(frame: pd.DataFrame, title: str) -> bytes:
    return spreadsheets.xlsx_bytes(list(frame.columns), frame.itertuples(index=False), title)


def png_bytes(chart_: alt.TopLevelMixin | dict) -> bytes:
    """A chart (or its Vega-Lite spec) as a PNG at twice the screen size."""
    import vl_convert

    spec = chart_ if isinstance(chart_, dict) else chart_.to_dict()
    return vl_convert.vegalite_to_png(spec, scale=2)
