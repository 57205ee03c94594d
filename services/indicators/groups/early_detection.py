"""3 Früherkennung: the share of new cases taken up early (beside it: crisis), by quarter.
Computed with the new cases (services/indicators/cases.py) and the trends."""

from __future__ import annotations

from services.indicators.core import Definition, Figure, Indicator

INDICATOR = Indicator(
    key="early_detection",
    chart_title="Anteil früh erkannter Fälle und der Krisen je Quartal",
    definition=Definition(
        "Früherkennung",
        "Anteil der neuen Fälle, die früh/präventiv aufgenommen wurden (daneben: Krise).",
        "neue Fälle mit Dringlichkeit „früh/präventiv“ (bzw. „Krise“)",
        "alle im Zeitraum eröffneten Fälle",
        "Dringlichkeit bei Aufnahme; spätere Änderungen zählen nicht.",
    ),
    figures=lambda b: [
        Figure(
            "Früherkennungsquote",
            b.key_figure("early_share").value,
            "share",
            phrase="{value} der neuen Fälle früh/präventiv",
        ),
        Figure("Anteil Krise", b.totals["cases.crisis_share"], "share"),
    ],
    table=lambda b: [
        (quarter, series, values[column])
        for quarter, values in b.quarters.items()
        for series, column in (("Früh/präventiv", "early_share"), ("Krise", "crisis_share"))
    ],
    unit="share",
    mark="line",
    periods=True,
)
