"""11 Quartiersarbeit und Ehrenamt: activities and their participants; volunteers with an
assignment and their hours."""

from __future__ import annotations

from sqlalchemy import distinct, func, select
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
from services.suppression import Rule


def _neighbourhood_rows(session: Session, scope: Scope) -> list[Row]:
    in_period = (scope.date_from, scope.date_to)
    activities = dict(
        (cid, (n, p))
        for cid, n, p in session.execute(
            select(
                Activity.cooperative_id,
                func.count(Activity.id),
                func.coalesce(func.sum(Activity.participants), 0),
            )
            .where(Activity.held_on.between(*in_period))
            .group_by(Activity.cooperative_id)
        )
    )
    volunteers = dict(
        (cid, (n, h))
        for cid, n, h in session.execute(
            select(
                Volunteer.cooperative_id,
                func.count(distinct(VolunteerAssignment.volunteer_id)),
                func.sum(VolunteerAssignment.hours),
            )
            .join(Volunteer, Volunteer.id == VolunteerAssignment.volunteer_id)
            .where(VolunteerAssignment.assigned_on.between(*in_period))
            .group_by(Volunteer.cooperative_id)
        )
    )
    found = []
    for cid, name, _ in scope_cooperatives(session, scope):
        held, people = activities.get(cid, (0, 0))
        helpers, hours = volunteers.get(cid, (0, 0))
        values = {"activities": held, "participants": int(people)}
        values |= {"volunteers": helpers, "volunteer_hours": float(hours or 0)}
        found.append(Row(cid, name, values))
    return found


ROWS = RowGroup(
    _neighbourhood_rows,
    # volunteers are persons: their hours go with their count
    Rule(("volunteers",), {"volunteer_hours": ("volunteers", "volunteers")}),
)


def neighbourhood(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Activities in P and their participants; volunteers with an assignment in P and their
    hours."""
    return protected_rows(session, actor, scope, ROWS)


INDICATOR = Indicator(
    key="neighbourhood",
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
