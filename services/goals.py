"""Success goals (Erfolgsindikatoren bestimmen), after Salesforce Outcome Management: a
registered figure (services.approach_figures.FIGURES), a scope (all cooperatives, one, or an
approach group), the intended direction, a baseline (the figure over a chosen period,
computed by the app when the goal is set — as the setter saw it, protected), a target value
and a target date. Koordination sets and changes them; every set and change is in the audit
log with its values (the goal's history).

The status is computed, never typed: the current value is the same figure over the latest
stretch as long as the baseline period, ending today (or on the target date once it has
passed), as the viewer may see it. ``status`` compares it with the straight path from the
baseline (at the end of the baseline period) to the target (at the target date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditLog, Cooperative, Goal, User
from services import approach_figures as af
from services import approaches as ap
from services.actor import Actor
from services.audit import audit
from services.errors import Conflict, Invalid, NotFound
from services.goal_status import current_period, expected, status
from services.indicators.core import Scope
from services.permissions import require

DIRECTIONS = {"steigern": "steigern", "senken": "senken", "halten": "halten"}
SCOPE_KINDS = {"alle": "Alle Genossenschaften", "genossenschaft": "Eine Genossenschaft",
               "ansatz": "Eine Gruppe von Ansätzen"}  # fmt: skip
STATUSES = {
    "erreicht": "erreicht",
    "auf_kurs": "auf Kurs",
    "gefaehrdet": "gefährdet",
    "verfehlt": "nicht erreicht",
    "offen": "noch kein Wert",
}


def _meta(label: str, default: object = dt.date.min, **more: object):  # noqa: ANN202
    """A field's German label (and choices), declared once for the form and the overview."""
    metadata = {"label": label, **more}
    return (
        field(metadata=metadata)
        if default is dt.date.min
        else field(default=default, metadata=metadata)
    )


@dataclass(frozen=True)
class GoalData:
    figure: str | None = _meta("Kennzahl", choices={k: f.label for k, f in af.FIGURES.items()})
    scope_kind: str | None = _meta("Gilt für", choices=SCOPE_KINDS)
    direction: str = _meta("Richtung", choices=DIRECTIONS)
    baseline_from: dt.date | None = _meta("Ausgangszeitraum von")
    baseline_to: dt.date | None = _meta("Ausgangszeitraum bis")
    target_value: float | None = _meta("Zielwert")
    target_date: dt.date | None = _meta("Zieldatum")
    cooperative_id: int | None = _meta("Genossenschaft", None)
    approach: str | None = _meta(
        "Merkmal des Ansatzes", None, choices={k: v[0] for k, v in af.ATTRIBUTES.items()}
    )
    approach_value: str | None = _meta("Gruppe", None)
    baseline_note: str = _meta("Quelle / Anmerkung zum Ausgangswert", "")


# --- reading the figure of a goal's scope -----------------------------------------------------
def _belongs(data: GoalData):  # noqa: ANN202
    if data.scope_kind == "genossenschaft":
        return lambda p: [("g", "")] if p.cooperative_id == data.cooperative_id else []
    if data.scope_kind == "ansatz":
        values = af.ATTRIBUTES[data.approach][1]
        return lambda p: (
            [("g", "")]
            if p.profile and any(k == data.approach_value for k, _ in values(p.profile))
            else []
        )
    return lambda p: [("g", "")]


def figure_value(
    session: Session,
    actor: Actor,
    data: GoalData,
    start: dt.date,
    end: dt.date,
    profiles: list[ap.Profile] | None = None,
    computed: dict | None = None,
) -> float | None:
    """The goal's figure over start…end for its scope, as the viewer may see it
    (``computed``: see approach_figures.group_figures)."""
    if end < start:
        return None
    scope = Scope(start, end)
    groups = af.group_figures(session, actor, scope, _belongs(data), profiles, computed)
    return groups[0].values[data.figure] if groups else None


