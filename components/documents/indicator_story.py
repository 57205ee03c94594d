"""What each indicator says, in one line (no Streamlit): the headline figure of a group, its
change against the comparison period, and a sentence computed from the data, e.g.
"Früherkennung: 58 % der neuen Fälle früh/präventiv, +9,4 Prozentpunkte gegenüber Vorjahr."
Used by the presentation slides and the Sachbericht, from the same sections as the dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from components.documents.indicator_charts import Figure, Section, figure_text, sections
from components.formatting import de_number
from services.dashboard import Dashboard, KeyFigure
from services.indicators import registry

NOTHING = "keine Daten im Zeitraum"
HIDDEN = "nicht ausgewiesen (zu wenige Fälle)"


@dataclass(frozen=True)
class Story:
    key: str
    title: str
    headline: Figure
    value: str  # the headline as shown: '46 %', '<5', 'nicht ausgewiesen'
    change: str | None  # '+9,4 Prozentpunkte gegenüber Vorjahr'; None without a comparable value
    takeaway: str
    section: Section


def _top_category(section: Section) -> Figure | None:
    """The most frequent category of the period's series (hidden cells never win)."""
    frame = section.frame
    if frame.empty:
        return None
    current = frame[frame["Reihe"] != "Vorzeitraum"].dropna(subset=["Wert"])
    current = current[current["Wert"] > 0]
    if current.empty:
        return None
    best = current.sort_values("Wert", ascending=False, kind="stable").iloc[0]
    return Figure(str(best["Kategorie"]), float(best["Wert"]))


def _before_category(section: Section, category: str) -> float | None:
    frame = section.frame
    rows = frame[(frame["Reihe"] == "Vorzeitraum") & (frame["Kategorie"] == category)]
    return None if rows.empty or rows["Wert"].isna().any() else float(rows["Wert"].iloc[0])


def change_text(figure: Figure, before: float | None, compared_with: str | None) -> str | None:
    """'+9,4 Prozentpunkte gegenüber Vorjahr', '-3 gegenüber Vorzeitraum', 'unverändert …';
    without compared_with just '+9,4 Prozentpunkte', '-3', 'unverändert'. The one wording of a
    change for the dashboard, the slides and the report."""
    if figure.value is None or before is None:
        return None
    difference = figure.value - before
    digits = None
    if figure.unit == "share":  # as the figures themselves: one decimal, '46,0 %'
        difference, digits, unit = round(difference * 100, 1), 1, " Prozentpunkte"
    elif figure.unit in ("days", "hours", "decimal"):
        difference = round(difference, 1)
        unit = {"days": " Tage", "hours": " Std.", "decimal": ""}[figure.unit]
    else:
        difference = round(difference)
        unit = ""
    against = f" gegenüber {compared_with}" if compared_with else ""
    if difference == 0:
        return "unverändert" + against
    sign = "+" if difference > 0 else "-"
    if digits is None:
        digits = 1 if difference % 1 else 0
    return f"{sign}{de_number(abs(difference), digits)}{unit}{against}"


def key_change(key: KeyFigure) -> str | None:
    """The change of a dashboard key figure against its previous period, worded as above."""
    unit = "share" if key.share else "count"
    return change_text(Figure(key.label, key.value, unit), key.previous, None)


def _story(now: Section, before: Section | None, threshold: int, compared_with: str) -> Story:
    """A group's headline and sentence; the change against ``before`` (None: no comparison,
    the previous period was not documented yet)."""
    title = registry()[now.key].definition.title
    index = next((i for i, f in enumerate(now.figures) if f.phrase), None)
    if index is None:  # the most frequent category, compared with its own previous count
        top = _top_category(now)
        if top is None:  # nothing, or only hidden small numbers
            hidden = bool(now.frame["Wert"].isna().any()) if not now.frame.empty else False
            headline = Figure(title, None if hidden else 0)
            sentence = HIDDEN if hidden else NOTHING
            value = figure_text(headline, threshold)
            return Story(now.key, title, headline, value, None, f"{title}: {sentence}.", now)
        headline = Figure(top.label, top.value)
        value = figure_text(headline, threshold)
        earlier = _before_category(now, top.label) if before else None
        change = change_text(headline, earlier, compared_with)
        sentence = now.top_phrase.format(category=f"„{top.label}“", value=value)
    else:
        headline = now.figures[index]
        value = figure_text(headline, threshold)
        earlier = before.figures[index].value if before else None
        change = change_text(headline, earlier, compared_with)
        if headline.value is not None:
            sentence = headline.phrase.format(value=value)
        elif headline.unit == "count":
            sentence = headline.phrase.format(value=f"weniger als {threshold}")
        else:
            sentence = HIDDEN
    takeaway = f"{title}: {sentence}" + (f", {change}." if change else ".")
    return Story(now.key, title, headline, value, change, takeaway, now)


def stories(board: Dashboard, before: Dashboard, threshold: int, compared_with: str) -> list[Story]:
    """One story per indicator group, in the order of the dashboard."""
    previous = {s.key: s for s in sections(before, threshold)}
    return [
        _story(
            section, previous[section.key] if board.comparable else None, threshold, compared_with
        )  # fmt: skip
        for section in sections(board, threshold)
    ]
