"""How a section's table is drawn (Altair, no Streamlit): one chart per table, sized and typed
for where it is shown — the page, a projected slide, the printed Sachbericht or an exported
image (MEDIA declares each once) — in German formats and fixed colours."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache, lru_cache

import altair as alt
import pandas as pd

from components.documents.indicator_charts import FROM, UNTIL
from components.documents.pdf import FONTS

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
# Vega describes axes, legends and marks to screen readers in English ("X-axis for a linear
# scale …"): silenced; every chart block has its German table beside it
UNSPOKEN = {"aria": False}
SILENT = {"axis": UNSPOKEN, "legend": UNSPOKEN, "mark": UNSPOKEN}

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
GROWTH = 40  # pixels of container width per pixel of a growing type (18 at 720 wide)
INK = "#212121"  # axis labels and legends: dark enough for a projector and for print


@dataclass(frozen=True)
class Medium:
    """Where a chart is shown: its type size in pixels and how tall it grows."""

    font: int  # axis labels, legend, the values at the bars
    row: int  # pixels per bar of a bar chart
    low: int  # a bar chart's least height
    high: int | None  # a bar chart's greatest height (None: as many rows as it has)
    across: int  # the height of a chart across periods (columns, lines, stacked)
    limit: int  # longest axis label in pixels
    wrap_at: int  # a category label longer than this many characters takes two lines
    legend_columns: int  # entries per legend row when there are more than two
    symbol: int  # legend symbol size
    width: int | None = None  # a fixed drawing width; None: the container's
    height: int | None = None  # a fixed size for the whole picture, title included
    grows: bool = False  # the type grows with the chart's width (a slide on a large screen)
    # the value axis beside bars that carry their values (print leaves it out: it repeats
    # them on paper, where nobody can hover)
    value_axis: bool = True
    # the category labels' greatest share of the container's width (a phone: labels that
    # took two thirds of it); None: the fixed ``limit`` and ``wrap_at``
    label_share: float | None = None

    def category_limit(self) -> int | dict:
        """The longest category label in pixels: on a narrow screen a share of its width."""
        if self.label_share is None:
            return max(400, self.limit)
        return {"expr": f"min(400, max(120, containerSize()[0] * {self.label_share}))"}

    def wrap_position(self) -> int | str:
        """Where a long category label breaks: on a narrow screen sooner (a Vega expression,
        about 6.5 pixels a character at this type size)."""
        if self.label_share is None:
            return self.wrap_at
        per_line = f"containerSize()[0] * {self.label_share} / {self.font * 0.55:g}"
        return f"clamp(floor({per_line}), 14, {self.wrap_at})"

    def type(self, less: int = 0) -> int | dict:
        """A type size: ``font`` (less ``less``), or for a growing chart a Vega expression
        that is that at 1280 pixels of screen and half as large again at 1920."""
        if not self.grows:
            return self.font - less
        # the container's width, not the chart's: that depends on the labels' size in turn
        return {"expr": f"max({self.font - less}, round(containerSize()[0] / {GROWTH}) - {less})"}


MEDIA = {
    "screen": Medium(font=12, row=34, low=120, high=None, across=260, limit=260, wrap_at=26,
                     legend_columns=4, symbol=100, label_share=0.42),
    # a projected slide; its chart stretches to the height the slide leaves (presentation.css)
    "slide": Medium(font=18, row=46, low=160, high=420, across=360, limit=360, wrap_at=34,
                    legend_columns=2, symbol=200, grows=True),
    # the Sachbericht: 600 pixels on 170 mm, so 12 pixels print at 9.6 pt and the smallest
    # text (11 pixels, the values above columns) at 8.8 pt; two charts fit on a page
    "print": Medium(font=12, row=20, low=110, high=320, across=210, limit=230, wrap_at=34,
                    legend_columns=4, symbol=100, width=600, value_axis=False),
    # an exported image: 1600 × 900 pixels with title, period and protection note
    "image": Medium(font=22, row=0, low=0, high=None, across=0, limit=520, wrap_at=40,
                    legend_columns=4, symbol=300, width=1600, height=900),
}  # fmt: skip


def wrap(at: int | str) -> str:
    """A long category (a cooperative's full name) on two lines instead of cut off: broken at
    the last space before the at-th character, else at the first space (a Vega label may be
    a list of lines)."""
    last = f"lastindexof(substring(datum.label, 0, {at}), ' ')"
    cut = f"({last} > 0 ? {last} : indexof(datum.label, ' '))"
    return (
        f"length(datum.label) > {at} && {cut} > 0 ? [substring(datum.label, 0, {cut}), "
        f"substring(datum.label, {cut} + 1)] : datum.label"
    )


# indicator_charts._period's note on a period covered in part
_PARTIAL = " + ".join(f"indexof(datum.Kategorie, ' ({w} ')" for w in (UNTIL, FROM)) + " + 1"
# a period on lines of its own, so twelve months fit side by side: 'Dez.' over '2026' over
# '(bis 01.12.)' (a partial period's note)
_WORDS = "split(datum.label, ' ')"
PERIOD_LINES = (
    f"length({_WORDS}) > 2 ? [{_WORDS}[0], {_WORDS}[1], join(slice({_WORDS}, 2), ' ')] : {_WORDS}"
)


def chart(
    frame: pd.DataFrame, mark: str = "bar", unit: str = "count", medium: str = "screen"
) -> alt.Chart:
    """An Altair chart of a section's table (Kategorie, Reihe, Wert, Anzeige); hidden cells
    show their label at zero."""
    size = MEDIA[medium]
    data = frame.assign(Wert=frame["Wert"].fillna(0))
    series = [s for s in SERIES_COLOURS if s in set(data["Reihe"])]
    if mark == "stacked":  # the legend in the order of the pieces, wrapped to the width
        series = [s for s in dict.fromkeys(data["Reihe"]) if s in SERIES_COLOURS]
    # more than two series wrap into rows, so no entry is cut off at the chart's edge
    wrapped = {"columns": size.legend_columns} if len(series) > 2 else {}
    legend = alt.Legend(title=None, orient="top", labelLimit=size.limit, **wrapped)
    colour = alt.Color(
        "Reihe:N",
        scale=alt.Scale(domain=series, range=[SERIES_COLOURS[s] for s in series]),
        legend=legend if len(series) > 1 else None,
    )
    categories = list(dict.fromkeys(data["Kategorie"]))
    if mark == "stacked":
        layered = _stacked(frame, categories, colour, size)
    elif mark in ("line", "columns"):
        layered = _across(frame, data, mark, unit, categories, series, colour, size)
    else:
        layered = _bars(data, unit, categories, series, colour, size)
    rows = len(categories) * (1 if mark == "stacked" else max(1, len(series)))
    lines = 2 if any(len(c) > size.wrap_at for c in categories) else 1
    return _finish(layered, size, _height(size, mark, rows, len(categories) * lines))


def _height(size: Medium, mark: str, rows: int, lines: int) -> int | None:
    """lines: the category labels' (each as many as the longest takes)."""
    if size.height:
        return None  # the whole picture has a fixed size
    if mark != "bar":
        return size.across
    # never below the labels' lines with a little air (a page also takes the axis from it)
    need = lines * (size.font + 8)
    tall = max(size.low, size.row * rows, need)
    # cut to the medium's greatest height, but not below that
    return max(min(tall, size.high), need) if size.high else tall


def _finish(layered, size: Medium, height: int | None):
    fixed = {"width": size.width} if size.width else {}
    if height:
        fixed["height"] = height
    if size.height:  # the whole picture, title and legend included, at its stated size
        fixed |= {"height": size.height, "padding": 28,
                  "autosize": {"type": "fit", "contains": "padding"}}  # fmt: skip
    config = {
        "locale": GERMAN,
        "view": {"stroke": None},
        "axis": {"labelFontSize": size.type(), "labelLimit": size.limit, "labelColor": INK,
                 "titleColor": INK, **UNSPOKEN},
        "legend": {"labelFontSize": size.type(), "labelColor": INK, "symbolSize": size.symbol,
                   **UNSPOKEN},
        "mark": UNSPOKEN,
        "title": {"fontSize": size.font + 10, "subtitleFontSize": size.font - 2, "color": INK,
                  "subtitleColor": "#424242", "anchor": "start", "offset": 18},
    }  # fmt: skip
    if size.width:  # drawn here (print, image): on white, in the font the PDFs ship
        config |= {"font": "DejaVu Sans", "background": "white"}
    # one copy of the chart (each configure_… call copies it whole: ~60 ms a chart)
    return layered.properties(config=config, **fixed)


def _value_axis(unit: str, size: Medium, labelled: bool = True) -> alt.Axis | None:
    """labelled: every mark carries its value (a bar always)."""
    if labelled and not size.value_axis:
        return None
    # counts: whole numbers only (Vega still puts a tick at 0.5 when the top is 1)
    whole = {"tickMinStep": 1, "labelExpr": "datum.value % 1 ? '' : datum.label"}
    return alt.Axis(
        format=".0%" if unit == "share" else ",~f", title=None, **(whole if unit == "count" else {})
    )


def _tooltip(value_title: str = "Wert") -> list[alt.Tooltip]:
    return [
        alt.Tooltip("Kategorie:N", title=" "),
        alt.Tooltip("Reihe:N", title=" "),
        alt.Tooltip("Anzeige:N", title=value_title),
    ]


def _across(frame, data, mark, unit, categories, series, colour, size):  # noqa: PLR0913
    """Periods across: columns side by side per period, or a line of shares (a share not
    shown is left out, not drawn as zero)."""
    x = alt.X(
        "Kategorie:N", sort=categories, title=None,
        axis=alt.Axis(labelAngle=0, labelExpr=PERIOD_LINES),
    )  # fmt: skip
    # periods keep their value axis: a column may lack its label, shares need their scale
    y = alt.Y("Wert:Q", axis=_value_axis(unit, size, labelled=False))
    if mark == "line":
        base = alt.Chart(frame.dropna(subset=["Wert"]))
        lines = base.mark_line(point=True, strokeWidth=3).encode(x, y, colour, tooltip=_tooltip())
        labels = base.mark_text(dy=-12, fontSize=size.type()).encode(x, y, colour, text="Anzeige:N")
        return lines + labels
    base = alt.Chart(data)
    offset = alt.XOffset("Reihe:N", sort=series)
    # a period covered only in part ('Dez. 2026 (bis 03.12.)') lighter: not a collapse
    partial = alt.condition(f"{_PARTIAL} > 0", alt.value(0.4), alt.value(1))
    bars = base.mark_bar().encode(x, y, offset, colour, opacity=partial, tooltip=_tooltip())
    # a column's value only where columns are wide enough for it (a phone has less room
    # than a projector: the chart's width decides, not the page)
    wide = {"expr": f"width / {len(categories) * len(series)} >= {2 * size.font} ? 1 : 0"}
    labels = base.mark_text(dy=-8, fontSize=size.type(1), opacity=wide).encode(
        x, y, offset, text="Anzeige:N"
    )
    return bars + labels


def _bars(data, unit, categories, series, colour, size: Medium):
    """Categories down, a bar per series."""
    y = alt.Y("Kategorie:N", sort=categories, title=None,
              # every category named: the heights leave room for each label's lines, and
              # Vega would otherwise drop every other one of a few two-line labels
              axis=alt.Axis(labelLimit=size.category_limit(), labelExpr=wrap(size.wrap_position()),
                            labelOverlap=False))  # fmt: skip
    x = alt.X("Wert:Q", axis=_value_axis(unit, size))
    offset = alt.YOffset("Reihe:N", sort=series)
    base = alt.Chart(data)
    bars = base.mark_bar().encode(x, y, offset, colour, tooltip=_tooltip())
    labels = base.mark_text(align="left", dx=4, fontSize=size.type()).encode(
        x, y, offset, text="Anzeige:N"
    )
    return bars + labels


def _stacked(frame: pd.DataFrame, categories: list[str], colour: alt.Color, size: Medium):
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
    bars = base.mark_bar().encode(x, alt.X2("Ende:Q"), y, colour, tooltip=_tooltip("Fälle"))
    labels = base.mark_text(fontSize=size.type(), color="white", fontWeight="bold").encode(
        alt.X("Mitte:Q"), y, text="Beschriftung:N"
    )
    return bars + labels


def titled(picture: alt.TopLevelMixin, title: str, lines: list[str]) -> alt.TopLevelMixin:
    """A chart with its title and, below it, the lines that say what it covers."""
    return picture.properties(title=alt.TitleParams(text=title, subtitle=lines))


@cache
def _converter():
    """vl-convert, knowing the fonts the PDFs ship (not every server has DejaVu Sans)."""
    import vl_convert

    vl_convert.register_font_directory(str(FONTS))
    return vl_convert


@cache
def warm_up() -> None:
    """Start vl-convert's JavaScript runtime (about a second, once per process) before the
    first chart is wanted: the Berichte page calls it in a thread when it opens."""
    _converter().vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})


@cache
def warm_up_soon() -> None:
    """``warm_up`` in a thread of its own, started once per process."""
    threading.Thread(target=warm_up, daemon=True).start()


def spec_of(picture: alt.TopLevelMixin | dict) -> dict:
    """The Vega-Lite spec (our own charts need no schema check: ~60 ms each)."""
    return picture if isinstance(picture, dict) else picture.to_dict(validate=False)


def png_bytes(picture: alt.TopLevelMixin | dict, scale: float = 2) -> bytes:
    """A chart (or its Vega-Lite spec) as a PNG, by default at twice its size; a chart drawn
    before (the same report again, the same export) is not drawn again."""
    return _png(json.dumps(spec_of(picture), sort_keys=True), scale)


@lru_cache(maxsize=64)
def _png(spec: str, scale: float) -> bytes:
    # keyed by the whole spec: only the same aggregate, already protected for its viewer,
    # finds it again
    return _converter().vegalite_to_png(json.loads(spec), scale=scale)


def svg_bytes(picture: alt.TopLevelMixin | dict) -> bytes:
    """A chart as SVG (for print: sharp at any size)."""
    return _converter().vegalite_to_svg(spec_of(picture)).encode()
