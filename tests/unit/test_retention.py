"""The retention rule on both databases: who is due, that applying it anonymises exactly them
(indicators unchanged) and deletes old audit entries, and that the admin sets the rule."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from db.models import AuditLog, Cooperative, Person
from services import dashboard as dash
from services import indicators as ind
from services import retention as r
from services.actor import COMMAND_LINE
from services.errors import Invalid, NotAllowed
from tests import factories as f

TODAY = dt.date(2026, 11, 25)
LONG_AGO = dt.date(2022, 6, 1)  # more than 3 years before TODAY


def _people(session):
    kim = f.kuemmerer(session, "Chemnitz")
    coop = session.get(Cooperative, kim.cooperative_id)

    def closed(opened: dt.date, closed_on: dt.date):
        return f.case(session, coop, opened, status="abgeschlossen", closed_on=closed_on)

    due = closed(dt.date(2021, 1, 4), LONG_AGO)
    recent = closed(dt.date(2023, 1, 4), dt.date(2024, 2, 1))
    still_open = f.case(session, coop, dt.date(2020, 1, 4))
    twice = closed(dt.date(2021, 1, 4), LONG_AGO)
    later = closed(dt.date(2025, 1, 4), dt.date(2025, 3, 1))
    later.person_id = twice.person_id  # the same person came back: not due
    no_case_old = Person(
        cooperative_id=coop.id,
        pseudonym="CHE-OHNE1",
        last_name="Alt",
        created_at=dt.datetime(2020, 5, 1),
    )
    no_case_new = Person(cooperative_id=coop.id, pseudonym="CHE-OHNE2", last_name="Neu")
    session.add_all([no_case_old, no_case_new])
    other = f.kuemmerer(session, "Zwickau")
    other_due = f.case(
        session,
        session.get(Cooperative, other.cooperative_id),
        dt.date(2021, 1, 4),
        status="abgeschlossen",
        closed_on=LONG_AGO,
    )
    session.add(AuditLog(action="login", at=dt.datetime(2023, 1, 1)))
    session.add(AuditLog(action="login", at=dt.datetime(2026, 1, 1)))
    session.flush()
    return kim, {
        "due": due.person_id,
        "recent": recent.person_id,
        "open": still_open.person_id,
        "twice": twice.person_id,
        "old": no_case_old.id,
        "new": no_case_new.id,
        "other": other_due.person_id,
    }


def test_the_plan_names_exactly_the_persons_due(session) -> None:
    kim, ids = _people(session)
    plan = r.retention_plan(session, COMMAND_LINE, TODAY)
    assert set(plan.person_ids) == {ids["due"], ids["old"], ids["other"]}
    assert plan.cases_closed_before == dt.date(2023, 11, 25)
    assert plan.audit_entries == 1  # the 2023 login; 2026 stays
    own = r.retention_plan(session, kim, TODAY)
    assert set(own.person_ids) == {ids["due"], ids["old"]}  # the own cooperative only


def test_applying_anonymises_them_and_keeps_the_indicators(session) -> None:
    kim, ids = _people(session)
    scope = ind.Scope(dt.date(2019, 1, 1), TODAY)
    vswg = f.actor(f.user(session, "koordination"))
    before = dash.dashboard(session, vswg, scope)
    plan = r.apply_retention(session, COMMAND_LINE, TODAY)
    session.expire_all()
    after = dash.dashboard(session, vswg, scope)
    assert (after.rows, after.totals, after.parts["outcomes"]) == (
        before.rows,
        before.totals,
        before.parts["outcomes"],
    )
    anonymised = set(session.scalars(select(Person.id).where(Person.anonymised_at.is_not(None))))
    assert anonymised == set(plan.person_ids)
    assert session.get(Person, ids["old"]).last_name is None
    assert session.get(Person, ids["new"]).last_name == "Neu"
    assert session.scalar(select(func.count()).where(AuditLog.at < dt.datetime(2024, 1, 1))) == 0
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "retention_applied")).one()
    assert entry.details == {"persons": 3, "signals": 0, "audit_entries": 1, "via": "cli"}
    # applied again: nothing more is due
    assert r.retention_plan(session, COMMAND_LINE, TODAY).person_ids == []


def test_only_the_admin_sets_the_rule(session) -> None:
    admin = f.actor(f.user(session, "admin"))
    assert r.rules(session) == r.RetentionRules(3, 2)
    r.save_rules(session, admin, r.RetentionRules(5, 1))
    assert r.rules(session) == r.RetentionRules(5, 1)
    with pytest.raises(Invalid):
        r.save_rules(session, admin, r.RetentionRules(0, 1))
    with pytest.raises(NotAllowed):
        r.save_rules(session, f.actor(f.user(session, "koordination")), r.RetentionRules(4, 2))


def test_signals_without_a_case_lose_place_and_note_after_the_period(session) -> None:
    from sqlalchemy import text

    from db.crypto import encrypt_text
    from db.models import Signal
    from services.catalogues import entry_ids

    kim = f.kuemmerer(session, "Chemnitz")
    kind = next(iter(entry_ids(session, "observation_kind").values()))

    def signal(created: dt.datetime, case_id: int | None = None) -> Signal:
        row = Signal(
            cooperative_id=kim.cooperative_id,
            location="Hofweg 3, bei Frau K.",
            observation_id=kind,
            urgency="frueh",
            note_enc=encrypt_text("Post quillt"),
            created_at=created,
            case_id=case_id,
        )
        session.add(row)
        session.flush()
        return row

    coop = session.get(Cooperative, kim.cooperative_id)
    old = signal(dt.datetime(2022, 5, 1, tzinfo=dt.UTC))
    recent = signal(dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    with_case = signal(dt.datetime(2022, 5, 1, tzinfo=dt.UTC), f.case(session, coop, TODAY).id)
    plan = r.retention_plan(session, COMMAND_LINE, TODAY)
    assert plan.signal_ids == [old.id]  # the one with a case follows its case's person
    assert r.retention_plan(session, kim, TODAY).signal_ids == [old.id]
    r.apply_retention(session, COMMAND_LINE, TODAY)
    session.expire_all()
    assert session.get(Signal, old.id).location == "–"
    assert session.get(Signal, old.id).note_enc is None
    assert session.get(Signal, recent.id).location.startswith("Hofweg")
    assert session.get(Signal, with_case.id).location.startswith("Hofweg")
    stored = session.execute(text("SELECT location FROM signal WHERE id = :i"), {"i": old.id})
    assert "Hofweg" not in stored.scalar()
    assert r.retention_plan(session, COMMAND_LINE, TODAY).signal_ids == []  # done once
