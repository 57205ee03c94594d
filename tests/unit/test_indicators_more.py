"""Indicators 9–12 and the trends against values computed by hand, on SQLite and PostgreSQL.

Period P = 1.–31.10.2026 unless said otherwise. The arithmetic is written beside each world.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from db.models import (
    Activity,
    CatalogueEntry,
    Contact,
    Meeting,
    MeetingMethod,
    Partner,
    PartnerCity,
    Referral,
    Volunteer,
    VolunteerAssignment,
)
from services import indicators as ind
from services.catalogues import entry_ids
from tests import factories as f
from tests.unit.test_indicators import _world

pytestmark = pytest.mark.usefixtures("without_noise")

P = ind.Scope(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
D = dt.date


def _own(coop) -> ind.Scope:
    return ind.Scope(P.date_from, P.date_to, (coop.id,))


def _by_name(rows):
    return {r.cooperative[0]: r.values for r in rows}


# --- 9 time ----------------------------------------------------------------------------------
def _contact(session, coop, day, minutes, kind, case=None):
    kinds = entry_ids(session, "contact_kind")
    session.add(
        Contact(
            case_id=case.id if case else None,
            cooperative_id=coop.id,
            contact_date=day,
            minutes=minutes,
            kind_id=kinds[kind],
        )
    )


def test_contact_hours_per_kind(session) -> None:
    """A: Telefon 3 × 10 min (two with a case, one quick) = 0.5 h; Hausbesuch 1 × 90 min =
    1.5 h; a Hausbesuch on 30.09. is outside P. B: Telefon 6 × 20 min = 2 h, Sprechstunde
    5 × 12 min = 1 h.
    Koordination: Telefon 3 + 6 = 9 contacts, (30 + 120) / 60 = 2.5 h; Hausbesuch 1 hidden;
    counts [9, 1, 5]: the 1 withheld, the others published (no secondary suppression)."""
    a = f.cooperative(session, name="A-Genossenschaft")
    b = f.cooperative(session, name="B-Genossenschaft")
    case = f.case(session, a, D(2026, 9, 1))
    for with_case in (True, True, False):
        _contact(session, a, D(2026, 10, 2), 10, "telefon", case if with_case else None)
    _contact(session, a, D(2026, 10, 3), 90, "hausbesuch", case)
    _contact(session, a, D(2026, 9, 30), 60, "hausbesuch", case)
    for _ in range(6):
        _contact(session, b, D(2026, 10, 4), 20, "telefon")
    for _ in range(5):
        _contact(session, b, D(2026, 10, 5), 12, "sprechstunde")
    session.flush()
    labels = {
        e.key: e.label for e in session.query(CatalogueEntry).filter_by(catalogue="contact_kind")
    }
    tel, home, office = labels["telefon"], labels["hausbesuch"], labels["sprechstunde"]

    me = f.actor(f.user(session, "kuemmerer", a))
    own = ind.contact_hours(session, me, _own(a))
    assert own == {tel: {"contacts": 3, "hours": 0.5}, home: {"contacts": 1, "hours": 1.5}}

    everyone = ind.contact_hours(session, f.actor(f.user(session, "koordination")), P)
    assert everyone[tel] == {"contacts": 9, "hours": 2.5}
    assert everyone[home] == {"contacts": None, "hours": None}
    assert everyone[office] == {"contacts": 5, "hours": 1.0}  # no secondary suppression


def _duration_world(session):
    """A (own):
      d1 opened 01.09., referrals 11.09. and 05.10. -> first referral before P: not counted
      d2 opened 01.10., referrals 04.10. and 20.10. -> 3 days
      d3 opened 20.09., referral 30.10.             -> 40 days
      d4 opened 01.10., referral 08.10.             -> 7 days
      => days to first referral [3, 7, 40]: median 7 (3 cases)
      closed in P: opened 01.09./closed 11.10. = 40, 01.10./11.10. = 10, 01.08./30.10. = 90,
      01.10./05.10. = 4 => [4, 10, 40, 90]: median (10 + 40) / 2 = 25 (4 cases)
    B: six cases opened 01.10., closed after 2, 4, …, 12 days => median (6 + 8) / 2 = 7.
    All: [2, 4, 4, 6, 8, 10, 10, 12, 40, 90] => median (8 + 10) / 2 = 9 (10 cases).
    Referrals in P by partner kind (A): Pflegedienst: d1 05.10. angefragt, d2 04.10. erledigt,
    d3 30.10. angenommen => 3, final 2, successful 2 (100 %); Schuldnerberatung: d2 20.10.
    abgelehnt, d4 08.10. angefragt => 2, final 1, successful 0 (0 %)."""
    a = f.cooperative(session, name="A-Genossenschaft")
    b = f.cooperative(session, name="B-Genossenschaft")
    care = f.partner(session)
    debt = f.partner(session, "Schuldnerberatung Chemnitz")
    debt.kind_id = entry_ids(session, "partner_kind")["schuldnerberatung"]

    def refer(case, day, partner, status):
        session.add(
            Referral(
                case_id=case.id,
                partner_id=partner.id,
                referred_on=day,
                status=status,
                status_on=day,
            )
        )

    d1 = f.case(session, a, D(2026, 9, 1))
    refer(d1, D(2026, 9, 11), care, "erledigt")
    refer(d1, D(2026, 10, 5), care, "angefragt")
    d2 = f.case(session, a, D(2026, 10, 1))
    refer(d2, D(2026, 10, 4), care, "erledigt")
    refer(d2, D(2026, 10, 20), debt, "abgelehnt")
    refer(f.case(session, a, D(2026, 9, 20)), D(2026, 10, 30), care, "angenommen")
    refer(f.case(session, a, D(2026, 10, 1)), D(2026, 10, 8), debt, "angefragt")
    for opened, closed in [
        ((9, 1), (10, 11)),
        ((10, 1), (10, 11)),
        ((8, 1), (10, 30)),
        ((10, 1), (10, 5)),
    ]:
        f.case(session, a, D(2026, *opened), status="abgeschlossen", closed_on=D(2026, *closed))
    for k in range(1, 7):
        f.case(
            session,
            b,
            D(2026, 10, 1),
            status="abgeschlossen",
            closed_on=D(2026, 10, 1) + dt.timedelta(days=2 * k),
        )
    session.flush()
    return a, b


def test_median_days_to_referral_and_case_duration(session) -> None:
    a, b = _duration_world(session)
    me = f.actor(f.user(session, "kuemmerer", a))
    rows = _by_name(ind.durations(session, me, P))
    assert (rows["A"]["referred_cases"], rows["A"]["days_to_referral"]) == (3, 7)
    assert (rows["A"]["closed"], rows["A"]["case_days"]) == (4, 25)
    # B's six closed cases are too few to show B's median to A (MEDIAN_MIN is 10)
    assert (rows["B"]["closed"], rows["B"]["case_days"]) == (6, None)
    assert ind.pooled_medians(session, me, _own(a)) == {
        "days_to_referral": 7,
        "case_days": 25,
        "days_to_appointment": None,
    }

    koordination = f.actor(f.user(session, "koordination"))
    rows = _by_name(ind.durations(session, koordination, P))
    # closed [4, 6]: A withheld, B published; neither median has ten cases behind it
    assert [rows[x]["closed"] for x in "AB"] == [None, 6]
    assert [rows[x]["case_days"] for x in "AB"] == [None, None]
    # pooled over everyone: 10 cases -> median 9; only 3 cases behind the referral median
    assert ind.pooled_medians(session, koordination, P) == {
        "days_to_referral": None,
        "case_days": 9,
        "days_to_appointment": None,
    }


def test_referrals_by_partner_kind(session) -> None:
    a, _ = _duration_world(session)
    me = f.actor(f.user(session, "kuemmerer", a))
    own = ind.referrals_by_partner_kind(session, me, _own(a))
    assert own == {
        "Pflegedienst": {"referrals": 3, "final": 2, "successful": 2, "success_rate": 1.0},
        "Schuldnerberatung": {"referrals": 2, "final": 1, "successful": 0, "success_rate": 0.0},
    }
    everyone = ind.referrals_by_partner_kind(session, f.actor(f.user(session, "koordination")), P)
    assert everyone["Pflegedienst"] == {
        "referrals": None,
        "final": None,
        "successful": None,
        "success_rate": None,
    }


# --- 10 network ------------------------------------------------------------------------------
def test_network_figures(session) -> None:
    """p1 created 01.09.2026, verified 01.06.2026 (within the 12 months before 31.10.);
    p2 created 15.10. (in P), never verified, serves Zwickau; p3 created 10.11. (after P);
    p4 created 02.10. but inactive; p5 created 2024, verified 01.06.2025 (too long ago).
    => active at the end 3 (p1, p2, p5), created in P 2 (p2, p4), verified 1 of 3."""
    utc = dt.UTC
    specs = [
        ("p1", dt.datetime(2026, 9, 1, tzinfo=utc), D(2026, 6, 1), True, "Chemnitz"),
        ("p2", dt.datetime(2026, 10, 15, tzinfo=utc), None, True, "Zwickau"),
        ("p3", dt.datetime(2026, 11, 10, tzinfo=utc), None, True, "Chemnitz"),
        ("p4", dt.datetime(2026, 10, 2, tzinfo=utc), None, False, "Chemnitz"),
        ("p5", dt.datetime(2024, 3, 1, tzinfo=utc), D(2025, 6, 1), True, "Chemnitz"),
    ]
    kind = entry_ids(session, "partner_kind")["verein"]
    for name, created, verified, active, city in specs:
        session.add(
            Partner(
                name=name,
                kind_id=kind,
                created_at=created,
                last_verified_on=verified,
                active=active,
                cities=[PartnerCity(city=city)],
            )
        )
    session.flush()
    koordination = f.actor(f.user(session, "koordination"))
    figures = ind.network(session, koordination, P)
    assert (figures.active, figures.created, figures.verified) == (3, 2, 1)
    assert figures.verified_share == pytest.approx(1 / 3)
    zwickau = ind.network(session, koordination, ind.Scope(P.date_from, P.date_to, city="Zwickau"))
    assert (zwickau.active, zwickau.created, zwickau.verified_share) == (1, 1, 0.0)


# --- 11 neighbourhood work -------------------------------------------------------------------
def test_neighbourhood_work(session) -> None:
    """A: activities 05.10. (10 participants) and 20.10. (15), one on 30.09. (outside) => 2
    activities, 25 participants; volunteers v1 2.0 h + 1.5 h, v2 3.0 h in P, v3 only 30.09.
    => 2 volunteers, 6.5 h. B: no activities, six volunteers with 1 h each => 6, 6.0 h."""
    a = f.cooperative(session, name="A-Genossenschaft")
    b = f.cooperative(session, name="B-Genossenschaft")
    kind = next(iter(entry_ids(session, "activity_kind").values()))
    for day, people in ((D(2026, 10, 5), 10), (D(2026, 10, 20), 15), (D(2026, 9, 30), 40)):
        session.add(
            Activity(
                cooperative_id=a.id, held_on=day, title="Kaffee", kind_id=kind, participants=people
            )
        )

    def volunteer(coop, *assignments):
        v = Volunteer(cooperative_id=coop.id, first_name="Erika", last_name="Muster")
        session.add(v)
        session.flush()
        for day, hours in assignments:
            session.add(
                VolunteerAssignment(volunteer_id=v.id, assigned_on=day, hours=Decimal(hours))
            )

    volunteer(a, (D(2026, 10, 1), "2.0"), (D(2026, 10, 9), "1.5"))
    volunteer(a, (D(2026, 10, 31), "3.0"))
    volunteer(a, (D(2026, 9, 30), "4.0"))
    for _ in range(6):
        volunteer(b, (D(2026, 10, 10), "1.0"))
    session.flush()

    me = f.actor(f.user(session, "kuemmerer", a))
    rows = _by_name(ind.neighbourhood(session, me, P))
    assert rows["A"] == {
        "activities": 2,
        "participants": 25,
        "volunteers": 2,
        "volunteer_hours": 6.5,
    }
    assert (rows["B"]["volunteers"], rows["B"]["volunteer_hours"]) == (6, 6.0)
    rows = _by_name(ind.neighbourhood(session, f.actor(f.user(session, "koordination")), P))
    # volunteers [2, 6]: 2 withheld with their hours; activities and participants are
    # counts like any other (A's 2 activities withheld, their 25 participants published)
    assert [rows[x]["volunteers"] for x in "AB"] == [None, 6]
    assert [rows[x]["volunteer_hours"] for x in "AB"] == [None, 6.0]
    assert (rows["A"]["activities"], rows["A"]["participants"]) == (None, 25)


# --- 12 exchange meetings --------------------------------------------------------------------
def test_meetings(session) -> None:
    """m1 (12.10.): 3 attendees, methods Motivierende Gesprächsführung and Netzwerkkarte;
    m2 (28.10.): 1 attendee, Netzwerkkarte; m3 (30.09.) outside.
    => 2 meetings, (3 + 1) / 2 = 2 attendees each, Netzwerkkarte 2, Motivierende 1."""
    users = [f.user(session, "koordination") for _ in range(3)]
    for day, people, methods in (
        (D(2026, 10, 12), users, ["Motivierende Gesprächsführung", "Netzwerkkarte"]),
        (D(2026, 10, 28), users[:1], ["Netzwerkkarte"]),
        (D(2026, 9, 30), users, ["Fallbesprechung"]),
    ):
        session.add(
            Meeting(
                held_on=day, attendees=people, methods=[MeetingMethod(method=m) for m in methods]
            )
        )
    session.flush()
    figures = ind.meetings(session, f.actor(users[0]), P)
    assert (figures.meetings, figures.attendees_per_meeting) == (2, 2.0)
    assert figures.methods == {"Netzwerkkarte": 2, "Motivierende Gesprächsführung": 1}


# --- trends ----------------------------------------------------------------------------------
def test_trend_by_month_and_quarter(session) -> None:
    """The world of test_indicators, 1.9.–30.11.2026. Own cooperative A:
    Sep: quick 30.09.; a1 opened 20.09. (akut)          -> contacts 0, quick 1, new 1
    Oct: contacts 05., 03., 10., 15.; quick 01., 30.;
         a2 früh, a3 Krise                               -> contacts 4, quick 2, new 2, early 1,
                                                            crisis 1
    Nov: a4 opened 02.11. (früh) with its contact        -> contacts 1, new 1, early 1
    Quarters: Q3 = Sep; Q4: contacts 5, quick 2, new 3, early 2 (2/3), crisis 1.
    All cooperatives (B: 6 contacts, 6 new früh in Oct; C: 1 contact, 1 new akut in Oct):
    contacts [0, 11, 1] -> Nov hidden, Oct hidden secondarily; new [1, 9, 1] -> two hidden,
    Oct 9 shown; early [0, 7, 1] -> Nov hidden, Oct secondarily."""
    a, _, _ = _world(session)
    me = f.actor(f.user(session, "kuemmerer", a))
    autumn = ind.Scope(D(2026, 9, 1), D(2026, 11, 30), (a.id,))
    months = ind.trend(session, me, autumn)
    assert list(months) == ["2026-09", "2026-10", "2026-11"]
    columns = ("contacts", "quick_contacts", "new_cases", "early", "crisis")
    assert [[months[m][c] for c in columns] for m in months] == [
        [0, 1, 1, 0, 0],
        [4, 2, 2, 1, 1],
        [1, 0, 1, 1, 0],
    ]
    quarters = ind.trend(session, me, autumn, grain="quarter")
    assert [quarters["2026-Q4"][c] for c in columns] == [5, 2, 3, 2, 1]
    assert quarters["2026-Q4"]["early_share"] == pytest.approx(2 / 3)

    everyone = ind.trend(
        session, f.actor(f.user(session, "koordination")), ind.Scope(D(2026, 9, 1), D(2026, 11, 30))
    )
    assert [everyone[m]["contacts"] for m in everyone] == [0, 11, None]
    assert [everyone[m]["new_cases"] for m in everyone] == [None, 9, None]
    assert [everyone[m]["early"] for m in everyone] == [0, 7, None]
    assert everyone["2026-10"]["early_share"] == pytest.approx(7 / 9)
