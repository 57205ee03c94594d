"""Indicators 1–4 against values computed by hand, on SQLite and PostgreSQL.

Period P = 1.–31.10.2026. Three cooperatives (names sort A, B, C):

A (1,000 housing units):
  a1 opened 20.09. (before P), akut, Tür-und-Angel, open     -> open at end; contact 05.10.
  a2 opened 03.10., früh, aufsuchend*, closed 20.10.          -> contacts 03.10., 10.10.
  a3 opened 15.10., Krise, Hinweis Nachbarschaft*, open, same person as a2 -> contact 15.10.
  a4 opened 02.11. (after P), früh                             -> contact 02.11. (outside)
  quick contacts 01.10., 30.10. (in P), 30.09. (outside)
  => persons 2 (a1's, a2/a3's), contacts 4, quick 2, per 100 units 2/1000*100 = 0.2;
     new cases 2 (a2, a3), early 1, crisis 1, outreach 2 (* = outreach route);
     shares 1/2, 1/2, 2/2; open at end: a1, a3 = 2 (a2 closed 20.10., a4 not yet opened).
B (600 units): 6 cases opened in P, all früh and aufsuchend, each its own person with one
  contact in P => persons 6, contacts 6, quick 0, new 6, early 6, crisis 0, outreach 6, open 6;
  per 100 units 6/600*100 = 1.0.
C: 1 case opened in P, akut, Sprechstunde, one contact => everything 1 or 0.
"""

from __future__ import annotations

import datetime as dt

import pytest

from db.models import CatalogueEntry, Referral
from services import indicators as ind
from services.catalogues import entry_ids
from tests import factories as f

pytestmark = pytest.mark.usefixtures("without_noise")

