"""The success goals as bullet charts and text (no Streamlit): per goal its current value
as a bar coloured by its status, the target as a black line, where the straight path from
the baseline stands today as a grey tick, the baseline as a thin grey line; each goal on a
scale of its own. Used by the Ziele page, the Indikatoren page, the slide and the
Sachbericht."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.documents.chart_drawing import GERMAN, SILENT
from components.documents.indicator_charts import shown
from components.formatting import de_date
from services.goals import GoalView

STATUS_COLOURS = {
    "erreicht": "#2e7d32",
    "auf_kurs": "#1f4e79",
    "gefaehrdet": "#b3261e",
    "verfehlt": "#6d1b16",
    "offen": "#9e9e9e",
}


def value_text(goal: GoalView, value: float | None, threshold: int) -> str:
    unit = "decimal" if goal.unit == "decimal" else goal.unit
    return shown(value, threshold, unit) if value is not None else "nicht ausgewiesen"


def title(goal: GoalView) -> str:
    """'Früherkennungsquote steigern · Alle Genossenschaften'."""
    return f"{goal.figure_label} {goal.direction} · {goal.scope}"


def sentence(goal: GoalView, threshold: int) -> str:
    """One line for a slide or the report: where the goal stands."""
    return (
        f"{title(goal)}: {goal.status_label} – aktuell {value_text(goal, goal.current, threshold)}"
        f", Ziel {value_text(goal, goal.target, threshold)} bis {de_date(goal.target_date)}"
        f" (Ausgang {value_text(goal, goal.baseline, threshold)})."
    )


def frame(goals: list[GoalView], threshold: int) -> pd.DataFrame:
    """One row per goal: its values as parts of the goal's own scale (0 … 115 % of the
    largest of current, target and baseline) and the texts above and below its bar."""
    rows = []
    for goal in goals:
        values = [v for v in (goal.current, goal.target, goal.baseline) if v is not None]
        top = (max(values or [0]) * 1.15) or 1
        current, target = (value_text(goal, v, threshold) for v in (goal.current, goal.target))
        rows.append({
            "Nr": len(rows),
            "Ziel": title(goal),
            "Status": goal.status,
            "Aktuell": (goal.current or 0) / top,
            "Zielwert": goal.target / top,
            "Pfad": None if goal.expected is None else goal.expected / top,
            "Anzeige": f"aktuell {current} – {goal.status_label} · Ziel {target} bis "
                       f"{de_date(goal.target_date)}",
        })  # fmt: skip
    return pd.DataFrame(rows)


def bullet(goals: list[GoalView], threshold: int, large: bool = False) -> alt.LayerChart:
    """One chart, a band per goal — its title above its bar, where it stands below — so it
    fills the width it is given, a phone's or a projector's."""
    return bullet_chart(frame(goals, threshold), large)


def bullet_chart(data: pd.DataFrame, large: bool = False) -> alt.LayerChart:
    """The bullet chart of a goals' table (``frame``): it depends on nothing else."""
    font = 18 if large else 13
    band = 96 if large else 70
    colour = alt.Color(
        "Status:N",
        scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
        legend=None,
    )
    y = alt.Y("Nr:O", axis=None)  # one band per goal, even for two with the same title
    scale = alt.Scale(domain=[0, 1], nice=False)

    def x(field: str) -> alt.X:
        return alt.X(f"{field}:Q", scale=scale, axis=None, stack=None)

    base = alt.Chart(data).transform_calculate(zero="0", one="1")
    back = base.mark_bar(color="#eeeeee", height=band * 0.3).encode(x("zero"), alt.X2("one:Q"), y)
    bar = base.mark_bar(height=band * 0.16).encode(
        x("Aktuell"), y, colour, tooltip=["Ziel:N", "Anzeige:N"]
    )
    target = base.mark_tick(color="black", thickness=3, size=band * 0.42).encode(x("Zielwert"), y)
    path = base.mark_tick(color="#616161", thickness=2, size=band * 0.24).encode(x("Pfad"), y)
    # the texts start at the left edge and end at the chart's width (a phone's too)
    fits = {"limit": alt.ExprRef("width"), "align": "left", "fontSize": font}
    heading = base.mark_text(
        baseline="bottom", dy=-band * 0.2, fontWeight="bold", color="#212121", **fits
    ).encode(x("zero"), y, text="Ziel:N")
    value = base.mark_text(baseline="top", dy=band * 0.2, color="#424242", **fits).encode(
        x("zero"), y, text="Anzeige:N"
    )
    return (
        alt.layer(back, bar, target, path, heading, value)
        .properties(height=band * len(data) + band * 0.3, width="container")
        .configure(locale=GERMAN, **SILENT)
        .configure_view(stroke=None)
    )
