"""Präsentation: full-screen slides for an Austauschtreffen, a projector or an office screen.
Screen-share-safe by construction: the figures are computed for the audience (dash.audience:
outside every cooperative, so every small number is suppressed), and nothing else is read —
no names, notes, case lists, usernames or e-mail addresses, whoever opens it."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace

import streamlit as st

from components import address
from components.documents import goal_charts
from components.documents import indicator_charts as charts
from components.documents.indicator_story import Story, stories
from components.formatting import de_period, plain
from components.indicators import indicator_views as views
from components.indicators.approach_comparison import goals_for
from components.indicators.chart_blocks import chart_spec, goal_spec
from components.shell.auth import request_logout, still_logged_in
from components.shell.navigation import PRESENTING
from components.shell.styles import use_stylesheet
from config import get_settings
from services import dashboard as dash
from services.actor import Actor
from services.indicators import Scope
from services.suppression import EXPLANATION

# whether a rise is good news (normal), bad news (inverse) or neither (off)
DELTA_COLOURS = {"time": "off", "cases": "off", "problem_areas": "off", "outcomes": "off",
                 "meetings": "off"}  # fmt: skip


@dataclass(frozen=True)
class Show:
    scope: Scope
    context: str  # 'Zeitraum … · Genossenschaften …' — no person, no user
    kiosk_seconds: int | None
    started: float
    offset: int = 0


def setup(actor: Actor, options: dash.ScopeOptions, today: dt.date) -> None:
    given, problem = address.period(today)
    if problem:
        st.warning(problem, icon=":material/event_busy:")
    st.caption(
        "Für Austauschtreffen, Beamer und Bildschirme: eine Kennzahl je Folie, große Schrift. "
        "Es erscheinen nur zusammengefasste Zahlen – kleine Zahlen als „<5“, keine Namen – "
        "auch für die eigene Genossenschaft."
    )
    scope = views.scope_filters(
        actor,
        options,
        today,
        prefix="presentation",
        own_first=False,
        period=given,
    )
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    kiosk = left.toggle(
        "Kiosk-Modus: Folien wechseln von selbst, Zahlen bleiben aktuell",
        key="presentation_kiosk",
        help="Für einen Bildschirm im Büro. Die Anmeldung bleibt bis zum Ende der "
        "Sitzungsdauer bestehen; Beenden meldet ab.",
    )
    seconds = right.number_input(
        "Sekunden je Folie", 5, 600, 20, step=5, disabled=not kiosk, key="presentation_seconds"
    )
    start = st.button(
        "Präsentation starten", type="primary", icon=":material/slideshow:", disabled=not scope
    )
    if start and scope:
        show = Show(
            scope, views.scope_label(scope, options), int(seconds) if kiosk else None, time.time()
        )
        st.session_state[PRESENTING] = show
        st.rerun()


def _move(step: int) -> None:
    show: Show = st.session_state[PRESENTING]
    st.session_state[PRESENTING] = replace(show, offset=show.offset + step)


def _end(log_out: bool) -> None:
    st.session_state.pop(PRESENTING, None)
    if log_out:
        request_logout()


def _current(show: Show, slides: int) -> int:
    """The slide shown: moved by the buttons, and in kiosk mode on by one per interval."""
    ticks = 0
    if show.kiosk_seconds:
        ticks = round((time.time() - show.started) / show.kiosk_seconds)
    return (show.offset + ticks) % slides


def _overview(board: dash.Dashboard, show: Show, threshold: int) -> None:
    st.title("Kennzahlen im Überblick")
    st.caption(plain(show.context))
    figures, compared = board.key_figures, dash.compared_with(show.scope)
    for row in range(0, len(figures), 2):  # two per row: large type needs the width
        for column, figure in zip(st.columns(2, gap="large"), figures[row : row + 2]):
            views.key_figure(column, figure, threshold, compared, board.comparable, explain=False)
    before = dash.previous(show.scope)
    if board.comparable:
        st.subheader(
            f"Verglichen mit dem {compared}: {de_period(before.date_from, before.date_to)}"
        )
    views.no_comparison(board)
    st.caption(EXPLANATION)  # the slides always show the room's view: protected


def _story(story: Story, show: Show, threshold: int) -> None:
    st.title(story.title)
    st.caption(plain(show.context))
    figure, picture = st.columns([2, 3], vertical_alignment="center", gap="large")
    figure.metric(
        story.headline.label,
        story.value,
        story.change,
        **views.delta_style(story.change, DELTA_COLOURS.get(story.key, "normal")),
    )
    part = story.section
    with picture:
        each = charts.one_each(part.frame) if part.mark == "bar" else None
        if part.empty:
            st.info(charts.EMPTY, icon=":material/info:")
        elif each:
            st.markdown(f"### {plain(part.chart_title)}")
            st.markdown(f"#### {plain(each)}")
        else:
            frame = charts.top_categories(part.frame, 6) if part.mark == "bar" else part.frame
            st.markdown(f"**{plain(part.chart_title)}**")
            # the height the slide leaves (presentation.css), on a projector as on a screen
            with st.container(key="slide_chart"):
                spec = chart_spec(frame, part.mark, part.unit, "slide")
                st.vega_lite_chart(spec, height="stretch")
            notes = (charts.left_out(part.frame, frame, part.unit, threshold),
                     charts.partial_note(frame))  # fmt: skip
            if any(notes):
                st.caption(" · ".join(n for n in notes if n))
    st.subheader(plain(story.takeaway))


def _goals(goals: list, show: Show, threshold: int) -> None:
    st.title("Ziele")
    st.caption(plain(show.context) + " · Stand heute, Zahlen geschützt")
    spec = goal_spec(goal_charts.frame(goals, threshold), large=True)
    st.vega_lite_chart(spec, width="stretch")
    good = sum(g.status in ("erreicht", "auf_kurs") for g in goals)
    st.subheader(f"{good} von {len(goals)} Zielen erreicht oder auf Kurs")
    st.caption(plain(" · ".join(f"{g.figure_label}: {g.status_label}" for g in goals)))


def _controls(show: Show, number: int, slides: int) -> None:
    back, forward, where, end = st.columns([2, 2, 4, 3], vertical_alignment="center")
    back.button(
        "Zurück",
        on_click=_move,
        args=(-1,),
        shortcut="Left",  # shown as the arrow beside the word: no icon as well
        key="presentation_back",
        width="stretch",
    )
    forward.button(
        "Weiter",
        on_click=_move,
        args=(1,),
        shortcut="Right",
        key="presentation_next",
        width="stretch",
    )
    every = f" · wechselt alle {show.kiosk_seconds} s" if show.kiosk_seconds else ""
    where.markdown(f"Folie {number} von {slides}{every}")
    end.button(
        "Beenden und abmelden" if show.kiosk_seconds else "Beenden",
        on_click=_end,
        args=(bool(show.kiosk_seconds),),
        icon=":material/close:",
        key="presentation_end",
    )


def slideshow(actor: Actor) -> None:
    """The slides: an overview of the key figures, then one slide per indicator group."""
    use_stylesheet("presentation")
    show: Show = st.session_state[PRESENTING]
    threshold = get_settings().suppression_threshold

    @st.fragment(run_every=show.kiosk_seconds)
    def slide() -> None:
        current: Show | None = st.session_state.get(PRESENTING)
        if current is None or not still_logged_in(actor, touch=bool(current.kiosk_seconds)):
            st.rerun(scope="app")
        viewer = dash.audience(actor)
        board = views.dashboard_for(viewer, current.scope)
        before = views.dashboard_for(viewer, dash.previous(current.scope))
        told = stories(board, before, threshold, dash.compared_with(current.scope))
        goals = goals_for(viewer, concerning=actor)
        slides = len(told) + 1 + bool(goals)
        index = _current(current, slides)
        if index == 0:
            _overview(board, current, threshold)
        elif index <= len(told):
            _story(told[index - 1], current, threshold)
        else:
            _goals(goals, current, threshold)
        _controls(current, index + 1, slides)

    slide()
