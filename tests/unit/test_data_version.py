"""The change counter behind the live dashboard: bumped once per committed change to the
indicator data, not by logins or rolled-back work."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from db import data_version
from db.models import Partner, UserSession
from services.catalogues import entry_ids
from services.contacts import ContactData
from services.quick_contacts import record_quick_contact
from tests import factories as f


def test_committed_change_bumps_once(session) -> None:
    me = f.kuemmerer(session)
    session.commit()
    before = data_version.current(session)
    kind = entry_ids(session, "contact_kind")["tuer_und_angel"]
    topic = (entry_ids(session, "problem_area")["vereinsamung"],)
    record_quick_contact(session, me, ContactData(dt.date(2026, 11, 2), 5, kind, topic))
    record_quick_contact(session, me, ContactData(dt.date(2026, 11, 2), 10, kind, topic))
    session.commit()
    assert data_version.current(session) == before + 1


def test_login_activity_does_not_bump(session) -> None:
    user = f.user(session, "koordination")
    session.commit()
    before = data_version.current(session)
    session.add(UserSession(user_id=user.id))
    session.commit()
    assert data_version.current(session) == before


def test_rolled_back_change_does_not_count(session) -> None:
    coop = f.cooperative(session)
    session.commit()
    before = data_version.current(session)
    f.contact(session, coop, dt.date(2026, 11, 2))
    session.rollback()
    session.add(UserSession(user_id=f.user(session, "koordination").id))
    session.commit()
    assert data_version.current(session) == before


def test_bulk_statement_bumps(session) -> None:
    session.commit()
    before = data_version.current(session)
    kind = entry_ids(session, "partner_kind")["verein"]
    session.execute(insert(Partner), [{"name": "Verein A", "kind_id": kind}])
    session.commit()
    assert data_version.current(session) == before + 1
