"""The assembled dashboard: periods, key figures against the previous period, comparison."""

from __future__ import annotations

import datetime as dt

import pytest

from services import dashboard as dash
from services import indicators as ind
from tests import factories as f
from tests.unit.test_indicators import _world

pytestmark = pytest.mark.usefixtures("without_noise")

D = dt.date
P = ind.Scope(D(2026, 10, 1), D(2026, 10, 31))


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("Dieser Monat", (D(2026, 11, 1), D(2026, 11, 25))),
        ("Dieses Quartal", (D(2026, 10, 1), D(2026, 11, 25))),
        ("Dieses Jahr", (D(2026, 1, 1), D(2026, 11, 25))),
        ("Letzte 12 Monate", (D(2025, 12, 1), D(2026, 11, 25))),
    ],
)
def test_presets_end_today(preset, expected) -> None:
    assert dash.preset_period(preset, D(2026, 11, 25)) == expected


def test_last_twelve_months_across_the_new_year() -> None:
    assert dash.preset_period("Letzte 12 Monate", D(2027, 1, 3)) == (D(2026, 2, 1), D(2027, 1, 3))


@pytest.mark.parametrize(
    ("period", "named", "expected"),
    [
        # whole months: the same number of whole months before
        ((D(2026, 10, 1), D(2026, 10, 31)), False, (D(2026, 9, 1), D(2026, 9, 30))),
        ((D(2026, 1, 1), D(2026, 3, 31)), False, (D(2025, 10, 1), D(2025, 12, 31))),
        # presets running up to today: the same stretch of the month, quarter or year before
        ((D(2026, 11, 1), D(2026, 11, 25)), True, (D(2026, 10, 1), D(2026, 10, 25))),
        ((D(2026, 10, 1), D(2026, 11, 25)), True, (D(2026, 7, 1), D(2026, 8, 25))),
        ((D(2026, 1, 1), D(2026, 11, 25)), True, (D(2025, 1, 1), D(2025, 11, 25))),
        ((D(2025, 12, 1), D(2026, 11, 25)), True, (D(2024, 12, 1), D(2025, 11, 25))),
        # from a month's first day across months, not a quarter: as many months back
        ((D(2026, 9, 1), D(2026, 11, 25)), True, (D(2026, 6, 1), D(2026, 8, 25))),
        ((D(2026, 3, 1), D(2026, 3, 30)), True, (D(2026, 2, 1), D(2026, 2, 28))),  # clamped
        # any period chosen by hand: the same number of days just before
        ((D(2026, 10, 5), D(2026, 10, 14)), False, (D(2026, 9, 25), D(2026, 10, 4))),
        ((D(2026, 10, 1), D(2026, 11, 15)), False, (D(2026, 8, 16), D(2026, 9, 30))),
    ],
)
def test_previous_period(period, named, expected) -> None:
    scope = ind.Scope(*period, (3,), "Zwickau", named)
    assert dash.previous(scope) == ind.Scope(*expected, (3,), "Zwickau", named)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ((D(2026, 1, 1), D(2026, 12, 31)), "Vorjahr"),
        ((D(2026, 1, 1), D(2026, 11, 25)), "Vorjahr"),
        ((D(2025, 12, 1), D(2026, 11, 25)), "Vorjahr"),
        ((D(2026, 10, 1), D(2026, 11, 25)), "Vorzeitraum"),
        ((D(2026, 10, 5), D(2026, 10, 14)), "Vorzeitraum"),
    ],
)
def test_the_comparison_is_named(period, expected) -> None:
    assert dash.compared_with(ind.Scope(*period, named=True)) == expected


def _figures(session, actor, scope):
    return {k.key: (k.value, k.previous) for k in dash.key_figures(session, actor, scope)}


def test_key_figures_hand_computed(session) -> None:
    """The world of test_indicators (October 2026); previous period September
    Own cooperative A alone: persons 2, new 2, early 1/2; before: a1 opened 20.09. (akut),
    only a quick contact in September -> persons 0, new 1, early 0/1.
    A's Kümmerer over all cooperatives: persons 2 + 6 + 1 = 9 (others 7 >= 5: shown),
    new 9, early (1 + 6 + 0) / 9. No referrals: success not shown."""
    a, _, c = _world(session)
    me = f.actor(f.user(session, "kuemmerer", a))
    own = _figures(session, me, ind.Scope(P.date_from, P.date_to, (a.id,)))
    assert own == {
        "persons": (2, 0),
        "new_cases": (2, 1),
        "early_share": (0.5, 0.0),
        "success_rate": (None, None),
    }
    everyone = _figures(session, me, P)
    assert everyone["persons"] == (9, 0)
    # before: only A's own case — but a total over other cooperatives is protected as a
    # whole, so its 1 is withheld like any small count
    assert everyone["new_cases"] == (9, None)
    assert everyone["early_share"][0] == pytest.approx(7 / 9)
    assert everyone["early_share"][1] is None  # one case behind it
    # Koordination looking at C alone: 1 person, 1 case -> hidden; C documents only since
    # October, so September is no comparison (its 0 would only be the start)
    koordination = f.actor(f.user(session, "koordination"))
    only_c = _figures(session, koordination, ind.Scope(P.date_from, P.date_to, (c.id,)))
    assert only_c["persons"] == (None, None) and only_c["new_cases"][0] is None
    assert not dash.dashboard(
        session, koordination, ind.Scope(P.date_from, P.date_to, (c.id,))
    ).comparable


def test_kuemmerer_total_hides_a_small_remainder(session) -> None:
    """A's Kümmerer over A and C: total new cases 3, own 2 -> C's 1 would follow: hidden."""
    a, _, c = _world(session)
    me = f.actor(f.user(session, "kuemmerer", a))
    figures = _figures(session, me, ind.Scope(P.date_from, P.date_to, (a.id, c.id)))
    assert figures["new_cases"][0] is None and figures["persons"][0] is None


def test_dashboard_assembles_and_compares(session) -> None:
    a, _, _ = _world(session)
    koordination = f.actor(f.user(session, "koordination"))
    board = dash.dashboard(session, koordination, P)
    assert not board.empty
    # totals over A, B, C: persons 2 + 6 + 1, open at the end 2 + 6 + 1
    assert (board.totals["reach.persons"], board.totals["cases.open_at_end"]) == (9, 9)
    assert [k.label for k in board.key_figures][:2] == ["Erreichte Personen", "Neue Fälle"]
    compared = {name[0]: value for _, name, value in dash.comparison(board, "new_cases")}
    assert compared == {"A": None, "B": 6, "C": None}
    early = {name[0]: value for _, name, value in dash.comparison(board, "early_share")}
    assert early["B"] == 1.0  # B's 6 early of 6 new cases (no secondary suppression)
    quiet = dash.dashboard(session, koordination, ind.Scope(D(2020, 1, 1), D(2020, 1, 31)))
    assert quiet.empty
