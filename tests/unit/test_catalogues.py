"""Verwaltung → Kataloge: add, relabel, reorder, deactivate; never delete what data uses."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import AuditLog, CatalogueEntry
from services.catalogues import (
    EntryChange,
    add_entry,
    delete_entry,
    list_entries,
    move_entry,
    update_entry,
)
from services.errors import Conflict, Invalid
from tests import factories as f


def _admin(session):
    return f.actor(f.user(session, "admin"))


def _labels(session, admin, catalogue: str) -> list[str]:
    return [e.label for e in list_entries(session, admin, catalogue)]


def test_added_entry_comes_last_with_a_stable_ascii_key(session) -> None:
    admin = _admin(session)
    entry = add_entry(session, admin, "contact_kind", " Videoanruf über Tablet ")
    assert entry.key == "videoanruf_ueber_tablet" and entry.label == "Videoanruf über Tablet"
    assert _labels(session, admin, "contact_kind")[-1] == "Videoanruf über Tablet"
    again = add_entry(session, admin, "contact_kind", "Videoanruf über Tablet!")
    assert again.key == "videoanruf_ueber_tablet_2"
    audited = session.scalars(
        select(AuditLog.details).where(AuditLog.action == "catalogue_entry_added")
    ).all()
    assert {"catalogue": "contact_kind"} in audited


def test_relabel_keeps_the_key_and_refuses_an_existing_label(session) -> None:
    admin = _admin(session)
    rows = {e.key: e for e in list_entries(session, admin, "contact_kind")}
    phone = rows["telefon"]
    update_entry(session, admin, phone.id, EntryChange("Telefonat", True, False, phone.version))
    entry = session.get(CatalogueEntry, phone.id)
    assert (entry.key, entry.label) == ("telefon", "Telefonat")
    with pytest.raises(Invalid) as exc:
        update_entry(
            session, admin, phone.id, EntryChange("hausbesuch", True, False, entry.version)
        )
    assert "gibt es in diesem Katalog schon" in exc.value.fields["label"]
    assert entry.label == "Telefonat"
    with pytest.raises(Conflict):  # a stale form
        update_entry(session, admin, phone.id, EntryChange("Anruf", True, False, phone.version))
    details = session.scalars(
        select(AuditLog.details).where(AuditLog.action == "catalogue_entry_updated")
    ).all()
    assert {"catalogue": "contact_kind", "relabelled": True} in details


def test_reorder_puts_an_entry_at_the_chosen_position(session) -> None:
    admin = _admin(session)
    before = _labels(session, admin, "contact_kind")
    second = list_entries(session, admin, "contact_kind")[1]
    move_entry(session, admin, second.id, 1)
    after = _labels(session, admin, "contact_kind")
    assert after[:2] == [before[1], before[0]] and after[2:] == before[2:]
    first = list_entries(session, admin, "contact_kind")[0]
    move_entry(session, admin, first.id, 1)  # already first: nothing changes
    assert _labels(session, admin, "contact_kind") == after
    move_entry(session, admin, first.id, 99)  # beyond the end: last
    assert _labels(session, admin, "contact_kind") == [*after[1:], after[0]]
    assert [e.position for e in list_entries(session, admin, "contact_kind")] == list(
        range(1, len(before) + 1)
    )


def test_used_entry_cannot_be_deleted_but_deactivated(session) -> None:
    admin = _admin(session)
    coop = f.cooperative(session)
    f.contact(session, coop, dt.date(2026, 11, 2))  # uses "telefon"
    phone = next(e for e in list_entries(session, admin, "contact_kind") if e.key == "telefon")
    assert phone.uses == 1
    with pytest.raises(Invalid) as exc:
        delete_entry(session, admin, phone.id)
    assert "in 1 Datensätzen verwendet" in str(exc.value)
    assert session.get(CatalogueEntry, phone.id) is not None
    update_entry(session, admin, phone.id, EntryChange(phone.label, False, False, phone.version))
    assert not session.get(CatalogueEntry, phone.id).active


def test_unused_entry_can_be_deleted(session) -> None:
    admin = _admin(session)
    entry = add_entry(session, admin, "outcome", "Versehentlich angelegt")
    delete_entry(session, admin, entry.id)
    assert session.get(CatalogueEntry, entry.id) is None


def test_last_active_entry_stays(session) -> None:
    admin = _admin(session)
    entries = list_entries(session, admin, "activity_kind")
    for e in entries[1:]:
        update_entry(session, admin, e.id, EntryChange(e.label, False, False, e.version))
    last = entries[0]
    with pytest.raises(Invalid) as exc:
        update_entry(session, admin, last.id, EntryChange(last.label, False, False, last.version))
    assert "Mindestens ein Eintrag" in exc.value.fields["active"]
    with pytest.raises(Invalid):
        delete_entry(session, admin, last.id)


def test_outreach_flag_only_for_access_routes(session) -> None:
    admin = _admin(session)
    route = add_entry(session, admin, "access_route", "Aushang im Haus", is_outreach=True)
    kind = add_entry(session, admin, "contact_kind", "Aushang", is_outreach=True)
    assert route.is_outreach and not kind.is_outreach
