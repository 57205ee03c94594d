"""A tenant's rights on both databases: access export (Art. 15), erasure that leaves every
indicator unchanged (Art. 17), consents and their warnings — scoped to the own cooperative and
audited without personal data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from db.models import AuditLog, Consent, Cooperative, Person, Referral
from services import cases as c
from services import dashboard as dash
from services import indicators as ind
from services import privacy as p
from services.catalogues import entry_ids
from services.contacts import ContactData
from services.errors import Invalid, NotAllowed, NotFound
from tests import factories as f

TODAY = dt.date(2026, 11, 25)


def _tenant(session):
    """A Kümmerer's person with a case, a contact note, a finished referral and a consent."""
    kim = f.kuemmerer(session, "Chemnitz")
    coop = session.get(Cooperative, kim.cooperative_id)
    case = f.case(session, coop, dt.date(2026, 3, 2), first_name="Gisela")
    person = session.get(Person, case.person_id)
    person.last_name, person.street, person.phone = "Sonnenschein", "Lindenweg 4", "0371 2345"
    kind = entry_ids(session, "contact_kind")["hausbesuch"]
    note = "Wohnung vermüllt, Tochter in Leipzig informiert"
    c.add_contact(
        session, kim, case.id, ContactData(dt.date(2026, 3, 5), 45, kind, note=note), TODAY
    )
    partner = f.partner(session)
    data = c.ReferralData(partner.id, None, dt.date(2026, 3, 9), consent_form="schriftlich")
    referral = c.add_referral(session, kim, case.id, data, TODAY)
    referral.status, referral.feedback = "erledigt", "Pflegegrad 2 beantragt"
    session.flush()
    return kim, case, person, referral


def test_access_export_holds_everything_decrypted_and_is_audited(session) -> None:
    kim, case, person, _ = _tenant(session)
    export = p.access_export(session, kim, person.id, TODAY).as_dict()
    assert export["person"]["nachname"] == "Sonnenschein"
    assert export["person"]["strasse"] == "Lindenweg 4"
    [exported_case] = export["cases"]
    assert (
        exported_case["kontakte"][0]["notiz"] == "Wohnung vermüllt, Tochter in Leipzig informiert"
    )
    assert exported_case["vermittlungen"][0]["rueckmeldung"] == "Pflegegrad 2 beantragt"
    assert export["consents"][0]["art"] == "Schweigepflichtentbindung"
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "access_exported")).one()
    assert (entry.entity, entry.entity_id, entry.details) == ("person", person.id, None)


def test_other_cooperatives_and_other_roles_get_nothing(session) -> None:
    _, _, person, _ = _tenant(session)
    other = f.kuemmerer(session, "Zwickau")
    with pytest.raises(NotFound):
        p.access_export(session, other, person.id, TODAY)
    with pytest.raises(NotFound):
        p.erase_person(session, other, person.id)
    with pytest.raises(NotAllowed):
        p.access_export(session, f.actor(f.user(session, "koordination")), person.id, TODAY)


def _figures(session, actor, scope):
    board = dash.dashboard(session, actor, scope)
    return (
        board.rows,
        board.totals,
        board.months,
        board.parts["problem_areas"]["now"],
        board.parts["outcomes"],
    )


def test_erasure_removes_the_person_and_leaves_every_indicator_unchanged(session) -> None:
    kim, case, person, _ = _tenant(session)
    vswg = f.actor(f.user(session, "koordination"))
    scope = ind.Scope(dt.date(2026, 1, 1), TODAY)
    own = ind.Scope(dt.date(2026, 1, 1), TODAY, (kim.cooperative_id,))
    before = (_figures(session, vswg, scope), _figures(session, kim, own))
    plan = p.erasure_plan(session, kim, person.id)
    assert (plan.cases, plan.contacts_with_notes, plan.referrals, plan.consents) == (1, 1, 1, 1)

    p.erase_person(session, kim, person.id)
    session.expire_all()
    assert (_figures(session, vswg, scope), _figures(session, kim, own)) == before
    erased = session.get(Person, person.id)
    assert erased.pseudonym == f"ANON-{person.id:06d}" and erased.anonymised_at is not None
    assert (erased.first_name, erased.last_name, erased.street, erased.phone) == (None,) * 4
    assert session.scalars(select(Consent).where(Consent.person_id == person.id)).all() == []
    # nothing readable left in the raw tables
    raw = " ".join(
        str(row)
        for table in ("person", "contact", "referral", "follow_up", "consent", "audit_log")
        for row in session.execute(text(f"SELECT * FROM {table}")).all()
    )
    for secret in ("Gisela", "Sonnenschein", "Lindenweg", "0371 2345", "Pflegegrad"):
        assert secret not in raw
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "person_erased")).one()
    assert entry.entity_id == person.id and entry.details is None
    with pytest.raises(Invalid, match="bereits anonymisiert"):
        p.erase_person(session, kim, person.id)


