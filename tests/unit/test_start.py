"""Start page figures: Kümmerer see their own cooperative only; Koordination only counts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from services.errors import NotAllowed
from services.start import kuemmerer_start, overview_start
from tests import factories as f

pytestmark = pytest.mark.usefixtures("without_noise")

TODAY = dt.date(2026, 11, 25)


def test_kuemmerer_sees_own_due_follow_ups_only(session) -> None:
    own, other = f.cooperative(session), f.cooperative(session)
    k = f.actor(f.user(session, "kuemmerer", own))
    mine = f.case(session, own, TODAY - dt.timedelta(days=60))
    theirs = f.case(session, other, TODAY - dt.timedelta(days=60))
    f.follow_up(session, mine, TODAY - dt.timedelta(days=2))
    f.follow_up(session, mine, TODAY + dt.timedelta(days=2))  # not yet due
    f.follow_up(session, mine, TODAY - dt.timedelta(days=9), done_on=TODAY)  # done
    f.follow_up(session, theirs, TODAY)
    f.contact(session, own, TODAY)  # quick contact today
    f.contact(session, own, TODAY - dt.timedelta(days=3), case=mine)
    f.contact(session, other, TODAY)

    data = kuemmerer_start(session, k, TODAY)
    assert [d.case_id for d in data.due] == [mine.id]
    assert data.open_cases == 1
    assert data.quick_contacts_today == 1
    assert data.cases_without_recent_contact == 0


def test_case_without_recent_contact_is_counted(session) -> None:
    coop = f.cooperative(session)
    k = f.actor(f.user(session, "kuemmerer", coop))
    c = f.case(session, coop, TODAY - dt.timedelta(days=90))
    f.contact(session, coop, TODAY - dt.timedelta(days=45), case=c)
    assert kuemmerer_start(session, k, TODAY).cases_without_recent_contact == 1


def test_koordination_gets_suppressed_counts_and_no_personal_field(session) -> None:
    for city, n in (("Olbernhau", 2), ("Werdau", 7), ("Dresden", 12)):
        coop = f.cooperative(session, city)
        for _ in range(n):
            f.case(session, coop, TODAY - dt.timedelta(days=3))
    coordinator = f.actor(f.user(session, "koordination"))
    data = overview_start(session, coordinator, TODAY)
    rows = {r.city: r for r in data.rows}
    assert rows["Olbernhau"].open_cases is None  # 2 is below the threshold of 5
    # Werdau is published (no secondary suppression: every cell deviates on its own)
    assert rows["Werdau"].open_cases == 7
    assert rows["Dresden"].open_cases == 12
    fields = {field.name for field in dataclasses.fields(rows["Dresden"])}
    assert fields == {"cooperative", "city", "open_cases", "new_cases_30d", "contacts_30d"}


def test_roles_without_access_are_refused(session) -> None:
    coordinator = f.actor(f.user(session, "koordination"))
    admin = f.actor(f.user(session, "admin"))
    with pytest.raises(NotAllowed):
        kuemmerer_start(session, coordinator, TODAY)
    with pytest.raises(NotAllowed):
        overview_start(session, admin, TODAY)


def test_every_counter_equals_its_list_or_says_how_many_more(session) -> None:
    """Issue 25: "Ohne Kontakt seit über 30 Tagen: 21" listed 20. A list shows at most SHOWN;
    the count is all of them, so the page can say "… und 1 weitere"."""
    from services.start import SHOWN

    coop = f.cooperative(session)
    k = f.actor(f.user(session, "kuemmerer", coop))
    for _ in range(SHOWN + 1):
        stale = f.case(session, coop, TODAY - dt.timedelta(days=90))
        f.follow_up(session, stale, TODAY - dt.timedelta(days=1))
    data = kuemmerer_start(session, k, TODAY)
    assert (len(data.stale), data.cases_without_recent_contact) == (SHOWN, SHOWN + 1)
    assert (len(data.due), data.due_count) == (SHOWN, SHOWN + 1)


def test_the_due_list_names_the_person_beside_the_code(session) -> None:
    coop = f.cooperative(session)
    k = f.actor(f.user(session, "kuemmerer", coop))
    case = f.case(session, coop, TODAY - dt.timedelta(days=90), first_name="Gisela")
    follow_up = f.follow_up(session, case, TODAY)
    data = kuemmerer_start(session, k, TODAY)
    assert [(d.follow_up_id, d.name) for d in data.due] == [(follow_up.id, "Gisela")]
    assert [s.name for s in data.stale] == ["Gisela"]
