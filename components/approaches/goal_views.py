"""Ziele: the goals' bullet chart and table (filterable by status), each goal's history, and
the form Koordination sets and changes a goal with. The figures come from services.goals,
protected for the viewer."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from components.documents import goal_charts
from components.fieldsets import Field, Fieldset, render
from components.formatting import de_date, de_datetime, plain
from components.forms import (
    FieldErrors,
    flash_and_rerun,
    generation,
    run_service,
    start_new_entry,
)
from components.indicators import chart_blocks
from components.tables import Columns, record_table
from db.models import Goal
from services import approach_figures as af
from services import goals as gl
from services.actor import Actor
from services.permissions import can


def _columns(threshold: int) -> Columns:
    def value(attribute: str):  # noqa: ANN202
        return lambda g: goal_charts.value_text(g, getattr(g, attribute), threshold)

    # what matters first: which goal, where it stands (a phone shows the first columns)
    return {
        "Kennzahl": lambda g: g.figure_label,
        "Stand": lambda g: g.status_label,
        "Aktuell": lambda g: f"{value('current')(g)} ({de_date(g.current_from)} – "
                             f"{de_date(g.current_to)})",
        "Ziel": lambda g: f"{value('target')(g)} bis {de_date(g.target_date)}",
        "Gilt für": lambda g: g.scope,
        "Richtung": lambda g: g.direction,
        "Ausgang": lambda g: f"{value('baseline')(g)} ({de_date(g.baseline_from)} – "
                             f"{de_date(g.baseline_to)})",
    }  # fmt: skip


EXPLAINED = (
    "Der Stand wird berechnet: **erreicht** (Zielwert erreicht), **auf Kurs** (auf oder über "
    "der geraden Linie vom Ausgangswert zum Zielwert), **gefährdet** (darunter), **nicht "
    "erreicht** (Zieldatum vorbei). „Halten“: höchstens 5 % unter dem Zielwert. Der "
    "aktuelle Wert ist dieselbe Kennzahl über die letzten Tage, so viele wie der "
    "Ausgangszeitraum hat, bis heute. Im Diagramm: Balken = aktueller Wert, schwarzer Strich "
    "= Ziel, grauer Strich = wo die gerade Linie heute steht."
)


def chart(goals: list[gl.GoalView], threshold: int, key: str, told: bool = False) -> None:
    """The bullet chart; ``told``: each goal's sentence below it too (the chart's text for
    screen readers and a quick read where no table follows)."""
    if goals:
        spec = chart_blocks.goal_spec(goal_charts.frame(goals, threshold))
        st.vega_lite_chart(spec, key=key, width="stretch")
    if told:
        st.markdown("\n".join(f"- {plain(goal_charts.sentence(g, threshold))}" for g in goals))


def overview(goals: list[gl.GoalView], threshold: int) -> list[gl.GoalView]:
    """The goals chosen by status, as chart and table; returns those shown."""
    if not goals:
        st.info("Noch keine Ziele gesetzt.", icon=":material/info:")
        return []
    present = [s for s in gl.STATUSES if any(g.status == s for g in goals)]
    chosen = st.pills("Stand", present, selection_mode="multi", default=present,
                      format_func=gl.STATUSES.get, key="goal_status")  # fmt: skip
    shown = [g for g in goals if g.status in (chosen or present)]
    chart(shown, threshold, "goal_chart")
    record_table(shown, _columns(threshold), "Keine Ziele mit diesem Stand.", key="goal_table")
    st.caption(EXPLAINED)
    return shown


def history(changes: list[gl.GoalChange]) -> None:
    for change in changes:
        what = {"goal_set": "gesetzt", "goal_changed": "geändert", "goal_ended": "beendet"}
        target = change.details.get("target")
        extra = f" – Zielwert {target} bis {change.details.get('target_date')}" if target else ""
        st.markdown(
            f"- {de_datetime(change.at)}: {what.get(change.action, change.action)} von "
            f"{plain(change.user)}{plain(extra)}"
        )


# --- setting a goal ---------------------------------------------------------------------------
WHAT = Fieldset(
    ((Field("figure", placeholder="Bitte wählen", width=2),
      Field("direction", widget="segmented", default="steigern")),
     (Field("scope_kind", widget="segmented", default="alle"),)),
    of=gl.GoalData,
    fixed=("baseline_from", "baseline_to", "target_value", "target_date", "cooperative_id",
           "approach", "approach_value", "baseline_note"),
)  # fmt: skip
WHEN = Fieldset(
    ((Field("baseline_from"), Field("baseline_to"), Field("target_date")),
     (Field("baseline_note", placeholder="z. B. Jahreswerte 2025 aus dem Cockpit"),)),
    of=gl.GoalData,
    fixed=("figure", "scope_kind", "direction", "target_value", "cooperative_id", "approach",
           "approach_value"),
    model=Goal,
)  # fmt: skip


def _scope_fields(key: str, start: gl.GoalData, scope_kind: str | None,
                  cooperatives: dict[int, str], approaches: dict) -> dict:  # fmt: skip
    """The cooperative or the approach group, as the scope asks."""
    chosen = {"cooperative_id": None, "approach": None, "approach_value": None}
    if scope_kind == "genossenschaft":
        ids = list(cooperatives)
        chosen["cooperative_id"] = st.selectbox(
            "Genossenschaft", ids, format_func=cooperatives.get, key=f"{key}_coop",
            index=ids.index(start.cooperative_id) if start.cooperative_id in ids else None,
            placeholder="Bitte wählen",
        )  # fmt: skip
    elif scope_kind == "ansatz":
        left, right = st.columns(2)
        attributes = {k: label for k, (label, _) in af.ATTRIBUTES.items()}
        attribute = left.selectbox("Merkmal des Ansatzes", list(attributes),
                                   format_func=attributes.get, key=f"{key}_attribute",
                                   placeholder="Bitte wählen")  # fmt: skip
        values = dict(approaches.get(attribute, []))
        chosen["approach"] = attribute
        chosen["approach_value"] = right.selectbox(
            "Gruppe", list(values), format_func=values.get, key=f"{key}_value",
            index=None, placeholder="Bitte wählen",
        )  # fmt: skip
    return chosen


def _target(key: str, figure: str | None, current: float | None) -> float | None:
    share = figure in af.FIGURES and af.FIGURES[figure].unit == "share"
    if share:
        value = st.number_input("Zielwert (in %)", min_value=0.0, max_value=100.0, step=1.0,
                                value=None if current is None else current * 100,
                                key=f"{key}_target_share")  # fmt: skip
        return None if value is None else value / 100
    return st.number_input("Zielwert", min_value=0.0, step=1.0, value=current,
                           key=f"{key}_target")  # fmt: skip


def form(
    actor: Actor,
    key: str,
    start: gl.GoalData,
    cooperatives: dict[int, str],
    approaches: dict,
    goal: gl.GoalView | None = None,
) -> None:
    """Set (goal None) or change a goal. No st.form: the scope's own fields follow its choice
    at once; every widget keeps what was typed until the save succeeds (a new goal's form
    then starts empty again)."""
    form_name, key = key, key if goal else f"{key}_{generation(key)}"
    errors = FieldErrors()
    what = render(WHAT, f"{key}_what", errors, start, baseline_from=None, baseline_to=None,
                  target_value=None, target_date=None, baseline_note="")  # fmt: skip
    scope = _scope_fields(key, start, what.scope_kind, cooperatives, approaches)
    errors.slot("cooperative_id")
    errors.slot("approach")
    when = render(WHEN, f"{key}_when", errors, start, figure=None, scope_kind=None,
                  direction="", target_value=None, **scope)  # fmt: skip
    errors.slot("baseline")
    target = _target(key, what.figure, start.target_value)
    errors.slot("target_value")
    data = replace(when, figure=what.figure, scope_kind=what.scope_kind,
                   direction=what.direction, target_value=target)  # fmt: skip
    if st.button("Ziel speichern", type="primary", key=f"{key}_save"):
        ok, _ = run_service(
            errors, lambda s: gl.set_goal(s, actor, data, goal and goal.id, goal and goal.version)
        )
        if ok:
            if goal is None:
                start_new_entry(form_name)
            flash_and_rerun("Ziel gespeichert. Der Ausgangswert wurde berechnet.")


def new_goal_start(today: dt.date) -> gl.GoalData:
    """A new goal starts from last year as the baseline and the end of next year as the date."""
    last = today.year - 1
    return gl.GoalData(None, "alle", "steigern", dt.date(last, 1, 1), dt.date(last, 12, 31),
                       None, dt.date(today.year + 1, 12, 31))  # fmt: skip


def goal_details(actor: Actor, goal: gl.GoalView, changes: list[gl.GoalChange],
                 cooperatives: dict[int, str], approaches: dict) -> None:  # fmt: skip
    with st.expander(f"{goal_charts.title(goal)} – Verlauf" +
                     (" und ändern" if can(actor, "goal.write") else "")):  # fmt: skip
        if goal.baseline_note:
            st.caption("Zum Ausgangswert: " + plain(goal.baseline_note))
        history(changes)
        if not can(actor, "goal.write"):
            return
        form(actor, f"goal_{goal.id}", goal.data, cooperatives, approaches, goal)
        if st.button("Ziel beenden", key=f"goal_{goal.id}_end"):
            ok, _ = run_service(FieldErrors(), lambda s: gl.end_goal(s, actor, goal.id))
            if ok:
                flash_and_rerun("Ziel beendet. Es bleibt im Protokoll.")
