"""The annual Sachbericht (report to the funder): its scope and the year's activities and
meetings. The indicator figures come from services.dashboard, so the report shows the same
numbers as the dashboard for the same filters. Kümmerer report on their own cooperative only;
Koordination on any or all cooperatives, aggregated and suppressed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Activity,
    CatalogueEntry,
    Meeting,
    MeetingMethod,
    MeetingTopic,
    meeting_attendee,
)
from services import community
from services.actor import Actor
from services.audit import audit
from services.errors import NotAllowed
from services.indicators import Scope, in_scope, own_only
from services.permissions import require


def report_scope(
    actor: Actor, year: int, cooperative_ids: tuple[int, ...] | None, today: dt.date
) -> Scope:
    """The calendar year (up to today while it runs) for the chosen cooperatives."""
    require(actor, "indicators.aggregate")
    if actor.is_kuemmerer and cooperative_ids != (actor.cooperative_id,):
        raise NotAllowed("Kümmerer erstellen den Sachbericht für die eigene Genossenschaft.")
    if year > today.year:
        raise NotAllowed("Für ein kommendes Jahr gibt es noch keinen Bericht.")
    end = min(dt.date(year, 12, 31), today)
    return Scope(dt.date(year, 1, 1), end, cooperative_ids or None, named=True)


@dataclass(frozen=True)
class ActivityLine:
    held_on: dt.date | None  # None: a kind's total (Koordination sees activities aggregated)
    title: str
    kind: str
    count: int
    participants: int


@dataclass(frozen=True)
class MeetingLine:
    held_on: dt.date
    place: str
    topics: list[str]
    methods: list[str]
    attendees: int


@dataclass(frozen=True)
class YearInReview:
    activities: list[ActivityLine]
    meetings: list[MeetingLine]


def _activities(session: Session, actor: Actor, scope: Scope) -> list[ActivityLine]:
    if own_only(actor, scope):
        rows = community.list_activities(session, actor, scope.date_from, scope.date_to)
        return [ActivityLine(r.held_on, r.title, r.kind, 1, r.participants) for r in reversed(rows)]
    query = (
        select(CatalogueEntry.label, func.count(Activity.id), func.sum(Activity.participants))
        .join(CatalogueEntry, CatalogueEntry.id == Activity.kind_id)
        .where(Activity.held_on.between(scope.date_from, scope.date_to))
        .group_by(CatalogueEntry.label, CatalogueEntry.sort_order)
        .order_by(CatalogueEntry.sort_order, CatalogueEntry.label)
    )
    query = in_scope(query, Activity.cooperative_id, scope)
    return [ActivityLine(None, kind, kind, n, int(p or 0)) for kind, n, p in session.execute(query)]


def _meetings(session: Session, scope: Scope) -> list[MeetingLine]:
    meetings = session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.place)
        .where(Meeting.held_on.between(scope.date_from, scope.date_to))
        .order_by(Meeting.held_on, Meeting.id)
    ).all()
    ids = [m.id for m in meetings]
    topics: dict[int, list[str]] = {i: [] for i in ids}
    methods: dict[int, list[str]] = {i: [] for i in ids}
    for meeting_id, title in session.execute(
        select(MeetingTopic.meeting_id, MeetingTopic.title)
        .where(MeetingTopic.meeting_id.in_(ids))
        .order_by(MeetingTopic.id)
    ):
        topics[meeting_id].append(title)
    for meeting_id, method in session.execute(
        select(MeetingMethod.meeting_id, MeetingMethod.method)
        .where(MeetingMethod.meeting_id.in_(ids))
        .order_by(MeetingMethod.id)
    ):
        methods[meeting_id].append(method)
    attendees = dict(
        session.execute(
            select(meeting_attendee.c.meeting_id, func.count())
            .where(meeting_attendee.c.meeting_id.in_(ids))
            .group_by(meeting_attendee.c.meeting_id)
        ).all()
    )
    return [
        MeetingLine(m.held_on, m.place or "", topics[m.id], methods[m.id], attendees.get(m.id, 0))
        for m in meetings
    ]


def year_in_review(session: Session, actor: Actor, scope: Scope) -> YearInReview:
    """Activities (listed for the own cooperative, by kind otherwise) and the exchange
    meetings of the period. Meetings are shown with counts, not with who came."""
    require(actor, "indicators.aggregate")
    return YearInReview(_activities(session, actor, scope), _meetings(session, scope))


def record_report(session: Session, actor: Actor, scope: Scope) -> None:
    """Audit that a report left the system (year and number of cooperatives only)."""
    audit(
        session,
        actor,
        "report_created",
        year=scope.date_from.year,
        cooperatives=len(scope.cooperative_ids or ()),
    )