# --- setting goals ----------------------------------------------------------------------------
def _check(session: Session, data: GoalData) -> None:
    errors: dict[str, str] = {}
    if data.figure not in af.FIGURES:
        errors["figure"] = "Bitte wählen Sie die Kennzahl des Ziels."
    if data.scope_kind not in SCOPE_KINDS:
        errors["scope_kind"] = "Bitte wählen Sie, für wen das Ziel gilt."
    elif data.scope_kind == "genossenschaft" and (
        data.cooperative_id is None or session.get(Cooperative, data.cooperative_id) is None
    ):
        errors["cooperative_id"] = "Bitte wählen Sie die Genossenschaft."
    elif data.scope_kind == "ansatz" and (
        data.approach not in af.ATTRIBUTES or not data.approach_value
    ):
        errors["approach"] = "Bitte wählen Sie die Gruppe der Ansätze."
    if data.direction not in DIRECTIONS:
        errors["direction"] = "Bitte wählen Sie steigern, senken oder halten."
    if data.baseline_from is None or data.baseline_to is None:
        errors["baseline"] = "Bitte wählen Sie den Ausgangszeitraum."
    elif data.baseline_to < data.baseline_from:
        errors["baseline"] = "Der Ausgangszeitraum endet vor seinem Beginn."
    if data.target_value is None:
        errors["target_value"] = "Bitte geben Sie den Zielwert an."
    elif (
        data.figure in af.FIGURES
        and af.FIGURES[data.figure].unit == "share"
        and not (0 <= data.target_value <= 1)
    ):
        errors["target_value"] = "Ein Anteil liegt zwischen 0 und 100 %."
    elif data.target_value < 0:
        errors["target_value"] = "Der Zielwert darf nicht negativ sein."
    if data.target_date is None:
        errors["target_date"] = "Bitte geben Sie an, bis wann das Ziel erreicht sein soll."
    elif data.baseline_to is not None and data.target_date <= data.baseline_to:
        errors["target_date"] = "Das Zieldatum muss nach dem Ausgangszeitraum liegen."
    if len(data.baseline_note.strip()) > 300:
        errors["baseline_note"] = "Höchstens 300 Zeichen."
    if errors:
        raise Invalid(errors)


def set_goal(
    session: Session,
    actor: Actor,
    data: GoalData,
    goal_id: int | None = None,
    version: int | None = None,
) -> int:
    """Create or change a goal; the baseline is computed now, as the setter sees it."""
    require(actor, "goal.write")
    _check(session, data)
    goal = Goal(active=True)
    if goal_id is not None:
        goal = session.get(Goal, goal_id)
        if goal is None:
            raise NotFound("Dieses Ziel gibt es nicht (mehr).")
        if version is not None and goal.version != version:
            raise Conflict()
    baseline = figure_value(session, actor, data, data.baseline_from, data.baseline_to)
    for name in GoalData.__dataclass_fields__:
        setattr(goal, name, getattr(data, name))
    goal.baseline_note = data.baseline_note.strip() or None
    if data.scope_kind != "genossenschaft":
        goal.cooperative_id = None
    if data.scope_kind != "ansatz":
        goal.approach = goal.approach_value = None
    goal.baseline_value, goal.set_by_id = baseline, actor.user_id or None  # 0: the command line
    session.add(goal)
    session.flush()
    audit(session, actor, "goal_changed" if goal_id else "goal_set", "goal", goal.id,
          figure=goal.figure, scope=goal.scope_kind, cooperative=goal.cooperative_id,
          approach=goal.approach, direction=goal.direction, baseline=baseline,
          baseline_from=goal.baseline_from.isoformat(), baseline_to=goal.baseline_to.isoformat(),
          target=goal.target_value, target_date=goal.target_date.isoformat())  # fmt: skip
    return goal.id


def end_goal(session: Session, actor: Actor, goal_id: int) -> None:
    """A goal no longer pursued leaves the overviews; its history stays."""
    require(actor, "goal.write")
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise NotFound("Dieses Ziel gibt es nicht (mehr).")
    goal.active = False
    audit(session, actor, "goal_ended", "goal", goal.id)


# --- the overview -----------------------------------------------------------------------------
@dataclass(frozen=True)
class GoalView:
    id: int
    figure: str
    figure_label: str
    unit: str
    scope: str  # in German: "Alle Genossenschaften", the cooperative's name, the group
    direction: str
    baseline: float | None
    baseline_from: dt.date
    baseline_to: dt.date
    baseline_note: str
    target: float
    target_date: dt.date
    current: float | None
    current_from: dt.date
    current_to: dt.date
    expected: float | None  # where the straight path stands today
    status: str  # key of STATUSES
    version: int
    data: GoalData

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]


