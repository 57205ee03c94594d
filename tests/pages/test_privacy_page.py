"""The Datenschutz page under AppTest: find a person, record and withdraw a consent (the start
page then warns), make the access export, erase after confirming."""

from __future__ import annotations

from sqlalchemy import select

from config import local_today
from db.models import AuditLog, Case, Consent, Partner, Person
from services.demo import seed_demo
from tests.pages.conftest import by_label, texts
from tests.pages.test_case_screens import open_page

PAGE = "screens/privacy.py"


def _first_partner(db) -> int:
    with db() as s:
        return s.scalar(select(Partner.id).where(Partner.active.is_(True)).order_by(Partner.name))


def _demo_person(db) -> Person:
    with db() as s, s.begin():
        seed_demo(s, until=local_today())
    with db() as s:
        # a person of Chemnitz with an open case and no open referral
        return s.scalars(
            select(Person)
            .join(Case, Case.person_id == Person.id)
            .where(
                Person.pseudonym.like("CSG-%"),
                Person.last_name.is_not(None),
                Case.status != "abgeschlossen",
            )
            .order_by(Person.id)
        ).first()


def test_search_consent_and_warning_on_the_start_page(db) -> None:
    person = _demo_person(db)
    at = open_page(db, "kuemmerer.chemnitz", PAGE)
    assert not at.exception
    at.text_input(key="privacy_search").input(person.pseudonym).run()
    assert at.radio(key="privacy_pick").value == person.id
    # record a documentation consent, then its withdrawal
    at.selectbox(key="cf_kind").select("dokumentation")
    by_label(at.button, "Einwilligung speichern").click()
    at.run()
    assert "Einwilligung gespeichert." in texts(at)
    withdraw = [b for b in at.button if b.label.startswith("Widerruf erfassen: Dokumentation")]
    withdraw[0].click()
    at.run()
    assert "Widerruf gespeichert." in texts(at)
    start = open_page(db, "kuemmerer.chemnitz", "screens/start.py")
    assert f"{person.pseudonym}: Dokumentation widerrufen" in texts(start)


def test_a_release_needs_a_partner_and_the_input_stays(db) -> None:
    person = _demo_person(db)
    at = open_page(db, "kuemmerer.chemnitz", PAGE, person=person.id)
    at.selectbox(key="cf_kind").select("schweigepflichtentbindung")
    by_label(at.button, "Einwilligung speichern").click()
    at.run()
    assert "Eine Schweigepflichtentbindung gilt gegenüber einem Partner." in texts(at)
    at.radio(key="cf_form").set_value("muendlich")
    at.selectbox(key="cf_partner").set_value(_first_partner(db))  # the kind is not chosen again
    by_label(at.button, "Einwilligung speichern").click()
    at.run()
    with db() as s:
        consent = s.scalar(
            select(Consent).where(Consent.person_id == person.id, Consent.partner_id.is_not(None))
        )
        assert (consent.kind, consent.form) == ("schweigepflichtentbindung", "muendlich")


def test_access_export_and_erasure(db) -> None:
    person = _demo_person(db)
    at = open_page(db, "kuemmerer.chemnitz", PAGE, person=person.id)
    assert person.pseudonym in [h.value for h in at.subheader][0]
    by_label(at.button, "Auskunft erstellen").click()
    at.run()
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["Auskunft als PDF", "Auskunft als JSON"]
    with db() as s:
        assert (
            s.scalar(select(AuditLog.entity_id).where(AuditLog.action == "access_exported"))
            == person.id
        )


def test_another_cooperatives_person_does_not_exist(db) -> None:
    person = _demo_person(db)
    at = open_page(db, "kuemmerer.zwickau", PAGE, person=person.id)
    assert "Diese Person gibt es nicht." in texts(at)
    assert person.last_name not in texts(at)


def test_admin_sets_the_retention_rule_and_reads_the_records(db) -> None:
    from tests.pages.test_setup_and_login import add_user

    add_user(db, "chefin", "admin")
    at = open_page(db, "chefin", PAGE)
    assert not at.exception
    at.number_input(key="rt_case_years").set_value(5)
    by_label(at.button, "Regel speichern").click()
    at.run()
    assert "Aufbewahrungsregel gespeichert." in texts(at)
    at = open_page(db, "chefin", PAGE)
    assert at.number_input(key="rt_case_years").value == 5
    records = [m.value for m in at.markdown if "## Verantwortliche" in str(m.value)][0]
    assert "seit mehr als 5 Jahren abgeschlossen" in records
    assert "**Koordination (VSWG):**" in records and "Nachname der Person" in records
    assert "Ort des Hinweises (Adresse)" in records and "Text der Wiedervorlage" in records


def test_kuemmerer_sees_who_the_rule_would_anonymise(db) -> None:
    _demo_person(db)
    at = open_page(db, "kuemmerer.chemnitz", PAGE)
    assert "Zurzeit ist in Ihrer Genossenschaft niemand betroffen." in texts(at)
