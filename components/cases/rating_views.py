"""Einschätzungen on the case page: the person's ratings over time as a small chart, the list,
and the fields of a rating (one tap per question; what each point means one tap away) that
the rating tab, the intake form and the closing form share."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from components.documents.chart_drawing import GERMAN, SILENT
from components.formatting import de_date, plain
from components.forms import FieldErrors, save_and_rerun
from services import ratings as rt
from services.actor import Actor
from services.case_queries import CaseHeader

ITEM_COLOURS = {"Einsamkeit / soziale Kontakte": "#2e7d32",
                "Selbsthilfe: regelt eigene Angelegenheiten": "#7b3f98",
                "Wohnsituation gesichert": "#1f4e79"}  # fmt: skip


def rating_fields(
    key: str,
    tool: rt.InstrumentView,
    errors: FieldErrors,
    today: dt.date,
    day: dt.date | None = None,
    prefix: str = "",
    stage: str = "verlauf",
) -> rt.RatingData:
    """The questions of ``tool`` as rows of taps; ``day`` None: a date field (today first)
    is shown. ``prefix``: how a larger form names these fields' errors."""
    values = {}
    for item in tool.items:
        options = list(range(1, len(item.points) + 1))
        values[item.id] = st.pills(
            item.wording, options, key=f"{key}_item_{item.id}",
            format_func=lambda v, item=item: f"{v} {rt.short(item.points[v - 1])}",
        )  # fmt: skip
        errors.slot(f"{prefix}item_{item.id}")
    with st.expander("Was bedeuten die Stufen?"):
        for item in tool.items:
            points = "\n".join(f"{n}. {plain(p)}" for n, p in enumerate(item.points, start=1))
            st.markdown(f"**{plain(item.wording)}**\n\n{points}")
    source = st.segmented_control("Eingeschätzt", list(rt.SOURCES), default="gemeinsam",
                                  format_func=rt.SOURCES.get, key=f"{key}_source")  # fmt: skip
    errors.slot(prefix + "source")
    if day is None:
        day = st.date_input("Datum der Einschätzung", value=today, format="DD.MM.YYYY",
                            key=f"{key}_day")  # fmt: skip
        errors.slot(prefix + "rated_on")
    return rt.RatingData(tool.id, day, source, values, stage)


def chart(ratings: list[rt.RatingView], tool: rt.InstrumentView) -> alt.Chart | None:
    """The app's Einschätzung over time: one line per question, higher is better."""
    items = {i.key: i for i in tool.items}
    # every question drawn on the same 1–5 height (Wohnen's three points at 1, 3, 5), so
    # "2 of 3" does not look like "2 of 5"; the tooltip says what was chosen
    rows = [
        {"Datum": r.rated_on.isoformat(), "Frage": items[k].wording,
         "Höhe": 1 + (v - 1) * 4 / (len(items[k].points) - 1),
         "Stufe": f"{v} von {len(items[k].points)}", "Bedeutung": rt.short(items[k].points[v - 1])}
        for r in ratings if r.instrument == tool.name for k, v in r.values.items() if k in items
    ]  # fmt: skip
    if not rows:
        return None
    data = pd.DataFrame(rows)
    colour = alt.Color("Frage:N", scale=alt.Scale(domain=list(ITEM_COLOURS),
                                                   range=list(ITEM_COLOURS.values())),
                       legend=alt.Legend(title=None, orient="top", columns=1,
                                         labelLimit=320))  # fmt: skip
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3)
        .encode(
            alt.X("Datum:T", title=None, axis=alt.Axis(format="%d.%m.%y", tickCount=4)),
            alt.Y(
                "Höhe:Q",
                scale=alt.Scale(domain=[1, 5]),
                title=None,
                axis=alt.Axis(
                    values=[1, 3, 5],
                    labelExpr="{'1': 'schlecht', '3': 'mittel', '5': 'gut'}[datum.label]",
                ),
            ),
            colour,
            tooltip=[
                "Frage:N",
                "Stufe:N",
                "Bedeutung:N",
                alt.Tooltip("Datum:T", format="%d.%m.%Y"),
            ],
        )  # fmt: skip
        .properties(height=180)
        .configure(locale=GERMAN, **SILENT)
    )


def history(ratings: list[rt.RatingView], tools: list[rt.InstrumentView]) -> None:
    own = next((t for t in tools if t.own), None)
    by_name = {t.name: t for t in tools}
    spec = chart(ratings, own) if own else None
    if spec is not None:
        st.vega_lite_chart(spec.to_dict(), width="stretch", height=260)
    for r in reversed(ratings):
        # a score only for an added instrument: the Einschätzung's questions differ in scale
        own = r.instrument in by_name and by_name[r.instrument].own
        score = "" if r.score is None or own else f" · Wert {r.score:.1f}".replace(".", ",")
        told = rt.described(by_name[r.instrument], r.values) if r.instrument in by_name else ""
        st.caption(
            plain(f"{de_date(r.rated_on)} · {r.instrument} · {rt.STAGES[r.stage]} · "
                  f"{rt.SOURCES[r.source]}{score} – {told}")
        )  # fmt: skip
    if not ratings:
        st.caption("Noch keine Einschätzung.")


def rating_tab(
    actor: Actor,
    h: CaseHeader,
    ratings: list[rt.RatingView],
    tools: list[rt.InstrumentView],
    today: dt.date,
) -> None:
    history(ratings, tools)
    if h.status == "abgeschlossen":
        return
    tools = [t for t in tools if t.active]
    names = {t.id: t.name for t in tools}
    tool_id = tools[0].id
    if len(tools) > 1:
        tool_id = st.selectbox("Instrument", list(names), format_func=names.get,
                               key=f"rt_tool_{h.id}", placeholder="Bitte wählen")  # fmt: skip
    tool = next(t for t in tools if t.id == tool_id)
    errors = FieldErrors()
    with st.form(f"rating_{h.id}_{tool.id}"):
        st.markdown("**Neue Einschätzung** (ca. 20 Sekunden)")
        data = rating_fields(f"rt_{h.id}_{tool.id}", tool, errors, today)
        if st.form_submit_button("Einschätzung speichern", type="primary"):
            save_and_rerun(errors, lambda s: rt.add_rating(s, actor, h.id, data, today),
                           "Einschätzung gespeichert.")  # fmt: skip