def _scope_label(goal: Goal, names: dict[int, str], options: dict) -> str:
    if goal.scope_kind == "genossenschaft":
        return names.get(goal.cooperative_id, "–")
    if goal.scope_kind == "ansatz":
        label = af.ATTRIBUTES.get(goal.approach, ("Ansatz",))[0]
        value = dict(options.get(goal.approach, [])).get(goal.approach_value, goal.approach_value)
        return f"{label}: {value}"
    return SCOPE_KINDS["alle"]


def _options(profiles: list[ap.Profile]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, dict[str, str]] = {a: {} for a in af.ATTRIBUTES}
    for profile in profiles:
        for attribute, (_, values) in af.ATTRIBUTES.items():
            found[attribute].update(dict(values(profile)))
    return {a: sorted(v.items(), key=lambda kv: kv[1]) for a, v in found.items()}


def approach_options(session: Session, actor: Actor) -> dict[str, list[tuple[str, str]]]:
    """Per attribute the values the profiles have (key, label), for the goal form."""
    return _options(ap.list_profiles(session, actor))


def _concerns(goal: Goal, actor: Actor, profiles: list[ap.Profile], today: dt.date) -> bool:
    """Koordination sees every goal; a Kümmerer those for all cooperatives, the own one, and
    the approach groups the own cooperative's current profile belongs to."""
    if actor.cooperative_id is None:
        return True
    if goal.scope_kind == "alle":
        return True
    if goal.scope_kind == "genossenschaft":
        return goal.cooperative_id == actor.cooperative_id
    values = af.ATTRIBUTES[goal.approach][1]
    own = [p for p in profiles if p.cooperative_id == actor.cooperative_id and p.valid_on(today)]
    return any(k == goal.approach_value for p in own for k, _ in values(p))


def goals(
    session: Session, actor: Actor, today: dt.date, concerning: Actor | None = None
) -> list[GoalView]:
    """The active goals that concern the viewer (or ``concerning``: the slides and the
    report show the goals of the user who made them, with the figures as the room or the
    reader may see them), with their computed status."""
    require(actor, "indicators.aggregate")
    names = dict(session.execute(select(Cooperative.id, Cooperative.name)).all())
    profiles = ap.list_profiles(session, actor)
    found = session.scalars(
        select(Goal).where(Goal.active.is_(True)).order_by(Goal.target_date, Goal.id)
    )
    options = _options(profiles)
    computed: dict = {}  # goals over the same days: their segments' rows read once
    return [
        _view(session, actor, goal, today, profiles, _scope_label(goal, names, options), computed)
        for goal in found
        if _concerns(goal, concerning or actor, profiles, today)
    ]


def _view(
    session: Session,
    actor: Actor,
    goal: Goal,
    today: dt.date,
    profiles: list[ap.Profile],
    scope: str,
    computed: dict,
) -> GoalView:
    data = GoalData(**{n: getattr(goal, n) for n in GoalData.__dataclass_fields__})
    data = replace(data, baseline_note=goal.baseline_note or "")
    start, end = current_period(goal.baseline_from, goal.baseline_to, goal.target_date, today)
    value = figure_value(session, actor, data, start, end, profiles, computed)
    path_start = goal.baseline_to + dt.timedelta(days=1)
    baseline = goal.baseline_value
    figure = af.FIGURES[goal.figure]
    return GoalView(
        goal.id, goal.figure, figure.label, figure.unit, scope,
        goal.direction, baseline, goal.baseline_from, goal.baseline_to, goal.baseline_note or "",
        goal.target_value, goal.target_date, value, start, end,
        expected(baseline, goal.target_value, path_start, goal.target_date, today)
        if baseline is not None else None,
        status(goal.direction, baseline, goal.target_value, path_start, goal.target_date, today,
               value),
        goal.version, data,
    )  # fmt: skip


@dataclass(frozen=True)
class GoalChange:
    at: dt.datetime
    user: str
    action: str
    details: dict


def history(session: Session, actor: Actor, goal_id: int) -> list[GoalChange]:
    """Who set or changed the goal when, with the values (newest first)."""
    require(actor, "indicators.aggregate")
    rows = session.execute(
        select(AuditLog.at, User.username, AuditLog.action, AuditLog.details)
        .outerjoin(User, User.id == AuditLog.user_id)
        .where(AuditLog.entity == "goal", AuditLog.entity_id == goal_id)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    ).all()
    return [
        GoalChange(at, user or "–", action, details or {}) for at, user, action, details in rows
    ]