P = ind.Scope(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
D = dt.date


def _world(session):
    a = f.cooperative(session, city="Chemnitz", name="A-Genossenschaft", housing_units=1000)
    b = f.cooperative(session, city="Zwickau", name="B-Genossenschaft", housing_units=600)
    c = f.cooperative(session, city="Aue", name="C-Genossenschaft", housing_units=500)
    routes = entry_ids(session, "access_route")

    def new(coop, opened, urgency, route, closed=None, contacts=(), person_of=None):
        status = "abgeschlossen" if closed else "offen"
        case = f.case(session, coop, opened, urgency=urgency, status=status, closed_on=closed)
        case.access_route_id = routes[route]
        if person_of is not None:
            case.person_id = person_of.person_id
        for day in contacts:
            f.contact(session, coop, day, case)
        return case

    new(a, D(2026, 9, 20), "akut", "tuer_und_angel", contacts=[D(2026, 10, 5)])
    a2 = new(
        a, D(2026, 10, 3), "frueh", "aufsuchend", D(2026, 10, 20), [D(2026, 10, 3), D(2026, 10, 10)]
    )
    new(
        a,
        D(2026, 10, 15),
        "krise",
        "hinweis_nachbarschaft",
        contacts=[D(2026, 10, 15)],
        person_of=a2,
    )
    new(a, D(2026, 11, 2), "frueh", "aufsuchend", contacts=[D(2026, 11, 2)])
    for day in (D(2026, 10, 1), D(2026, 10, 30), D(2026, 9, 30)):
        f.contact(session, a, day)
    for i in range(6):
        new(b, D(2026, 10, 2 + i), "frueh", "aufsuchend", contacts=[D(2026, 10, 2 + i)])
    new(c, D(2026, 10, 9), "akut", "sprechstunde", contacts=[D(2026, 10, 9)])
    session.flush()
    return a, b, c


def _by_name(rows):
    return {r.cooperative[0]: r.values for r in rows}


def test_own_cooperative_exact_others_suppressed(session) -> None:
    a, _, _ = _world(session)
    me = f.actor(f.user(session, "kuemmerer", a))
    reach = _by_name(ind.reach(session, me, P))
    assert {k: reach["A"][k] for k in ("persons", "contacts", "quick_contacts")} == {
        "persons": 2,
        "contacts": 4,
        "quick_contacts": 2,
    }
    assert reach["A"]["per_100_units"] == pytest.approx(0.2)
    # others [B 6, C 1]: C withheld, B published (no secondary suppression: every cell
    # deviates on its own, so a total cannot reveal C); quick [0, 0] shown
    assert (reach["B"]["persons"], reach["C"]["persons"]) == (6, None)
    assert reach["B"]["quick_contacts"] == 0
    assert reach["B"]["per_100_units"] == pytest.approx(1.0)

    cases = _by_name(ind.new_cases(session, me, P))
    own = cases["A"]
    assert [own[k] for k in ("new_cases", "early", "crisis", "outreach", "open_at_end")] == [
        2,
        1,
        1,
        2,
        2,
    ]
    assert (own["early_share"], own["crisis_share"], own["outreach_share"]) == (0.5, 0.5, 1.0)
    # others: new [6, 1]: C withheld; the shares from B's published counts
    b, c = cases["B"], cases["C"]
    assert (b["new_cases"], b["early"], b["crisis"], b["open_at_end"]) == (6, 6, 0, 6)
    assert (b["early_share"], b["crisis_share"], b["outreach_share"]) == (1.0, 0.0, 1.0)
    assert (c["new_cases"], c["early_share"]) == (None, None)


def test_koordination_sees_all_cooperatives_suppressed(session) -> None:
    _world(session)
    koordination = f.actor(f.user(session, "koordination"))
    reach = _by_name(ind.reach(session, koordination, P))
    # persons [A 2, B 6, C 1]: A and C hidden (two hidden: no secondary), B shown
    assert [reach[x]["persons"] for x in "ABC"] == [None, 6, None]
    assert reach["B"]["per_100_units"] == pytest.approx(1.0)
    # quick [2, 0, 0]: A hidden; nothing non-zero left to hide secondarily
    assert [reach[x]["quick_contacts"] for x in "ABC"] == [None, 0, 0]
    cases = _by_name(ind.new_cases(session, koordination, P))
    assert [cases[x]["new_cases"] for x in "ABC"] == [None, 6, None]
    # early [1, 6, 0]: A withheld, B published (no secondary suppression)
    assert [cases[x]["early"] for x in "ABC"] == [None, 6, 0]
    assert [cases[x]["crisis"] for x in "ABC"] == [None, 0, 0]
    assert cases["B"]["crisis_share"] == 0.0 and cases["B"]["early_share"] == 1.0
    assert cases["C"]["crisis_share"] is None  # its denominator (1) is hidden


def test_city_and_cooperative_filters_select_the_same_rows(session) -> None:
    """The scope reaches every query through the facts' own cooperative column: Zwickau
    (only B) and "cooperative B" give B's unfiltered figures, and quiet cooperatives get
    zeros rather than disappearing."""
    _, b, _ = _world(session)
    koordination = f.actor(f.user(session, "koordination"))
    everyone = {g: _by_name(fn(session, P)) for g, (fn, _) in ind.row_groups().items()}
    by_city = ind.Scope(P.date_from, P.date_to, city="Zwickau")
    by_id = ind.Scope(P.date_from, P.date_to, (b.id,))
    for scope in (by_city, by_id):
        for group, (fn, _) in ind.row_groups().items():
            assert _by_name(fn(session, scope)) == {"B": everyone[group]["B"]}, group
        assert sum(v["new_cases"] for v in ind.trend(session, koordination, scope).values()) == 6
    nowhere = ind.Scope(P.date_from, P.date_to, city="Leipzig")
    assert ind.reach(session, koordination, nowhere) == []
    later = ind.Scope(D(2027, 1, 1), D(2027, 1, 31))
    reach = _by_name(ind.reach(session, koordination, later))
    assert [reach[x]["persons"] for x in "ABC"] == [0, 0, 0]


def test_access_routes(session) -> None:
    a, _, _ = _world(session)
    me = f.actor(f.user(session, "kuemmerer", a))
    own = ind.access_routes(session, me, ind.Scope(P.date_from, P.date_to, (a.id,)))
    assert own == {
        "Aufsuchend (Kümmerer ging auf die Person zu)": 1,
        "Hinweis aus der Nachbarschaft": 1,
    }
    everyone = ind.access_routes(session, f.actor(f.user(session, "koordination")), P)
    # aufsuchend 1 + 6 = 7; Nachbarschaft 1 and Sprechstunde 1 hidden
    assert list(everyone.values()) == [7, None, None]
    assert len(ind.registry()) == 14 and all(i.definition.summary for i in ind.registry().values())


def _closing_world(session):
    """Period P = October 2026. Own cooperative A:
    c1 closed 10.10., "Soziale Teilhabe gestärkt", no referral      -> self-help
    c2 closed 12.10., "Kontakt abgebrochen", no referral            -> neither
    c3 closed 20.10., "Pflege organisiert", referral erledigt 05.10. -> referred; success
    c4 closed 05.11. (outside P), referral angefragt 10.10.          -> referral not final
    c5 open, opened 01.10. with Vereinsamung + Mietschulden, referral abgelehnt 15.10.
    => closed 3, referred 1 (1/3), self-help 1 (1/3); referrals final 2, successful 1 (1/2);
       outcomes: Pflege 1, Teilhabe 1, Kontakt abgebrochen 1; problem areas of new cases:
       Vereinsamung 1, Mietschulden 1.
    Other cooperative B: 6 cases closed in P, each "Soziale Teilhabe gestärkt", no referral.
    """
    a = f.cooperative(session, city="Chemnitz", name="A-Genossenschaft")
    b = f.cooperative(session, city="Zwickau", name="B-Genossenschaft")
    partner = f.partner(session)
    outcome, area = entry_ids(session, "outcome"), entry_ids(session, "problem_area")

    september = D(2026, 9, 1)

    def closed(coop, day, result, referral=None, opened=september):
        status = "abgeschlossen" if day else "offen"
        case = f.case(session, coop, opened, status=status, closed_on=day)
        if result:
            case.outcomes = [session.get(CatalogueEntry, outcome[result])]
        if referral:
            session.add(
                Referral(
                    case_id=case.id,
                    partner_id=partner.id,
                    referred_on=referral[0],
                    status=referral[1],
                    status_on=referral[0],
                )
            )
        return case

    closed(a, D(2026, 10, 10), "teilhabe_gestaerkt")
    closed(a, D(2026, 10, 12), "kontakt_abgebrochen")
    closed(a, D(2026, 10, 20), "pflege_organisiert", (D(2026, 10, 5), "erledigt"))
    closed(a, D(2026, 11, 5), "umzug", (D(2026, 10, 10), "angefragt"))
    open_case = closed(a, None, None, (D(2026, 10, 15), "abgelehnt"), opened=D(2026, 10, 1))
    open_case.problem_areas = [
        session.get(CatalogueEntry, area["vereinsamung"]),
        session.get(CatalogueEntry, area["mietschulden"]),
    ]
    for day in range(6):
        closed(b, D(2026, 10, 1 + day), "teilhabe_gestaerkt")
    session.flush()
    return a, b


def test_closing_indicators_match_hand_computed_values(session) -> None:
    a, b = _closing_world(session)
    me = f.actor(f.user(session, "kuemmerer", a))
    own_scope = ind.Scope(P.date_from, P.date_to, (a.id,))
    [own] = ind.closed_cases(session, me, own_scope)
    assert [own.values[k] for k in ("closed", "referred", "self_help")] == [3, 1, 1]
    assert own.values["referral_rate"] == pytest.approx(1 / 3)
    assert own.values["self_help_rate"] == pytest.approx(1 / 3)
    [success] = ind.referral_success(session, me, own_scope)
    assert (success.values["final"], success.values["successful"]) == (2, 1)
    assert success.values["success_rate"] == 0.5
    assert ind.outcomes(session, me, own_scope) == {
        "Pflege oder Unterstützung organisiert": 1,
        "Soziale Teilhabe gestärkt": 1,
        "Kontakt abgebrochen": 1,
    }
    assert ind.problem_areas(session, me, own_scope) == {
        "Vereinsamung": 1,
        "Mietschulden / finanzielle Not": 1,
    }
    # Koordination: closed [A 3, B 6] -> A withheld, B published with its rates
    koordination = f.actor(f.user(session, "koordination"))
    rows = _by_name(ind.closed_cases(session, koordination, P))
    assert (rows["A"]["closed"], rows["A"]["self_help_rate"], rows["B"]["closed"]) == (
        None,
        None,
        6,
    )
    # all cooperatives: Teilhabe 1 + 6 = 7 shown; the single ones hidden
    assert ind.outcomes(session, koordination, P) == {
        "Pflege oder Unterstützung organisiert": None,
        "Soziale Teilhabe gestärkt": 7,
        "Kontakt abgebrochen": None,
    }