def test_an_open_referral_blocks_erasure_and_nothing_changes(session) -> None:
    kim, case, person, referral = _tenant(session)
    referral.status = "angefragt"
    session.flush()
    with pytest.raises(Invalid, match="offene Vermittlung"):
        p.erase_person(session, kim, person.id)
    session.expire_all()
    assert session.get(Person, person.id).last_name == "Sonnenschein"
    assert session.get(Referral, referral.id).feedback == "Pflegegrad 2 beantragt"


def test_consents_recorded_withdrawn_and_warned_about(session) -> None:
    kim, case, person, _ = _tenant(session)
    release_without_partner = p.ConsentData("schweigepflichtentbindung", TODAY, "schriftlich")
    with pytest.raises(Invalid) as bad:
        p.record_consent(session, kim, person.id, release_without_partner, TODAY)
    assert "partner_id" in bad.value.fields
    docs = p.record_consent(
        session,
        kim,
        person.id,
        p.ConsentData(
            "dokumentation", dt.date(2026, 3, 2), "schriftlich", valid_until=dt.date(2027, 3, 1)
        ),
        TODAY,
    )
    assert p.consent_warnings(session, kim, TODAY) == []
    p.withdraw_consent(session, kim, docs.id, TODAY)
    [warning] = p.consent_warnings(session, kim, TODAY)
    assert (warning.case_id, warning.what) == (case.id, "Dokumentation widerrufen")
    assert p.consent_warnings(session, kim, TODAY, case_id=case.id) == [warning]
    # a release that ran out is flagged too
    release = session.scalars(select(Consent).where(Consent.kind != "dokumentation")).one()
    release.valid_until = dt.date(2026, 6, 30)
    session.flush()
    whats = [w.what for w in p.consent_warnings(session, kim, TODAY)]
    assert "Schweigepflichtentbindung (Pflegedienst Sonnenschein) abgelaufen" in whats
    with pytest.raises(Invalid, match="bereits widerrufen"):
        p.withdraw_consent(session, kim, docs.id, TODAY)
    states = {r.kind: r.state(TODAY) for r in p.consents(session, kim, person.id)}
    assert states == {"dokumentation": "widerrufen", "schweigepflichtentbindung": "abgelaufen"}


def test_an_erased_persons_code_is_never_given_again(session) -> None:
    from services.cases import NewCase, PersonData, open_case
    from services.contacts import ContactData
    from services.privacy import erase_person

    kim = f.kuemmerer(session, "Chemnitz")
    ids = entry_ids(session, "contact_kind")

    def new_person() -> Person:
        visit = ContactData(dt.date(2026, 11, 2), 30, ids["hausbesuch"])
        data = NewCase(
            None,
            PersonData(first_name="Gisela"),
            entry_ids(session, "access_route")["aufsuchend"],
            (entry_ids(session, "problem_area")["vereinsamung"],),
            "frueh",
            visit,
        )
        return session.get(Person, open_case(session, kim, data, dt.date(2026, 11, 2)).person_id)

    first, highest = new_person(), new_person()
    code = highest.pseudonym
    erase_person(session, kim, highest.id)
    assert highest.pseudonym.startswith("ANON-")
    newest = new_person()
    assert newest.pseudonym not in (code, first.pseudonym)
    assert newest.pseudonym.endswith("-0003")


def test_a_signal_that_became_the_case_is_exported_and_erased_with_the_person(session) -> None:
    from db.crypto import encrypt_text
    from db.models import Signal

    kim, case, person, referral = _tenant(session)
    referral.status = "erledigt"
    signal = Signal(
        cooperative_id=kim.cooperative_id,
        location="Lindenweg 4, 2. OG links",
        observation_id=next(iter(entry_ids(session, "observation_kind").values())),
        urgency="akut",
        note_enc=encrypt_text("Briefkasten quillt über"),
        case_id=case.id,
    )
    session.add(signal)
    session.flush()
    [exported] = p.access_export(session, kim, person.id, TODAY).as_dict()["cases"][0]["hinweise"]
    assert (exported["ort"], exported["notiz"]) == (
        "Lindenweg 4, 2. OG links",
        "Briefkasten quillt über",
    )
    p.erase_person(session, kim, person.id)
    session.expire_all()
    erased = session.get(Signal, signal.id)
    assert (erased.location, erased.note_enc) == ("–", None) and erased.anonymised_at
