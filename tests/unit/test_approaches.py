"""Approaches and goals against hand-computed values, on SQLite and PostgreSQL.

Period P = 1.–31.10.2026 (31 days). Cooperatives A (1,000 housing units) and B (600):
A's profile changes on 16.10.: until 15.10. "Ältere und Vereinsamung", one Sozialer
Kümmerer of the cooperative with 20 h (0.5 posts); from 16.10. "Nachbarschaft und
Miteinander", one Sozialarbeiterin of a social partner with 40 h (1.0). B: "Ältere und
Vereinsamung" all year, rural, 40 h of a welfare association. A opens 5 cases (one contact
each) in 1.–15.10., 6 in 16.–31.10.; B opens 7.

By focus area (Koordination, deviations off):
  Ältere: A's first 15 days + B = 5 + 7 = 12 new cases, 12 persons;
          posts (0.5·15 + 1.0·31) / 31 = 38.5/31 = 1.2419 -> 12 / 1.2419 = 9.662 per post;
          units (1000·15 + 600·31) / 31 = 1083.87 -> 12 / 1083.87 · 100 = 1.1071 per 100 units
  Nachbarschaft: A's last 16 days = 6 cases, posts 1.0·16/31 = 0.5161 -> 11.625 per post
By area: städtisch = A = 11 cases, posts (0.5·15 + 16)/31 = 0.7581 -> 14.511 per post;
         ländlich = B = 7 cases, 7 per post.
"""

from __future__ import annotations

import datetime as dt

import pytest

from services import approach_figures as af
from services import approaches as ap
from services import goal_status
from services import goals as gl
from services.catalogues import entry_ids
from services.errors import Invalid, NotAllowed
from services.indicators import Scope
from tests import factories as f

pytestmark = pytest.mark.usefixtures("without_noise")

D = dt.date
P = Scope(D(2026, 10, 1), D(2026, 10, 31))


def _profile(session, actor, coop, start, end, focus, title, employer, hours, area="staedtisch"):
    focus_ids = entry_ids(session, "focus_area")
    data = ap.ProfileData(
        valid_from=start,
        valid_to=end,
        area=area,
        posts=(ap.PostData(entry_ids(session, "job_title")[title], employer, hours),),
        focus_area_ids=(focus_ids[focus],),
    )
    return ap.save_profile(session, actor, coop.id, data)


def _world(session):
    a = f.cooperative(session, name="A-Genossenschaft", housing_units=1000)
    b = f.cooperative(session, name="B-Genossenschaft", housing_units=600, city="Aue")
    koordination = f.actor(f.user(session, "koordination"))
    _profile(
        session,
        koordination,
        a,
        D(2026, 1, 1),
        D(2026, 10, 15),
        "aeltere_vereinsamung",
        "sozialer_kuemmerer",
        "genossenschaft",
        20,
    )
    _profile(
        session,
        koordination,
        a,
        D(2026, 10, 16),
        None,
        "nachbarschaft",
        "sozialarbeit",
        "sozialer_partner",
        40,
    )
    _profile(session, koordination, b, D(2025, 1, 1), None, "aeltere_vereinsamung",
             "sozialer_kuemmerer", "wohlfahrtsverband", 40, area="laendlich")  # fmt: skip
    for day in (1, 3, 5, 9, 15):
        f.contact(session, a, D(2026, 10, day), f.case(session, a, D(2026, 10, day)))
    for day in (16, 18, 20, 25, 30, 31):
        f.contact(session, a, D(2026, 10, day), f.case(session, a, D(2026, 10, day), "akut"))
    for day in range(2, 9):
        f.contact(session, b, D(2026, 10, day), f.case(session, b, D(2026, 10, day)))
    session.flush()
    return a, b, koordination


def _by_label(groups):
    return {g.label: g for g in groups}


def test_focus_groups_follow_the_profile_valid_on_each_day(session) -> None:
    _, _, koordination = _world(session)
    groups = _by_label(af.compare(session, koordination, P, "focus_area"))
    assert set(groups) == {"Ältere und Vereinsamung", "Nachbarschaft und Miteinander"}
    older, neighbours = groups["Ältere und Vereinsamung"], groups["Nachbarschaft und Miteinander"]
    assert older.values["new_cases"] == 12 and older.values["persons"] == 12
    assert older.full_time_posts == pytest.approx(38.5 / 31)
    assert older.values["new_cases_per_post"] == pytest.approx(12 / (38.5 / 31))
    assert older.values["persons_per_100_units"] == pytest.approx(12 / (33600 / 31) * 100)
    assert neighbours.values["new_cases"] == 6
    assert neighbours.values["new_cases_per_post"] == pytest.approx(6 / (16 / 31))
    assert neighbours.values["early_share"] == 0  # all six akut
    assert older.values["early_share"] == 1


