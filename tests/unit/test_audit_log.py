"""Protokoll: filters by local day, user and action; paged in SQL; CSV export is audited and
carries no personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import select

from config import local_today
from db.models import AuditLog
from services.audit import AuditFilter, audit_filter_options, export_audit_csv, list_audit
from services.users import NewUser, create_user
from tests import factories as f

DAY = dt.date(2026, 11, 24)


def _entry(session, user_id, action, at: dt.datetime) -> None:
    session.add(AuditLog(at=at, user_id=user_id, action=action, entity="user", entity_id=1))
    session.flush()


def _setup(session):
    admin = f.user(session, "admin", username="chefin")
    koord = f.user(session, "koordination", username="vswg")
    # 23:30 UTC on the 23rd is already the 24th in Saxony (UTC+1 in November)
    _entry(session, admin.id, "login", dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC))
    _entry(session, admin.id, "user_created", dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC))
    _entry(session, koord.id, "login", dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC))
    _entry(session, koord.id, "login", dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC))  # 25th
    return f.actor(admin), f.actor(koord)


def test_filters_by_local_day_user_and_action(session) -> None:
    admin, koord = _setup(session)
    day = AuditFilter(DAY, DAY)
    page = list_audit(session, koord, day)
    assert page.total == 3
    assert [r.action for r in page.rows] == ["login", "user_created", "login"]  # newest first
    assert [r.username for r in page.rows] == ["vswg", "chefin", "chefin"]
    assert list_audit(session, koord, AuditFilter(DAY, DAY, user_id=admin.user_id)).total == 2
    assert list_audit(session, koord, AuditFilter(DAY, DAY, action="login")).total == 2
    both_days = AuditFilter(DAY, DAY + dt.timedelta(days=1), action="login")
    assert list_audit(session, koord, both_days).total == 3


def test_paging_happens_in_the_database(session) -> None:
    _admin, koord = _setup(session)
    first = list_audit(session, koord, AuditFilter(DAY, DAY), limit=2)
    second = list_audit(session, koord, AuditFilter(DAY, DAY), limit=2, offset=2)
    assert len(first.rows) == 2 and len(second.rows) == 1 and first.total == second.total == 3


def test_filter_options_list_users_and_actions_in_the_log(session) -> None:
    admin, koord = _setup(session)
    users, actions = audit_filter_options(session, koord)
    assert users == {admin.user_id: "chefin", koord.user_id: "vswg"}
    assert actions == ["login", "user_created"]


def test_csv_export_is_audited_and_holds_no_names(session) -> None:
    admin, koord = _setup(session)
    pw = "Sonnenblume-im-Hof"
    today = local_today()
    create_user(session, admin, NewUser("gisela", "Gisela Müller", pw, pw, "koordination"))
    data = export_audit_csv(session, koord, AuditFilter(DAY, today + dt.timedelta(days=1)))
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "Zeitpunkt",
        "Benutzer",
        "Aktion",
        "Aktion (Schlüssel)",
        "Objekt",
        "Objekt (Schlüssel)",
        "Objekt-ID",
        "Details",
    ]
    login = ["2026-11-25T00:30:00+01:00", "vswg", "Anmeldung", "login", "Konto", "user", "1", ""]
    assert login in rows
    assert any(r[3] == "user_created" and r[7] == "role=koordination" for r in rows)
    assert "Gisela" not in text and "Müller" not in text
    exported = session.scalar(select(AuditLog).where(AuditLog.action == "audit_exported"))
    assert exported.user_id == koord.user_id and exported.details == {"rows": len(rows) - 1}


def test_every_audited_action_in_the_code_has_a_german_label() -> None:
    """The Protokoll shows each action in German: a new audit() call needs its label."""
    import re

    from config import PROJECT_ROOT
    from services.labels import AUDIT_ACTION_LABELS

    sources = [*PROJECT_ROOT.glob("services/*.py"), PROJECT_ROOT / "manage.py"]
    pattern = re.compile(r'audit\(\s*\w+,\s*[\w.]+,\s*"([a-z_]+)"|"(partner_\w+activated)"')
    found = {a or b for path in sources for a, b in pattern.findall(path.read_text())}
    assert len(found) > 40
    assert found - set(AUDIT_ACTION_LABELS) == set()


def test_changed_fields_read_in_german() -> None:
    from components.admin.audit_log import describe_details

    shown = describe_details({"fields": ["opening_hours", "phone", "active"], "via": "import"})
    assert shown == "Felder: Öffnungszeiten, Telefon, aktiv, über: Import"


def test_koordination_reads_no_event_about_a_tenants_record(session) -> None:
    """Events about persons, cases, contacts … one by one would add up to exact small counts
    per cooperative and day: Koordination reads accounts, administration, partners and
    meetings; the administration reads everything."""
    admin, koord = _setup(session)
    at = dt.datetime(2026, 11, 24, 11, tzinfo=dt.UTC)
    for action, entity in (("case_opened", "case"), ("person_created", "person"),
                           ("contact_added", "contact"), ("signal_reported", "signal"),
                           ("partner_created", "partner")):  # fmt: skip
        session.add(AuditLog(at=at, user_id=admin.user_id, action=action, entity=entity))
    session.flush()
    day = AuditFilter(DAY, DAY)
    seen = {r.action for r in list_audit(session, koord, day).rows}
    assert seen == {"login", "user_created", "partner_created"}
    assert list_audit(session, koord, day).total == 4
    _, actions = audit_filter_options(session, koord)
    assert "case_opened" not in actions and "person_created" not in actions
    assert b"case_opened" not in export_audit_csv(session, koord, day)
    everything = {r.action for r in list_audit(session, admin, day).rows}
    assert {"case_opened", "person_created", "contact_added", "signal_reported"} <= everything
