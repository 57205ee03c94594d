"""Verwaltung → Genossenschaften: create, edit, deactivate; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import AuditLog, Cooperative
from services.cooperatives import (
    CooperativeData,
    create_cooperative,
    list_cooperatives,
    update_cooperative,
)
from services.errors import Conflict, Invalid
from services.users import NewUser, create_user
from tests import factories as f


def _admin(session):
    return f.actor(f.user(session, "admin"))


def test_admin_creates_a_cooperative_and_sees_it_listed(session) -> None:
    admin = _admin(session)
    coop = create_cooperative(
        session, admin, CooperativeData(" WG Plauen eG ", "wgp", " Plauen ", 1200)
    )
    assert (coop.name, coop.code, coop.city, coop.housing_units) == (
        "WG Plauen eG",
        "WGP",
        "Plauen",
        1200,
    )
    row = next(r for r in list_cooperatives(session, admin) if r.id == coop.id)
    assert row.active and row.active_accounts == 0
    assert session.scalar(select(AuditLog.action).where(AuditLog.entity_id == coop.id)) == (
        "cooperative_created"
    )


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (CooperativeData("", "ABC", "Plauen", 10), "name", "Namen"),
        (CooperativeData("Bestand eG", "ABC", "Plauen", 10), "name", "gibt es schon"),
        (CooperativeData("bestand EG", "ABC", "Plauen", 10), "name", "gibt es schon"),
        (CooperativeData("Neu", "BST", "Plauen", 10), "code", "andere Genossenschaft"),
        (CooperativeData("Neu", "A", "Plauen", 10), "code", "2–10 Zeichen"),
        (CooperativeData("Neu", "AB-C", "Plauen", 10), "code", "2–10 Zeichen"),
        (CooperativeData("Neu", "ABC", " ", 10), "city", "Stadt"),
        (CooperativeData("Neu", "ABC", "Plauen", -1), "housing_units", "Wohneinheiten"),
        (CooperativeData("Neu", "ABC", "Plauen", None), "housing_units", "Wohneinheiten"),
    ],
)
def test_bad_cooperative_input_is_refused(session, data, field, words) -> None:
    admin = _admin(session)
    f.cooperative(session, name="Bestand eG", code="BST")
    before = session.scalar(select(Cooperative.id).order_by(Cooperative.id.desc()))
    with pytest.raises(Invalid) as exc:
        create_cooperative(session, admin, data)
    assert words in exc.value.fields[field]
    assert session.scalar(select(Cooperative.id).order_by(Cooperative.id.desc())) == before


def test_edit_deactivate_and_concurrent_edit(session) -> None:
    admin = _admin(session)
    coop = f.cooperative(session, name="WG Alt", code="ALT")
    data = CooperativeData("WG Neu", "ALT", "Plauen", 500, active=False, version=coop.version)
    update_cooperative(session, admin, coop.id, data)
    assert (coop.name, coop.housing_units, coop.active) == ("WG Neu", 500, False)
    actions = set(session.scalars(select(AuditLog.action).where(AuditLog.entity_id == coop.id)))
    assert {"cooperative_updated", "cooperative_deactivated"} <= actions
    # a second admin still holds the old version: refused, not overwritten
    with pytest.raises(Conflict):
        update_cooperative(session, admin, coop.id, CooperativeData("WG X", "ALT", "Plauen", 1))
    assert coop.name == "WG Neu"


def test_code_is_fixed_once_pseudonyms_use_it(session) -> None:
    admin = _admin(session)
    coop = f.cooperative(session, code="CSG")
    f.case(session, coop, dt.date(2026, 11, 1))
    data = CooperativeData(coop.name, "CSX", coop.city, 10, version=coop.version)
    with pytest.raises(Invalid) as exc:
        update_cooperative(session, admin, coop.id, data)
    assert "Pseudonymen von 1 Personen" in exc.value.fields["code"]
    assert coop.code == "CSG"


def test_no_new_account_for_a_deactivated_cooperative(session) -> None:
    admin = _admin(session)
    coop = f.cooperative(session, active=False)
    pw = "Sonnenblume-im-Hof"
    with pytest.raises(Invalid) as exc:
        create_user(session, admin, NewUser("kai", "Kai", pw, pw, "kuemmerer", "", coop.id))
    assert "deaktiviert" in exc.value.fields["cooperative_id"]