def test_area_and_per_post_figures(session) -> None:
    _, _, koordination = _world(session)
    groups = _by_label(af.compare(session, koordination, P, "area"))
    assert groups["Städtisch"].values["new_cases"] == 11
    assert groups["Städtisch"].values["new_cases_per_post"] == pytest.approx(11 / (23.5 / 31))
    assert groups["Ländlich"].values["new_cases_per_post"] == pytest.approx(7)
    # contacts with quick contacts: one per case; 10 minutes each -> hours per post
    assert groups["Ländlich"].values["hours_per_post"] == pytest.approx(7 * 10 / 60)


def test_a_group_under_five_is_withheld_outside_the_own_cooperative(session) -> None:
    a, b, koordination = _world(session)
    # a September without A's second profile: B's days only in a group of its own
    september = Scope(D(2026, 9, 1), D(2026, 9, 30))
    f.contact(session, b, D(2026, 9, 3), f.case(session, b, D(2026, 9, 3)))
    groups = _by_label(af.compare(session, koordination, september, "area"))
    assert groups["Ländlich"].values["new_cases"] is None  # 1: "<5"
    own = f.actor(f.user(session, "kuemmerer", b))
    mine = _by_label(af.compare(session, own, september, "area"))
    assert mine["Ländlich"].values["new_cases"] == 1  # B's Kümmerer: the own figure exact


def test_days_without_profile_form_their_own_group(session) -> None:
    a, _, koordination = _world(session)
    c = f.cooperative(session, name="C-Genossenschaft")
    for day in range(1, 7):
        f.contact(session, c, D(2026, 10, day), f.case(session, c, D(2026, 10, day)))
    groups = af.compare(session, koordination, P, "area")
    assert groups[-1].label == "ohne Steckbrief" and groups[-1].values["new_cases"] == 6
    assert groups[-1].values["new_cases_per_post"] is None  # no posts known


def test_profile_checks_keep_the_input_and_say_why(session) -> None:
    a, _, koordination = _world(session)
    title = entry_ids(session, "job_title")["sozialer_kuemmerer"]
    overlapping = ap.ProfileData(
        D(2026, 10, 1), "staedtisch", (ap.PostData(title, "genossenschaft", 20),)
    )
    with pytest.raises(Invalid) as error:
        ap.save_profile(session, koordination, a.id, overlapping)
    assert (
        "überschneidet sich mit dem Steckbrief vom 01.01.2026 bis 15.10.2026"
        in (error.value.fields["valid_from"])
    )
    for hours in (0, 61, None):
        post = ap.PostData(title, "genossenschaft", hours)
        bad = ap.ProfileData(D(2030, 1, 1), "staedtisch", (post,))
        with pytest.raises(Invalid) as error:
            ap.save_profile(session, koordination, a.id, bad)
        assert error.value.fields["posts"] == "Die Wochenstunden müssen zwischen 1 und 60 liegen."
    post = ap.PostData(title, "genossenschaft", 20)
    backwards = ap.ProfileData(D(2030, 1, 1), "staedtisch", (post,), D(2029, 1, 1))
    with pytest.raises(Invalid) as error:
        ap.save_profile(session, koordination, a.id, backwards)
    assert "valid_to" in error.value.fields


def test_a_kuemmerer_keeps_only_the_own_profile_and_every_change_is_audited(session) -> None:
    from sqlalchemy import select

    from db.models import AuditLog

    a, b, _ = _world(session)
    own = f.actor(f.user(session, "kuemmerer", a))
    profile = ap.list_profiles(session, own, on=D(2026, 11, 1), cooperative_id=a.id)[0]
    changed = ap.ProfileData(**{**profile.data.__dict__, "how_we_work": "Sprechstunde Di 10–12"})
    ap.save_profile(session, own, a.id, changed, profile.id, profile.version)
    other = ap.list_profiles(session, own, cooperative_id=b.id)[0]
    with pytest.raises(NotAllowed):
        ap.save_profile(session, own, b.id, other.data, other.id, other.version)
    entry = session.scalars(
        select(AuditLog).where(AuditLog.action == "approach_profile_changed")
    ).one()
    assert entry.details["fields"] == ["how_we_work"] and entry.entity_id == profile.id


