"""Hinweise on SQLite and PostgreSQL: staff report, Kümmerer triage, and the signal
indicators against values computed by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from db.models import Case, CatalogueEntry, Contact, Cooperative, Signal
from services import cases, signals
from services.case_queries import case_header
from services.catalogues import entry_ids
from services.contacts import ContactData
from services.errors import Invalid, NotAllowed, NotFound
from tests import factories as f

pytestmark = pytest.mark.usefixtures("without_noise")

TODAY = dt.date(2026, 11, 25)


def _staff_and_kuemmerer(session):
    coop = f.cooperative(session, city="Chemnitz")
    staff = f.actor(f.user(session, "genossenschaft", coop))
    kim = f.actor(f.user(session, "kuemmerer", coop))
    return coop, staff, kim


def _report(session, staff, kind="briefkasten", urgency="akut", note="seit einer Woche voll"):
    kind_id = entry_ids(session, "observation_kind")[kind]
    data = signals.SignalData("Lindenweg 3, 2. OG links", (kind_id,), urgency, note, True)
    return signals.report_signal(session, staff, data)


def test_staff_report_is_validated_and_shows_only_its_status(session) -> None:
    _, staff, _ = _staff_and_kuemmerer(session)
    with pytest.raises(Invalid) as exc:
        signals.report_signal(session, staff, signals.SignalData(" ", (), None))
    assert set(exc.value.fields) == {"location", "observation_ids", "urgency"}
    signal = _report(session, staff)
    assert "voll" not in (signal.note_enc or "")  # encrypted at rest
    [own] = signals.my_reports(session, staff)
    assert (own.status, own.observation) == ("eingegangen", "Briefkasten quillt über")
    assert not hasattr(own, "case_id")
    with pytest.raises(NotAllowed):
        signals.inbox(session, staff)
    with pytest.raises(NotAllowed):
        cases.find_persons(session, staff, "Lindenweg")


def test_inbox_order_open_case_from_signal_and_close_reason(session) -> None:
    coop, staff, kim = _staff_and_kuemmerer(session)
    quiet = _report(session, staff, "konflikt", "frueh")
    urgent = _report(session, staff, "mietrueckstand", "krise")
    items = signals.inbox(session, kim)
    assert [i.id for i in items] == [urgent.id, quiet.id]  # the crisis first
    assert items[0].note == "seit einer Woche voll" and signals.new_signal_count(session, kim) == 2

    draft = signals.case_draft(session, kim, urgent.id)
    assert draft.access_route_id == entry_ids(session, "access_route")["hinweis_genossenschaft"]
    assert draft.problem_area_ids == (entry_ids(session, "problem_area")["mietschulden"],)
    data = cases.NewCase(
        None,
        cases.PersonData(),
        draft.access_route_id,
        draft.problem_area_ids,
        draft.urgency,
        ContactData(TODAY, 20, entry_ids(session, "contact_kind")["hausbesuch"], note=draft.note),
    )
    new_case = cases.open_case_from_signal(session, kim, urgent.id, data, TODAY)
    assert session.get(Signal, urgent.id).case_id == new_case.id
    statuses = {r.id: r.status for r in signals.my_reports(session, staff)}
    assert statuses == {urgent.id: "in_bearbeitung", quiet.id: "eingegangen"}
    with pytest.raises(Invalid):
        signals.close_signal(session, kim, quiet.id, "fall")
    signals.close_signal(session, kim, quiet.id, "bereits_bekannt")
    assert signals.new_signal_count(session, kim) == 0
    outcome = entry_ids(session, "outcome")["mietschulden_reguliert"]
    header = case_header(session, kim, new_case.id)
    cases.close_case(session, kim, new_case.id, (outcome,), TODAY, header, TODAY)
    assert session.get(Signal, urgent.id).status == "erledigt"

    other = f.kuemmerer(session, city="Zwickau")
    with pytest.raises(NotFound):
        signals.close_signal(session, other, urgent.id, "nicht_zustaendig")


def _signal(session, coop, hour: int, kind: str, case: Case | None = None, after_h: int = 0):
    at = dt.datetime(2026, 11, 10, hour, tzinfo=dt.UTC)
    kind_id = entry_ids(session, "observation_kind")[kind]
    session.add(
        Signal(
            cooperative_id=coop.id,
            location="Haus 1",
            urgency="akut",
            status="eingegangen",
            observation_id=kind_id,
            observations=[session.get(CatalogueEntry, kind_id)],
            created_at=at,
            case_id=case.id if case else None,
        )
    )
    if case is not None:
        contact = f.contact(session, coop, TODAY, case)
        contact.created_at = at + dt.timedelta(hours=after_h)
    session.flush()


def test_signal_indicators_match_hand_computed_values(session) -> None:
    """Period 1.–30.11.2026.
    Own cooperative A: 3 signals; 2 became cases (share 2/3); hours to first contact 5 and 9
      -> median 7.0; of those cases 1 was opened "früh" -> early 1; kinds 1 each.
    B: 6 signals, 5 cases (all "früh"), hours 2, 4, 6, 8, 10 -> median 6.0.
    C: 2 signals, no case. Seen from A (deviations set to zero): C's 2 is withheld (< 5); B's
      6 signals and 5 cases are published with the share 5/6 from them, but not B's median (5
      cases, fewer than ten). C's 0 cases show as 0.
    """
    a, b, c = (f.cooperative(session, city=x) for x in ("Chemnitz", "Zwickau", "Aue"))
    me = f.actor(f.user(session, "kuemmerer", a))
    _signal(session, a, 8, "briefkasten", f.case(session, a, TODAY, urgency="frueh"), 5)
    _signal(session, a, 9, "mietrueckstand", f.case(session, a, TODAY, urgency="akut"), 9)
    _signal(session, a, 10, "konflikt")
    for i, hours in enumerate((2, 4, 6, 8, 10)):
        _signal(session, b, 8 + i, "verwahrlosung", f.case(session, b, TODAY), hours)
    _signal(session, b, 14, "verwahrlosung")
    _signal(session, c, 8, "konflikt")
    _signal(session, c, 9, "konflikt")
    _signal(session, a, 8, "konflikt")  # outside: reported in December
    session.scalars(select(Signal).order_by(Signal.id.desc())).first().created_at = dt.datetime(
        2026, 12, 1, 8, tzinfo=dt.UTC
    )
    session.flush()
    got = {
        x.cooperative: x
        for x in signals.signal_indicators(session, me, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    }
    name = {coop.id: session.get(Cooperative, coop.id).name for coop in (a, b, c)}
    own = got[name[a.id]]
    assert (own.signals, own.became_case, own.early_cases) == (3, 2, 1)
    assert own.case_share == pytest.approx(2 / 3) and own.median_hours_to_contact == 7.0
    assert own.by_kind == {"Briefkasten quillt über": 1, "Mietrückstand": 1, "Konflikt": 1}
    other = got[name[b.id]]
    assert (other.signals, other.became_case, other.early_cases) == (6, 5, 5)
    # the share from the published counts; a median only from ten cases
    assert other.case_share == pytest.approx(5 / 6) and other.median_hours_to_contact is None
    assert other.by_kind == {}
    small = got[name[c.id]]
    assert (small.signals, small.became_case, small.median_hours_to_contact) == (None, 0, None)


def test_close_reason_must_be_given(session) -> None:
    _, staff, kim = _staff_and_kuemmerer(session)
    signal = _report(session, staff)
    with pytest.raises(Invalid):
        signals.close_signal(session, kim, signal.id, None)
    assert dataclasses.asdict(signals.my_reports(session, staff)[0])["status"] == "eingegangen"
    assert session.scalar(select(Contact)) is None


def test_share_is_hidden_when_it_would_reveal_a_suppressed_count(session) -> None:
    """Other cooperative with 7 signals of which 3 became cases: "3" is suppressed, so the
    share 3/7 must not be shown either (3/7 × 7 would give it away)."""
    a, b = f.cooperative(session, city="Chemnitz"), f.cooperative(session, city="Zwickau")
    me = f.actor(f.user(session, "kuemmerer", a))
    for hour in range(3):
        _signal(session, b, 8 + hour, "konflikt", f.case(session, b, TODAY), 2)
    for hour in range(4):
        _signal(session, b, 12 + hour, "konflikt")
    [other] = signals.signal_indicators(session, me, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert (other.signals, other.became_case, other.case_share) == (7, None, None)


def test_a_signal_may_name_several_observations(session) -> None:
    """Issue 25: staff could choose only one thing they noticed. Each counts in the figures
    by kind, the lists name all, and a case opened from it starts with each problem area."""
    _, staff, kim = _staff_and_kuemmerer(session)
    kinds = entry_ids(session, "observation_kind")
    data = signals.SignalData(
        "Lindenweg 3", (kinds["mietrueckstand"], kinds["briefkasten"]), "akut", "", False
    )
    signal = signals.report_signal(session, staff, data)
    [own] = signals.my_reports(session, staff)
    assert own.observation == "Briefkasten quillt über, Mietrückstand"
    assert signals.inbox(session, kim)[0].observation == own.observation
    draft = signals.case_draft(session, kim, signal.id)
    areas = entry_ids(session, "problem_area")
    assert set(draft.problem_area_ids) == {areas["mietschulden"], areas["vereinsamung"]}
    today = signal.created_at.date()
    [figures] = [x for x in signals.signal_indicators(session, kim, today, today) if x.by_kind]
    assert figures.by_kind == {"Briefkasten quillt über": 1, "Mietrückstand": 1}
