"""The Indikatoren page's view of approaches and goals: "Ansätze im Vergleich" (the
cooperatives grouped by one profile attribute, one figure per group — absolute, per
full-time post or per 100 housing units — protected as a whole outside the own
cooperative) and the goals that concern the viewer as bullet charts. Cached like the
dashboard: per viewer kind, scope and data version."""

from __future__ import annotations

import streamlit as st

from components.approaches import goal_views
from components.documents import indicator_charts as charts
from components.formatting import de_number
from components.indicators.chart_blocks import Picture, chart_spec, downloads
from components.shell.db import session_scope
from components.tables import record_table
from config import get_settings, local_today
from db import data_version
from services import approach_figures as af
from services import goals as gl
from services.actor import Actor
from services.indicators import Scope


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def _groups(
    database: str, viewer: tuple, scope: tuple, version: int, attribute: str, _actor: Actor
) -> list[af.ApproachGroup]:
    with session_scope() as session:
        return af.compare(session, _actor, Scope(*scope), attribute)


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def _goals(
    database: str,
    viewer: tuple,
    concerning: tuple,
    version: int,
    today,
    _actor,
    _of,  # noqa: ANN001
) -> list[gl.GoalView]:
    with session_scope() as session:
        return gl.goals(session, _actor, today, _of)


def goals_for(actor: Actor, concerning: Actor | None = None) -> list[gl.GoalView]:
    """The goals that concern ``concerning`` (default: the viewer) as the viewer may see
    them, recomputed only when the data changed or the day moved on."""
    of = concerning or actor
    return _goals(get_settings().database_url, (actor.role, actor.cooperative_id),
                  (of.role, of.cooperative_id), _version(), local_today(), _actor=actor,
                  _of=of)  # fmt: skip


def _version() -> int:
    with session_scope() as session:
        return data_version.current(session)


def comparison(actor: Actor, scope: Scope, threshold: int, about: tuple[str, ...]) -> None:
    with st.container(border=True):
        st.subheader("Ansätze im Vergleich")
        st.caption(
            "Die Genossenschaften nach ihrem Steckbrief gruppiert (Seite „Ansätze“); jeder Tag "
            "zählt beim Steckbrief, der an dem Tag galt. Je Vollzeitstelle: 40 Std./Woche."
        )
        left, right = st.columns(2)
        attribute = left.selectbox("Gruppieren nach", list(af.ATTRIBUTES),
                                   format_func=lambda k: af.ATTRIBUTES[k][0],
                                   key="approach_attribute",
                                   placeholder="Bitte wählen")  # fmt: skip
        figures = list(af.FIGURES)
        key = right.selectbox("Kennzahl", figures, index=figures.index("new_cases_per_post"),
                              format_func=lambda k: af.FIGURES[k].label,
                              key="approach_figure", placeholder="Bitte wählen")  # fmt: skip
        viewer = (actor.role, actor.cooperative_id)
        scope_key = (scope.date_from, scope.date_to, scope.cooperative_ids, scope.city)
        groups = _groups(get_settings().database_url, viewer, scope_key, _version(), attribute,
                         _actor=actor)  # fmt: skip
        figure = af.FIGURES[key]
        series = "Anteil" if figure.unit == "share" else "Anzahl"
        frame = charts._frame([(g.label, series, g.values[key]) for g in groups], figure.unit,
                              threshold)  # fmt: skip
        if frame.empty:
            st.info(charts.EMPTY, icon=":material/info:")
            return
        st.vega_lite_chart(chart_spec(frame, "bar", figure.unit), width="stretch")
        columns = {
            "Gruppe": lambda g: g.label,
            "Genossenschaften": lambda g: g.cooperatives,
            "Vollzeitstellen (Mittel im Zeitraum)": lambda g: de_number(g.full_time_posts, 2),
            figure.label: lambda g: charts.shown(g.values[key], threshold, figure.unit),
        }
        record_table(groups, columns, "", key="approach_groups")
        title = f"{figure.label} nach {af.ATTRIBUTES[attribute][0]}"
        picture = Picture(frame, "bar", figure.unit, title, about)
        downloads(f"ansaetze_{attribute}_{key}", figure.label, frame, picture, f"Ansätze {title}")


def goals(actor: Actor, threshold: int) -> None:
    found = goals_for(actor)
    if not found:
        return
    with st.container(border=True):
        st.subheader("Ziele")
        st.caption("Stand der Ziele (Seite „Ziele“): " + goal_views.EXPLAINED)
        goal_views.chart(found, threshold, "dashboard_goals", told=True)
