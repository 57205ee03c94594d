"""12 Austauschtreffen: the association's meetings in the period, attendees per meeting and
the methods taught (staff, not tenants: not suppressed)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from db.models import Meeting, MeetingMethod, meeting_attendee
from services.actor import Actor
from services.indicators.core import Definition, Figure, Indicator, Scope, share
from services.permissions import require


@dataclass(frozen=True)
class MeetingFigures:
    meetings: int
    attendees_per_meeting: float | None
    methods: dict[str, int]  # method taught -> number of meetings


def meetings(session: Session, actor: Actor, scope: Scope) -> MeetingFigures:
    """Meetings of the association in P (staff, not tenants: not suppressed)."""
    require(actor, "indicators.aggregate")
    held = Meeting.held_on.between(scope.date_from, scope.date_to)
    count = session.scalar(select(func.count(Meeting.id)).where(held)) or 0
    attendees = session.scalar(
        select(func.count())
        .select_from(meeting_attendee)
        .join(Meeting, Meeting.id == meeting_attendee.c.meeting_id)
        .where(held)
    )
    methods = session.execute(
        select(MeetingMethod.method, func.count(distinct(MeetingMethod.meeting_id)))
        .join(Meeting, Meeting.id == MeetingMethod.meeting_id)
        .where(held)
        .group_by(MeetingMethod.method)
        .order_by(func.count(distinct(MeetingMethod.meeting_id)).desc(), MeetingMethod.method)
    ).all()
    return MeetingFigures(count, share(attendees, count), dict(methods))


INDICATOR = Indicator(
    key="meetings",
    chart_title="In Austauschtreffen vermittelte Methoden",
    definition=Definition(
        "Austauschtreffen",
        "Treffen im Zeitraum, Teilnehmende je Treffen und vermittelte Methoden.",
        "Teilnehmende aller Treffen im Zeitraum",
        "Treffen im Zeitraum",
        "Eine Methode zählt einmal je Treffen, in dem sie vermittelt wurde.",
    ),
    figures=lambda b: [
        Figure("Treffen", b.parts["meetings"].meetings, phrase="{value} Austauschtreffen"),
        Figure("Teilnehmende je Treffen", b.parts["meetings"].attendees_per_meeting, "plain"),
    ],
    table=lambda b: [(k, "Anzahl", v) for k, v in b.parts["meetings"].methods.items()],
    part=lambda session, actor, scope, before: meetings(session, actor, scope),
)
