"""Every indicator group counts what happened on the first and on the last day of a period,
and nothing of the day after. Each dated event of the world happens once on 01.10.2026 and
once on 31.10.2026 (partners are created at 00:30 Saxon time, i.e. the evening before in UTC);
a group's figures must change when either day is left out, and be empty for November."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from components.documents.indicator_charts import sections
from config import LOCAL_TZ
from db.models import (
    Activity,
    CatalogueEntry,
    Meeting,
    MeetingMethod,
    Partner,
    PartnerCity,
    Referral,
    Volunteer,
    VolunteerAssignment,
)
from services import dashboard as dash
from services import indicators as ind
from services.catalogues import entry_ids
from tests import factories as f

FIRST, LAST = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
GROUPS = list(ind.registry())


def _rated(session, actor, case, closed_on, better: bool) -> None:  # noqa: ANN001
    """Two Einschätzungen of the closed case, the second on the day it closed."""
    from services import ratings as rt

    tool = rt.instruments(session)[0]
    for day, point in ((case.opened_on, 2), (closed_on, 4 if better else 2)):
        values = {item.id: min(point, len(item.points)) for item in tool.items}
        data = rt.RatingData(tool.id, day, "gemeinsam", values)
        rt.add_rating(session, actor, case.id, data, today=closed_on)


def _world(session):  # noqa: ANN001, ANN202
    coop = f.cooperative(session, name="A-Genossenschaft")
    kuemmerer = f.user(session, "kuemmerer", coop)
    kinds = entry_ids(session, "partner_kind")
    areas = entry_ids(session, "problem_area")
    # the two days differ in kind, so that shares change too when one of them is left out
    for day, urgency, status, area in (
        (FIRST, "krise", "abgelehnt", "vereinsamung"),
        (LAST, "frueh", "angenommen", "mietschulden"),
    ):
        opened = f.case(session, coop, day, urgency=urgency)
        opened.problem_areas = [session.get(CatalogueEntry, areas[area])]
        f.contact(session, coop, day, opened)
        closed = f.case(
            session, coop, day - dt.timedelta(days=20), status="abgeschlossen", closed_on=day
        )
        outcome = entry_ids(session, "outcome")["pflege_organisiert"]
        closed.outcomes = [session.get(CatalogueEntry, outcome)]
        _rated(session, f.actor(kuemmerer), closed, day, better=urgency == "krise")
        f.contact(session, coop, day)  # a quick contact
        created = dt.datetime.combine(day, dt.time(0, 30), LOCAL_TZ).astimezone(dt.UTC)
        partner = Partner(
            name=f"Verein {day}",
            kind_id=kinds["verein"],
            city="Chemnitz",
            created_at=created,
            cities=[PartnerCity(city="Chemnitz")],
        )
        session.add(partner)
        session.flush()
        session.add(
            Referral(
                case_id=opened.id,
                partner_id=partner.id,
                referred_on=day,
                status_on=day,
                status=status,
            )
        )
        session.add(
            Activity(
                cooperative_id=coop.id,
                held_on=day,
                title="Kaffee",
                kind_id=next(iter(entry_ids(session, "activity_kind").values())),
                participants=12,
            )
        )
        helper = Volunteer(cooperative_id=coop.id, first_name="Erika", last_name="Muster")
        session.add(helper)
        session.flush()
        session.add(
            VolunteerAssignment(volunteer_id=helper.id, assigned_on=day, hours=Decimal("2.0"))
        )
        session.add(
            Meeting(
                held_on=day, attendees=[kuemmerer], methods=[MeetingMethod(method="Netzwerkkarte")]
            )
        )
    session.flush()
    return coop, f.actor(kuemmerer)


def _signature(session, viewer, coop, start, end) -> dict[str, tuple]:  # noqa: ANN001
    board = dash.dashboard(session, viewer, ind.Scope(start, end, (coop.id,)))
    found = {}
    for part in sections(board, 5):
        figures = tuple((x.label, x.value) for x in part.figures)
        rows = tuple(map(tuple, part.frame.fillna(-1).itertuples(index=False)))
        found[part.key] = (figures, rows)
    return found


@pytest.fixture
def signatures(session) -> dict[str, dict[str, tuple]]:
    coop, me = _world(session)
    periods = {
        "whole": (FIRST, LAST),
        "without first day": (FIRST + dt.timedelta(days=1), LAST),
        "without last day": (FIRST, LAST - dt.timedelta(days=1)),
        "day after": (LAST + dt.timedelta(days=1), LAST + dt.timedelta(days=30)),
    }
    return {name: _signature(session, me, coop, *p) for name, p in periods.items()}


@pytest.mark.parametrize("group", GROUPS)
def test_the_first_and_the_last_day_count(signatures, group) -> None:
    whole = signatures["whole"][group]
    assert signatures["without first day"][group] != whole, "the first day is not counted"
    assert signatures["without last day"][group] != whole, "the last day is not counted"


def test_nothing_of_the_last_day_counts_the_day_after(signatures) -> None:
    after = signatures["day after"]
    reach, _ = after["reach"]
    assert [value for _, value in reach] in ([0, 0, 0, 0], [0, 0.0, 0, 0])
    cases, _ = after["cases"]
    assert cases[0][1] == 0  # new cases