@pytest.mark.parametrize(
    ("direction", "value", "today", "expected"),
    [
        ("steigern", 0.42, D(2027, 7, 2), "auf_kurs"),  # path: 0.3 + 0.2·182/364 = 0.40
        ("steigern", 0.38, D(2027, 7, 2), "gefaehrdet"),
        ("steigern", 0.50, D(2027, 7, 2), "erreicht"),
        ("steigern", 0.45, D(2027, 12, 31), "verfehlt"),
        ("senken", 0.19, D(2027, 7, 2), "auf_kurs"),  # target 0.1: path 0.2
        ("senken", 0.25, D(2027, 7, 2), "gefaehrdet"),
        ("senken", 0.10, D(2027, 7, 2), "erreicht"),
        ("halten", 0.29, D(2027, 7, 2), "auf_kurs"),  # target 0.3, at least 0.285
        ("halten", 0.35, D(2027, 7, 2), "auf_kurs"),
        ("halten", 0.28, D(2027, 7, 2), "gefaehrdet"),
        ("halten", 0.29, D(2027, 12, 31), "erreicht"),
        ("halten", 0.20, D(2027, 12, 31), "verfehlt"),
        ("steigern", None, D(2027, 7, 2), "offen"),
    ],
)
def test_goal_status(direction, value, today, expected) -> None:
    target = {"steigern": 0.5, "senken": 0.1, "halten": 0.3}[direction]
    found = goal_status.status(direction, 0.3, target, D(2027, 1, 1), D(2027, 12, 31), today, value)
    assert found == expected


def test_goal_baseline_and_current_value_and_who_sees_it(session) -> None:
    a, b, koordination = _world(session)
    data = gl.GoalData("early_share", "alle", "steigern", D(2026, 10, 1), D(2026, 10, 31), 0.8,
                       D(2027, 12, 31))  # fmt: skip
    gl.set_goal(session, koordination, data)
    own_goal = gl.GoalData("new_cases", "genossenschaft", "steigern", D(2026, 10, 1),
                           D(2026, 10, 31), 20, D(2027, 12, 31), cooperative_id=a.id)  # fmt: skip
    gl.set_goal(session, koordination, own_goal)
    # baseline: early 12 of 18 new cases (A 5 of 11, B 7 of 7)
    [overall, for_a] = gl.goals(session, koordination, D(2026, 11, 15))
    assert overall.baseline == pytest.approx(12 / 18)
    assert for_a.baseline == 11 and for_a.scope == "A-Genossenschaft"
    # current: the 31 days up to 15.11. (16.10.–15.11.): A's 6 akut cases, B none
    assert (for_a.current_from, for_a.current_to) == (D(2026, 10, 16), D(2026, 11, 15))
    assert for_a.current == 6 and overall.current == 0
    assert overall.status == "gefaehrdet"
    kuemmerer_b = f.actor(f.user(session, "kuemmerer", b))
    assert [g.figure for g in gl.goals(session, kuemmerer_b, D(2026, 11, 15))] == ["early_share"]
    history = gl.history(session, koordination, overall.id)
    assert history[0].action == "goal_set" and history[0].details["target"] == 0.8


def test_goal_bad_input(session) -> None:
    _, _, koordination = _world(session)
    empty = gl.GoalData(None, None, "steigern", D(2026, 10, 1), D(2026, 10, 31), None, None)
    with pytest.raises(Invalid) as error:
        gl.set_goal(session, koordination, empty)
    assert set(error.value.fields) == {"figure", "scope_kind", "target_value", "target_date"}
    early = gl.GoalData("early_share", "alle", "steigern", D(2026, 10, 1), D(2026, 10, 31), 50,
                        D(2026, 9, 1))  # fmt: skip
    with pytest.raises(Invalid) as error:
        gl.set_goal(session, koordination, early)
    message = "Das Zieldatum muss nach dem Ausgangszeitraum liegen."
    assert error.value.fields["target_date"] == message
    assert error.value.fields["target_value"] == "Ein Anteil liegt zwischen 0 und 100 %."
    with pytest.raises(NotAllowed):
        gl.set_goal(session, f.kuemmerer(session), early)
