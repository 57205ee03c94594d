"""Wirkung (ratings over the course of a case) against hand-computed values, on SQLite and
PostgreSQL.

Period P = 1.–31.10.2026; cooperative A, all cases closed in P:
  c1 früh  opened 01.09.: 02.09. E2 S2 W2, 20.10. E4 S3 W3 -> lonely +2, self +1, secured
  c2 früh  opened 01.09.: 05.09. E3 S3 W3, 25.10. E3 S3 W3 -> unchanged, secured
  c3 akut  opened 01.09.: 10.09. E3 S2 W2, 28.10. E2 S2 W1 -> worse, not secured
  c4 akut  opened 01.09.: 03.09. E2 S2 W2 only             -> one rating: not counted
  c5 krise opened 01.08.: 15.09. E1 S1 W1, 30.10. E3 S2 W3 -> first rating after 45 days:
                                                              not counted
  c6 früh  opened 01.09., no rating
=> closed 6, rated 3 (c1–c3), coverage 3/6; lonely better 1 (c1), self better 1 (c1),
   secured 2 (c1, c2); mean lonely change (2 + 0 - 1) / 3 = 1/3, self (1 + 0 + 0) / 3;
   by urgency: früh rated 2, lonely 1 -> 1/2; akut rated 1, lonely 0; Krise rated 0.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import Case
from services import ratings as rt
from services.dashboard import dashboard
from services.errors import Invalid
from services.indicators import Scope
from services.indicators.groups.effect import effect
from tests import factories as f

pytestmark = pytest.mark.usefixtures("without_noise")
D = dt.date
P = Scope(D(2026, 10, 1), D(2026, 10, 31))


def _rate(session, actor, case, day, e, s, w, stage="verlauf"):
    tool = rt.instruments(session)[0]
    ids = {i.key: i.id for i in tool.items}
    values = {ids["einsamkeit"]: e, ids["selbsthilfe"]: s, ids["wohnen"]: w}
    data = rt.RatingData(tool.id, day, "gemeinsam", values, stage)
    return rt.add_rating(session, actor, case.id, data, today=D(2026, 12, 1))


def _world(session):
    coop = f.cooperative(session, name="A-Genossenschaft")
    me = f.actor(f.user(session, "kuemmerer", coop))
    courses = [
        ("frueh", D(2026, 9, 1), [(D(2026, 9, 2), 2, 2, 2), (D(2026, 10, 20), 4, 3, 3)]),
        ("frueh", D(2026, 9, 1), [(D(2026, 9, 5), 3, 3, 3), (D(2026, 10, 25), 3, 3, 3)]),
        ("akut", D(2026, 9, 1), [(D(2026, 9, 10), 3, 2, 2), (D(2026, 10, 28), 2, 2, 1)]),
        ("akut", D(2026, 9, 1), [(D(2026, 9, 3), 2, 2, 2)]),
        ("krise", D(2026, 8, 1), [(D(2026, 9, 15), 1, 1, 1), (D(2026, 10, 30), 3, 2, 3)]),
        ("frueh", D(2026, 9, 1), []),
    ]
    for urgency, opened, rated in courses:
        case = f.case(session, coop, opened, urgency, "abgeschlossen", D(2026, 10, 31))
        for day, e, s, w in rated:
            _rate(session, me, case, day, e, s, w)
    session.flush()
    return coop, me


def test_effect_of_the_own_cooperative(session) -> None:
    coop, me = _world(session)
    own = Scope(P.date_from, P.date_to, (coop.id,))
    board = dashboard(session, me, own)
    t = board.totals
    assert (t["effect.closed"], t["effect.rated"]) == (6, 3)
    assert t["effect.coverage"] == pytest.approx(0.5)
    assert t["effect.lonely_share"] == pytest.approx(1 / 3)
    assert t["effect.self_share"] == pytest.approx(1 / 3)
    assert t["effect.secured_share"] == pytest.approx(2 / 3)
    part = effect(session, me, own)
    assert part.lonely_change == pytest.approx(1 / 3) and part.self_change == pytest.approx(1 / 3)
    assert part.by_urgency["früh/präventiv"]["rated"] == 2
    assert part.by_urgency["früh/präventiv"]["lonely_share"] == pytest.approx(0.5)
    assert part.by_urgency["akut"]["rated"] == 1 and part.by_urgency["Krise"]["rated"] == 0


def test_effect_outside_the_own_cooperative_is_protected(session) -> None:
    _world(session)
    koordination = f.actor(f.user(session, "koordination"))
    board = dashboard(session, koordination, P)
    # 3 rated cases: a count under 5 is withheld, and with it every share on it
    assert board.totals["effect.rated"] is None
    assert board.totals["effect.lonely_share"] is None
    assert board.totals["effect.closed"] == 6
    part = effect(session, koordination, P)
    assert part.lonely_change is None  # a mean from fewer than 10 cases


def test_bad_ratings_are_refused_with_a_message(session) -> None:
    coop, me = _world(session)
    case = f.case(session, coop, D(2026, 10, 1), "akut", "abgeschlossen", D(2026, 10, 20))
    tool = rt.instruments(session)[0]
    ids = {i.key: i.id for i in tool.items}
    cases = [
        ({ids["einsamkeit"]: 6, ids["selbsthilfe"]: 2, ids["wohnen"]: 1}, D(2026, 10, 5),
         f"item_{ids['einsamkeit']}", "Die Stufe muss zwischen 1 und 5 liegen."),
        ({ids["einsamkeit"]: 2, ids["selbsthilfe"]: 2, ids["wohnen"]: 4}, D(2026, 10, 5),
         f"item_{ids['wohnen']}", "Die Stufe muss zwischen 1 und 3 liegen."),
        ({ids["einsamkeit"]: 2, ids["selbsthilfe"]: 2, ids["wohnen"]: 1}, D(2026, 9, 30),
         "rated_on", "Der Fall wurde erst am 01.10.2026 eröffnet."),
        ({ids["einsamkeit"]: 2, ids["selbsthilfe"]: 2, ids["wohnen"]: 1}, D(2026, 10, 21),
         "rated_on", "Der Fall wurde am 20.10.2026 abgeschlossen."),
    ]  # fmt: skip
    for values, day, field, message in cases:
        with pytest.raises(Invalid) as error:
            rt.add_rating(session, me, case.id, rt.RatingData(tool.id, day, "gemeinsam", values))
        assert error.value.fields[field] == message
    # another cooperative's case does not exist for this Kümmerer
    other = f.kuemmerer(session, city="Aue")
    from services.errors import NotFound

    with pytest.raises(NotFound):
        rt.case_ratings(session, other, case.id)


def test_an_instrument_needs_items_with_two_points(session) -> None:
    admin = f.actor(f.user(session, "admin"))
    for text, message in (
        ("", "Bitte mindestens eine Frage eintragen (eine je Zeile)."),
        ("Fühlen Sie sich wohl?: ja", "Zeile 1: Bitte „Frage: Stufe 1 / Stufe 2 / …“ mit "
                                      "mindestens zwei Stufen schreiben."),
    ):  # fmt: skip
        with pytest.raises(Invalid) as error:
            rt.add_instrument(session, admin, rt.InstrumentData("Wohlbefinden", text))
        assert error.value.fields["items"] == message
    new = rt.add_instrument(
        session,
        admin,
        rt.InstrumentData("Wohlbefinden", "Fühlen Sie sich wohl?: nie / oft / immer"),
    )
    tool = next(i for i in rt.instruments(session) if i.id == new)
    assert tool.items[0].points == ("nie", "oft", "immer")


def test_ratings_are_in_the_access_export_and_stay_as_numbers_after_erasure(session) -> None:
    from services import privacy

    coop, me = _world(session)
    own = Scope(P.date_from, P.date_to, (coop.id,))
    before = dashboard(session, me, own).totals
    case = session.scalars(select(Case).order_by(Case.id)).first()
    export = privacy.access_export(session, me, case.person_id, D(2026, 12, 1))
    rated = export.cases[0]["einschaetzungen"]
    assert [r["datum"] for r in rated] == ["2026-09-02", "2026-10-20"]
    assert rated[0]["antworten"].startswith("Einsamkeit / soziale Kontakte: 2 (Oft allein)")
    privacy.erase_person(session, me, case.person_id)
    session.flush()
    assert len(rt.case_ratings(session, me, case.id)) == 2  # the numbers stay
    assert dashboard(session, me, own).totals == before  # and so does every figure
