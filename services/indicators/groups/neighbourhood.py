"""11 Quartiersarbeit und Ehrenamt: activities and their participants; volunteers with an
assignment and their hours."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Activity, Volunteer, VolunteerAssignment
from services.actor import Actor
from services.indicators.core import (
    Definition,
    Figure,
    Indicator,
    Row,
    RowGroup,
    Scope,
    protected_rows,
    scope_cooperatives,
)
from services.suppression import Rule, counted_by, counting, key_of

# activities and their participants, with their keys: each attendance counts with its
# activity's key (also the community overview's)
ATTENDANCE = counting({"activities": (None, Activity.record_key)}) | {
    "participants": func.coalesce(func.sum(Activity.participants), 0),
    key_of("participants"): func.coalesce(func.sum(Activity.participants * Activity.record_key), 0),
}


def _neighbourhood_rows(session: Session, scope: Scope) -> list[Row]:
    in_period = (scope.date_from, scope.date_to)
    activities = counted_by(
        session, (Activity.cooperative_id, ATTENDANCE, Activity.held_on.between(*in_period))
    )
    helping = (
        select(
            Volunteer.id, Volunteer.cooperative_id, Volunteer.record_key, VolunteerAssignment.hours
        )
        .join(Volunteer, Volunteer.id == VolunteerAssignment.volunteer_id)
        .where(VolunteerAssignment.assigned_on.between(*in_period))
        .subquery()
    )
    per_volunteer = (
        select(helping.c.cooperative_id, helping.c.record_key, func.sum(helping.c.hours).label("h"))
        .group_by(helping.c.id, helping.c.cooperative_id, helping.c.record_key)
        .subquery()
    )  # a volunteer's key stands for the volunteer: counted once
    volunteers = {
        cid: values
        for cid, *values in session.execute(
            select(
                per_volunteer.c.cooperative_id,
                func.count(),
                func.sum(per_volunteer.c.record_key),
                func.sum(per_volunteer.c.h),
            ).group_by(per_volunteer.c.cooperative_id)
        )
    }
    found = []
    for cid, name, _ in scope_cooperatives(session, scope):
        values = {k: int(v or 0) for k, v in activities.get(cid, dict.fromkeys(ATTENDANCE)).items()}
        helpers, helpers_key, hours = volunteers.get(cid, (0, 0, 0))
        values |= {"volunteers": helpers, "volunteers__key": helpers_key,
                   "volunteer_hours": float(hours or 0)}  # fmt: skip
        found.append(Row(cid, name, values))
    return found


ROWS = RowGroup(
    _neighbourhood_rows,
    # volunteers are persons: their hours go with their count
    Rule(("activities", "participants", "volunteers"), follows={"volunteer_hours": "volunteers"}),
)


def neighbourhood(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Activities in P and their participants; volunteers with an assignment in P and their
    hours."""
    return protected_rows(session, actor, scope, ROWS)


INDICATOR = Indicator(
    key="neighbourhood",
    chart_title="Quartiersaktivitäten je Genossenschaft",
    definition=Definition(
        "Quartiersarbeit und Ehrenamt",
        "Quartiersaktivitäten und Teilnehmende; Ehrenamtliche mit Einsatz und ihre Stunden.",
        "Aktivitäten im Zeitraum; Ehrenamtliche mit mindestens einem Einsatz im Zeitraum",
        "–",
        "Ehrenamtliche sind Personen: kleine Zahlen werden außerhalb der eigenen "
        "Genossenschaft mit ihren Stunden ausgeblendet.",
    ),
    figures=lambda b: [
        Figure(
            "Aktivitäten",
            b.totals["neighbourhood.activities"],
            phrase="{value} Quartiersaktivitäten",
        ),
        Figure("Teilnehmende", b.totals["neighbourhood.participants"]),
        Figure("Ehrenamtliche mit Einsatz", b.totals["neighbourhood.volunteers"]),
        Figure("Stunden Ehrenamt", b.totals["neighbourhood.volunteer_hours"], "hours"),
    ],
    table=lambda b: [
        (r.cooperative, "Anzahl", r.values["activities"])
        for r in b.rows["neighbourhood"]
        if r.values["activities"]
    ],
    rows={"neighbourhood": ROWS},
)
