"""The Indikatoren page's pieces: filters, key figures, one block per indicator group and the
comparison of cooperatives. Figures are cached per viewer kind, scope and data version: they
are non-personal aggregates, already suppressed for that viewer."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.documents import indicator_charts as charts
from components.documents.indicator_story import key_change
from components.documents.workbook import workbook_bytes
from components.formatting import de_date, de_period
from components.indicators import approach_comparison
from components.indicators.chart_blocks import Picture, chart_spec, downloads
from components.shell.auth import still_logged_in
from components.shell.db import session_scope
from config import LOCAL_TZ, get_settings, local_today
from db import data_version
from services import dashboard as dash
from services import suppression
from services.actor import Actor
from services.indicators import Scope, own_only, registry
from services.suppression import EXPLANATION, MEDIAN_MIN

OWN_PERIOD = "Eigener Zeitraum"
ALL_CITIES = "Alle Städte"
# the filters' last choice (period, cooperatives, city), so Präsentation starts with what
# Indikatoren showed and back; per session, never across users
SHARED_CHOICE = "_indicator_scope_choice"


def _small_cells() -> str:
    threshold = get_settings().suppression_threshold
    return (
        f"Zahlen anderer Genossenschaften von 1 bis {threshold - 1} erscheinen als "
        f"„<{threshold}“. {EXPLANATION}"
    )


def scope_filters(
    actor: Actor,
    options: dash.ScopeOptions,
    today: dt.date,
    prefix: str = "indicator",
    own_first: bool = True,
    period: tuple[dt.date, dt.date] | None = None,
) -> Scope | None:
    """Period, cooperatives and city. A Kümmerer starts with the own cooperative when
    own_first; a given period (e.g. a meeting's) preselects 'Eigener Zeitraum'."""
    left, middle, right = st.columns([2, 3, 2])
    choices = [*dash.PRESETS, OWN_PERIOD]
    # what was chosen on Indikatoren or Präsentation before: the other page starts with it
    shared = st.session_state.get(SHARED_CHOICE, {})
    if period:
        shared = shared | {"preset": OWN_PERIOD, "range": period}
    preset = left.selectbox(
        "Zeitraum",
        choices,
        index=choices.index(shared.get("preset", choices[3])),
        key=f"{prefix}_preset",
        placeholder="Bitte wählen",
    )
    if preset == OWN_PERIOD:
        picked = left.date_input(
            "Von – bis",
            value=shared.get("range") or (today - dt.timedelta(days=90), today),
            min_value=dash.EARLIEST,
            max_value=today,
            format="DD.MM.YYYY",
            key=f"{prefix}_range",
        )
        if len(picked) != 2:
            st.info("Bitte Anfangs- und Enddatum wählen.")
            return None
        start, end = picked
    else:
        start, end = dash.preset_period(preset, today)
    mine = [actor.cooperative_id] if actor.cooperative_id in options.cooperatives else []
    own = mine if own_first else []
    chosen = middle.multiselect(
        "Genossenschaften",
        list(options.cooperatives),
        default=[c for c in shared.get("cooperatives", own) if c in options.cooperatives],
        format_func=options.cooperatives.get,
        placeholder="Alle Genossenschaften",
        key=f"{prefix}_cooperatives",
    )
    cities = [ALL_CITIES, *options.cities]
    city = right.selectbox(
        "Stadt",
        cities,
        index=cities.index(shared["city"]) if shared.get("city") in cities else 0,
        key=f"{prefix}_city",
        placeholder="Bitte wählen",
    )
    st.session_state[SHARED_CHOICE] = {
        "preset": preset,
        "range": (start, end) if preset == OWN_PERIOD else None,
        "cooperatives": chosen,
        "city": city,
    }
    where = None if city == ALL_CITIES else city
    scope = Scope(start, end, tuple(sorted(chosen)) or None, where, preset != OWN_PERIOD)
    before = dash.previous(scope)
    full = own_first and own and scope.cooperative_ids == tuple(own)
    how = f"dem {dash.compared_with(scope)}" if scope.named else "dem gleich langen Zeitraum davor"
    st.caption(
        f"Zeitraum {de_period(start, end)}, verglichen mit {how} "
        f"({de_period(before.date_from, before.date_to)}). " + ("" if full else _small_cells())
    )
    return scope


def cooperatives_label(scope: Scope, options: dash.ScopeOptions) -> str:
    """'Alle Genossenschaften in Zwickau', or the chosen cooperatives' names."""
    chosen = scope.cooperative_ids or ()
    names = [options.cooperatives[c] for c in chosen if c in options.cooperatives]
    where = ", ".join(names) if names else "Alle Genossenschaften"
    return where + (f" in {scope.city}" if scope.city else "")


def scope_label(scope: Scope, options: dash.ScopeOptions) -> str:
    """'01.12.2025 – 25.11.2026 · Alle Genossenschaften in Zwickau' (no person, no user)."""
    dates = de_period(scope.date_from, scope.date_to)
    return f"{dates} · {cooperatives_label(scope, options)}"


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def _board(
    database: str, viewer: tuple, scope: tuple, version: int, _actor: Actor
) -> dash.Dashboard:
    """Keyed by the database, the viewer kind (role, cooperative), the scope and the data
    version; the actor itself is not part of the key — the figures depend on nothing else of
    it. (A restore of an older backup must bump the data version: see db/data_version.py.)"""
    with session_scope() as session:
        return dash.dashboard(session, _actor, Scope(*scope))


def dashboard_for(actor: Actor, scope: Scope) -> dash.Dashboard:
    """The figures, recomputed only when the data changed (one primary-key lookup)."""
    with session_scope() as session:
        version = data_version.current(session)
    key = (scope.date_from, scope.date_to, scope.cooperative_ids, scope.city, scope.named)
    database = get_settings().database_url
    return _board(database, (actor.role, actor.cooperative_id), key, version, _actor=actor)


def _delta(figure: dash.KeyFigure, compared_with: str = "Vorzeitraum") -> str | None:
    change = key_change(figure)
    if change is None or figure.share:
        return change
    return f"{change} ggü. {compared_with}"


NOT_DOCUMENTED = "noch nicht dokumentiert"


def delta_style(change: str | None, colour: str = "normal") -> dict:
    """How st.metric draws a change: no change is neutral (grey, no arrow), not a green
    "↑ unverändert"; otherwise the arrow, coloured as a rise is good (normal), bad
    (inverse) or neither (off) for this figure."""
    if change is None or change.startswith("unverändert"):
        return {"delta_color": "off", "delta_arrow": "off"}
    return {"delta_color": colour, "delta_arrow": "auto"}


def key_figure(
    column,
    figure: dash.KeyFigure,
    threshold: int,
    compared_with: str = "Vorzeitraum",
    comparable: bool = True,
    explain: bool = True,
) -> None:
    """A key figure with its change; ``explain``: the previous value behind a (?) icon (not on
    a slide, where nobody can hover)."""
    unit = "share" if figure.share else "count"
    before = charts.shown(figure.previous, threshold, unit) if comparable else NOT_DOCUMENTED
    change = _delta(figure, compared_with)
    column.metric(
        figure.label,
        charts.shown(figure.value, threshold, unit),
        change,
        # more new cases is neither good nor bad
        **delta_style(change, "off" if figure.key == "new_cases" else "normal"),
        help=f"{compared_with}: {before}" if explain else None,
        border=True,
    )


def key_figures(board: dash.Dashboard, threshold: int) -> None:
    compared = dash.compared_with(board.scope)  # as the line under the filters says
    for column, figure in zip(st.columns(len(board.key_figures)), board.key_figures):
        key_figure(column, figure, threshold, compared, board.comparable)
    no_comparison(board)


def no_comparison(board: dash.Dashboard) -> None:
    """Say why there is no change: the previous period lies before the first record."""
    if not board.comparable:
        since = f"seit {de_date(board.since)}" if board.since else "noch nicht"
        st.caption(
            f"Kein Vergleich mit dem Vorzeitraum: dokumentiert wird {since} – davor wären alle "
            "Zahlen 0, und jede Veränderung wäre nur der Beginn der Dokumentation."
        )


def image_about(actor: Actor, scope: Scope, label: str) -> tuple[str, ...]:
    """What an exported chart image says under its title: period and cooperatives, how
    its figures are protected, the day it was made."""
    threshold = get_settings().suppression_threshold
    return (
        label,
        suppression.note(not own_only(actor, scope), threshold),
        f"Stand {de_date(local_today())} · Kümmerer-Cockpit",
    )


def section(number: int, part: charts.Section, threshold: int, about: tuple[str, ...]) -> None:
    definition = registry()[part.key].definition
    with st.container(border=True):
        st.subheader(f"{number}. {definition.title}")
        st.caption(definition.summary)
        for start in range(0, len(part.figures), 3):  # three across: labels stay whole
            row = part.figures[start : start + 3]
            for column, figure in zip(st.columns(3 if len(part.figures) > 3 else len(row)), row):
                column.metric(figure.label, charts.figure_text(figure, threshold))
        chart = None if part.empty else chart_spec(part.frame, part.mark, part.unit)
        if chart is None:
            st.info(charts.EMPTY, icon=":material/info:")
        else:
            st.markdown(f"**{part.chart_title}**")
            st.vega_lite_chart(chart, width="stretch")
            if note := charts.partial_note(part.frame):
                st.caption(note)
        with st.expander("Wie wird das berechnet?"):
            st.markdown(
                f"**Zähler:** {definition.numerator}  \n**Nenner:** {definition.denominator}"
                f"  \n**Regeln:** {definition.rules}  \n**Datenschutz:** {_small_cells()} "
                f"Anteile aus weniger als {threshold} Fällen und Mediane aus weniger als "
                f"{MEDIAN_MIN} Fällen werden dort nicht ausgewiesen."
            )
        picture = chart and Picture(part.frame, part.mark, part.unit, part.chart_title, about)
        downloads(part.key, definition.title, part.frame, picture)


def comparison(board: dash.Dashboard, actor: Actor, threshold: int, about: tuple[str, ...]) -> None:
    with st.container(border=True):
        st.subheader("Genossenschaften im Vergleich")
        st.caption("Ansätze vergleichen: eine Kennzahl je Genossenschaft, mit Datenschutz.")
        left, right = st.columns([3, 2], vertical_alignment="bottom")
        key = left.selectbox(
            "Kennzahl",
            list(dash.COMPARABLE),
            format_func=lambda k: dash.COMPARABLE[k].label,
            key="indicator_compare",
            placeholder="Bitte wählen",
        )
        order = right.segmented_control(
            "Reihenfolge", ["nach Name", "nach Wert"], default="nach Name", required=True,
            key="indicator_compare_order",
        )  # fmt: skip
        frame = charts.comparison_frame(board, key, actor.cooperative_id, threshold)
        if order == "nach Wert":  # the largest first, withheld values last
            frame = frame.sort_values("Wert", ascending=False, na_position="last", kind="stable")
        spec = dash.COMPARABLE[key]
        unit = "share" if spec.share else "count"
        if frame.empty:
            st.info(charts.EMPTY, icon=":material/info:")
            return
        st.vega_lite_chart(chart_spec(frame, "bar", unit), width="stretch")
        title = f"{spec.label} je Genossenschaft"
        picture = Picture(frame, "bar", unit, title, about)
        downloads(f"vergleich_{key}", spec.label, frame, picture, f"Vergleich {spec.label}")


def workbook_download(board: dash.Dashboard, label: str, threshold: int) -> None:
    st.download_button(
        "Alle Indikatoren als Excel-Arbeitsmappe",
        lambda: workbook_bytes(board, threshold, label),
        f"indikatoren_{board.scope.date_from:%Y%m%d}-{board.scope.date_to:%Y%m%d}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="workbook",
        on_click="ignore",
        icon=":material/table_view:",
    )


def live_dashboard(actor: Actor, scope: Scope, label: str) -> None:
    """Key figures, every group, the comparisons and the goals; refreshes itself while
    open."""

    settings = get_settings()
    seconds, threshold = settings.live_refresh_seconds, settings.suppression_threshold
    live = st.toggle(f"Automatisch aktualisieren (alle {seconds} Sekunden)", True, key="live")

    @st.fragment(run_every=seconds if live else None)
    def body() -> None:
        # a refresh is no user activity: check the session without extending it
        if not still_logged_in(actor):
            st.rerun(scope="app")
        board = dashboard_for(actor, scope)
        now = dt.datetime.now(LOCAL_TZ).strftime("%H:%M:%S")
        st.caption(f"Stand: {now} Uhr")
        key_figures(board, threshold)
        workbook_download(board, label, threshold)
        if board.empty:
            st.info(charts.EMPTY, icon=":material/info:")
            return
        about = image_about(actor, scope, label)
        for number, part in enumerate(charts.sections(board, threshold), start=1):
            section(number, part, threshold, about)
        comparison(board, actor, threshold, about)
        approach_comparison.comparison(actor, scope, threshold, about)
        approach_comparison.goals(actor, threshold)

    body()
