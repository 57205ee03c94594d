"""Case work on SQLite and PostgreSQL: what a Kümmerer records lands in the database, bad
input is refused per field, another cooperative's case does not exist, edits conflict."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select, text

from db.models import AuditLog, Case, Consent, Contact, FollowUp, Person, Referral
from services import cases, privacy
from services.case_queries import CaseFilter, case_header, describe_changes, list_cases, timeline
from services.catalogues import entry_ids
from services.contacts import ContactData
from services.errors import Conflict, Invalid, NotFound
from services.quick_contacts import quick_contacts_on, record_quick_contact
from tests import factories as f

TODAY = dt.date(2026, 11, 25)


def _contact(session, day=TODAY, minutes=20, note="", token=None, kind="hausbesuch"):
    return ContactData(
        day,
        minutes,
        entry_ids(session, "contact_kind")[kind],
        intervention_ids=(entry_ids(session, "intervention")["gespraech"],),
        note=note,
        client_token=token,
    )


def _new_case(session, first_name="Gisela", areas=("vereinsamung",), **contact_kw):
    ids = entry_ids(session, "problem_area")
    return cases.NewCase(
        person_id=None,
        person=cases.PersonData(first_name=first_name, last_name="Krause", street="Lindenweg"),
        access_route_id=entry_ids(session, "access_route")["hinweis_nachbarschaft"],
        problem_area_ids=tuple(ids[a] for a in areas),
        urgency="akut",
        first_contact=_contact(session, **contact_kw),
    )


def test_open_case_creates_person_case_and_first_contact(session) -> None:
    me = f.kuemmerer(session, code="CSG")
    first = cases.open_case(session, me, _new_case(session), TODAY)
    second = cases.open_case(session, me, _new_case(session, first_name="Horst"), TODAY)
    assert first.person.pseudonym == "CSG-0001" and second.person.pseudonym == "CSG-0002"
    assert (first.status, first.opened_on, first.responsible_user_id) == (
        "offen",
        TODAY,
        me.user_id,
    )
    assert [e.key for e in first.problem_areas] == ["vereinsamung"]
    contact = session.scalar(select(Contact).where(Contact.case_id == first.id))
    assert contact.minutes == 20 and contact.created_by_id == me.user_id
    actions = session.scalars(select(AuditLog.action).where(AuditLog.user_id == me.user_id)).all()
    assert {"person_created", "case_opened", "contact_added"} <= set(actions)
    assert all("Gisela" not in str(d) for d in session.scalars(select(AuditLog.details)))


def test_existing_person_gets_a_second_case(session) -> None:
    me = f.kuemmerer(session)
    first = cases.open_case(session, me, _new_case(session), TODAY)
    found = cases.find_persons(session, me, "gisela kr")
    assert [p.pseudonym for p in found] == [first.person.pseudonym] and found[0].open_cases == 1
    data = dataclasses.replace(_new_case(session), person_id=found[0].id)
    again = cases.open_case(session, me, data, TODAY)
    assert again.person_id == first.person_id
    assert session.scalar(select(func.count()).select_from(Person)) == 1


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"areas": ()}, "problem_area_ids", "mindestens eine Problemlage"),
        ({"day": TODAY + dt.timedelta(days=1)}, "contact_contact_date", "Zukunft"),
        ({"minutes": 0}, "contact_minutes", "zwischen 1 und 600"),
        ({"minutes": 601}, "contact_minutes", "zwischen 1 und 600"),
    ],
)
def test_bad_case_input_is_refused_and_nothing_written(session, change, field, words) -> None:
    me = f.kuemmerer(session)
    with pytest.raises(Invalid) as exc:
        cases.open_case(session, me, _new_case(session, **change), TODAY)
    assert words in exc.value.fields[field]
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_another_cooperatives_case_does_not_exist(session) -> None:
    mine = f.kuemmerer(session)
    other = f.kuemmerer(session, city="Zwickau")
    case = cases.open_case(session, mine, _new_case(session), TODAY)
    with pytest.raises(NotFound):
        cases.load_case(session, other, case.id)
    with pytest.raises(NotFound):
        cases.add_contact(session, other, case.id, _contact(session), TODAY)
    with pytest.raises(NotFound):
        case_header(session, other, case.id)
    assert cases.find_persons(session, other, "Gisela") == []
    assert list_cases(session, other, CaseFilter(), TODAY).total == 0


def test_notes_are_encrypted_in_the_database_and_readable_in_the_timeline(session) -> None:
    me = f.kuemmerer(session)
    case = cases.open_case(session, me, _new_case(session, note="wirkt erschöpft"), TODAY)
    raw = session.execute(text("SELECT note_enc FROM contact WHERE case_id = :c"), {"c": case.id})
    stored = raw.scalar_one()
    assert stored and "erschöpft" not in stored
    [contact] = [i for i in timeline(session, me, case.id) if i.kind == "contact"]
    assert contact.note == "wirkt erschöpft"


def test_quick_contact_is_recorded_once_and_counted(session) -> None:
    me = f.kuemmerer(session)
    topic = entry_ids(session, "problem_area")["mietschulden"]
    data = ContactData(
        TODAY,
        10,
        entry_ids(session, "contact_kind")["tuer_und_angel"],
        (topic,),
        client_token="form-1",
    )
    first = record_quick_contact(session, me, data, TODAY)
    again = record_quick_contact(session, me, data, TODAY)  # the same form sent twice
    assert first.id == again.id and first.case_id is None
    assert [t.key for t in first.topics] == ["mietschulden"]
    assert quick_contacts_on(session, me, TODAY) == 1
    with pytest.raises(Invalid) as exc:
        record_quick_contact(session, me, ContactData(TODAY, None, None), TODAY)
    assert set(exc.value.fields) == {"minutes", "kind_id", "topic_ids"}


def test_referral_needs_a_release_of_confidentiality_once_per_partner(session) -> None:
    me = f.kuemmerer(session)
    case = cases.open_case(session, me, _new_case(session), TODAY)
    partner = f.partner(session)
    need = entry_ids(session, "problem_area")["pflege"]
    with pytest.raises(Invalid) as exc:
        cases.add_referral(session, me, case.id, cases.ReferralData(None, need, TODAY), TODAY)
    assert "Partner" in exc.value.fields["partner_id"]
    with pytest.raises(Invalid) as exc:
        cases.add_referral(session, me, case.id, cases.ReferralData(partner.id, need, TODAY), TODAY)
    assert "Schweigepflichtentbindung" in exc.value.fields["consent_form"]
    given = cases.ReferralData(partner.id, need, TODAY, consent_form="schriftlich")
    first = cases.add_referral(session, me, case.id, given, TODAY)
    assert cases.consent_on_file(session, me, case.id, partner.id, TODAY) == TODAY
    second = cases.add_referral(
        session, me, case.id, cases.ReferralData(partner.id, None, TODAY), TODAY
    )
    assert first.consent_id == second.consent_id
    assert session.scalar(select(func.count()).select_from(Consent)) == 1
    cases.update_referral_status(session, me, first.id, "angenommen", first.version, TODAY)
    assert session.get(Referral, first.id).status == "angenommen"
    with pytest.raises(Conflict):
        cases.update_referral_status(session, me, first.id, "erledigt", 1, TODAY)


def test_follow_ups_close_and_reopen(session) -> None:
    me = f.kuemmerer(session)
    case = cases.open_case(session, me, _new_case(session), TODAY)
    with pytest.raises(Invalid) as exc:
        cases.add_follow_up(session, me, case.id, TODAY - dt.timedelta(days=1), "", TODAY)
    assert set(exc.value.fields) == {"due_on", "text"}
    done = cases.add_follow_up(session, me, case.id, TODAY, "Pflegedienst anrufen", TODAY)
    later = cases.add_follow_up(session, me, case.id, TODAY + dt.timedelta(days=7), "Besuch", TODAY)
    cases.complete_follow_up(session, me, done.id, TODAY)
    assert session.get(FollowUp, done.id).done_on == TODAY

    seen = case_header(session, me, case.id)
    with pytest.raises(Invalid) as exc:
        cases.close_case(session, me, case.id, (), TODAY, seen, TODAY)
    assert "mindestens ein Ergebnis" in exc.value.fields["outcome_ids"]
    outcome = entry_ids(session, "outcome")["teilhabe_gestaerkt"]
    cases.close_case(session, me, case.id, (outcome,), TODAY, seen, TODAY)
    closed = session.get(Case, case.id)
    assert (closed.status, closed.closed_on) == ("abgeschlossen", TODAY)
    assert session.get(FollowUp, later.id).done_on == TODAY  # nothing stays due
    with pytest.raises(Invalid):
        cases.add_contact(session, me, case.id, _contact(session), TODAY)
    cases.reopen_case(session, me, case.id, case_header(session, me, case.id))
    assert (closed.status, closed.closed_on, closed.outcomes) == ("in_bearbeitung", None, [])
    kinds = [i.title for i in timeline(session, me, case.id) if i.kind == "status"]
    assert kinds[0] == "Status: abgeschlossen → in Bearbeitung"


def test_second_editor_gets_a_conflict_saying_what_changed(session) -> None:
    me = f.kuemmerer(session)
    case = cases.open_case(session, me, _new_case(session), TODAY)
    seen_by_a = case_header(session, me, case.id)
    seen_by_b = case_header(session, me, case.id)
    cases.change_status(session, me, case.id, "ruhend", seen_by_a)
    areas = (entry_ids(session, "problem_area")["mietschulden"],)
    edit = cases.CaseEdit(areas, me.user_id, cases.PersonData(first_name="Gisela"))
    with pytest.raises(Conflict) as exc:
        cases.edit_case(session, me, case.id, edit, seen_by_b)
    assert "Status: offen → ruhend" in str(exc.value)
    assert "Ihre Eingaben stehen noch im Formular" in str(exc.value)
    assert [e.key for e in session.get(Case, case.id).problem_areas] == ["vereinsamung"]
    # saving again on top of the current state takes the second user's input
    cases.edit_case(session, me, case.id, edit, case_header(session, me, case.id))
    assert [e.key for e in session.get(Case, case.id).problem_areas] == ["mietschulden"]


def test_person_edit_moves_the_case_version(session) -> None:
    me = f.kuemmerer(session)
    case = cases.open_case(session, me, _new_case(session), TODAY)
    seen = case_header(session, me, case.id)
    keep = tuple(o.id for o in seen.problem_areas)
    edit = cases.CaseEdit(keep, me.user_id, cases.PersonData(first_name="Gisela", phone="0371 1"))
    cases.edit_case(session, me, case.id, edit, seen)
    with pytest.raises(Conflict) as exc:
        cases.edit_case(session, me, case.id, edit, seen)
    assert "Telefon: – → 0371 1" in str(exc.value)


def test_case_list_searches_filters_sorts_and_pages_in_sql(session) -> None:
    me = f.kuemmerer(session, code="ZWG")
    gisela = cases.open_case(
        session, me, _new_case(session, day=TODAY - dt.timedelta(days=40)), TODAY
    )
    recent = _new_case(session, "Horst", ("mietschulden",), day=TODAY - dt.timedelta(days=3))
    horst = cases.open_case(session, me, recent, TODAY)
    cases.add_follow_up(session, me, horst.id, TODAY, "Anrufen", TODAY - dt.timedelta(days=5))
    everything = list_cases(session, me, CaseFilter(), TODAY)
    assert everything.total == 2 and [r.name for r in everything.rows] == [
        "Horst Krause",
        "Gisela Krause",
    ]
    assert list_cases(session, me, CaseFilter(search="zwg-0001"), TODAY).rows[0].id == gisela.id
    assert list_cases(session, me, CaseFilter(search="HORST"), TODAY).rows[0].id == horst.id
    area = entry_ids(session, "problem_area")["mietschulden"]
    by_area = list_cases(session, me, CaseFilter(problem_area_id=area), TODAY)
    assert [r.id for r in by_area.rows] == [horst.id]
    assert by_area.rows[0].problem_areas == "Mietschulden / finanzielle Not"
    overdue = list_cases(session, me, CaseFilter(overdue_only=True), TODAY + dt.timedelta(days=1))
    assert [r.id for r in overdue.rows] == [horst.id]
    stale_first = list_cases(session, me, CaseFilter(), TODAY, sort="last_contact")
    assert stale_first.rows[0].id == gisela.id
    page_two = list_cases(session, me, CaseFilter(), TODAY, limit=1, offset=1)
    assert page_two.total == 2 and [r.id for r in page_two.rows] == [gisela.id]


def test_every_audited_case_action_has_a_german_label(session) -> None:
    from services.labels import AUDIT_ACTION_LABELS

    me = f.kuemmerer(session)
    case = cases.open_case(session, me, _new_case(session), TODAY)
    cases.add_follow_up(session, me, case.id, TODAY, "Anrufen", TODAY)
    cases.change_status(session, me, case.id, "ruhend", case_header(session, me, case.id))
    topic = (entry_ids(session, "problem_area")["sucht"],)
    record_quick_contact(
        session, me, replace(_contact(session, kind="telefon"), topic_ids=topic), TODAY
    )
    actions = set(session.scalars(select(AuditLog.action)))
    assert actions and actions <= set(AUDIT_ACTION_LABELS)


def test_too_long_person_fields_are_named() -> None:
    errors = cases.person_errors(cases.PersonData(first_name="x" * 101, phone="1" * 51))
    assert errors == {
        "first_name": "Höchstens 100 Zeichen (jetzt 101).",
        "phone": "Höchstens 50 Zeichen (jetzt 51).",
    }


def test_a_person_edited_through_another_case_is_not_overwritten_from_an_older_header(
    session,
) -> None:
    """One person, two cases: B corrects the street through the second case; A, whose page of
    the first case was opened before, then saves only a new responsible person."""
    me = f.kuemmerer(session)
    first = cases.open_case(session, me, _new_case(session), TODAY)
    again = dataclasses.replace(_new_case(session), person_id=first.person_id)
    second = cases.open_case(session, me, again, TODAY)
    seen_by_a = case_header(session, me, first.id)
    by_b = case_header(session, me, second.id)
    corrected = dataclasses.replace(by_b.person, street="Ahornweg")
    keep = tuple(o.id for o in by_b.problem_areas)
    cases.edit_case(session, me, second.id, cases.CaseEdit(keep, None, corrected), by_b)
    edit_by_a = cases.CaseEdit(keep, me.user_id, seen_by_a.person)
    with pytest.raises(Conflict) as exc:
        cases.edit_case(session, me, first.id, edit_by_a, seen_by_a)
    assert "Ahornweg" in str(exc.value)
    assert session.get(Person, first.person_id).street == "Ahornweg"


def test_when_a_person_is_reachable_is_kept_shown_exported_and_erased(session) -> None:
    """A person field added in one declaration (PersonData) reaches the row (encrypted), the
    case header, the edit, the conflict message, the access export and the erasure."""
    me = f.kuemmerer(session)
    data = _new_case(session)
    data = dataclasses.replace(
        data, person=dataclasses.replace(data.person, reachable="vormittags, lange klingeln")
    )
    case = cases.open_case(session, me, data, TODAY)
    session.flush()
    stored = session.execute(
        text("SELECT reachable FROM person WHERE id = :id"), {"id": case.person_id}
    ).scalar()
    assert stored and "klingeln" not in stored  # encrypted at rest
    header = case_header(session, me, case.id)
    assert header.person.reachable == "vormittags, lange klingeln"
    later = dataclasses.replace(header.person, reachable="nachmittags")
    moved = dataclasses.replace(header, person=later)
    assert describe_changes(header, moved) == [
        "Erreichbar: vormittags, lange klingeln → nachmittags"
    ]
    export = privacy.access_export(session, me, case.person_id, TODAY)
    assert export.person["erreichbar"] == "vormittags, lange klingeln"
    privacy.erase_person(session, me, case.person_id)
    assert session.get(Person, case.person_id).reachable is None


@pytest.mark.parametrize(("follow_ups", "done"), [("done", TODAY), ("keep", None)])
def test_closing_asks_what_becomes_of_open_follow_ups_and_referrals(
    session, follow_ups, done
) -> None:
    """Issue 25: closing no longer ticks off follow-ups and leaves referrals silently."""
    me = f.kuemmerer(session)
    case = cases.open_case(session, me, _new_case(session), TODAY)
    later = cases.add_follow_up(session, me, case.id, TODAY + dt.timedelta(days=7), "Besuch", TODAY)
    given = cases.ReferralData(f.partner(session).id, None, TODAY, consent_form="schriftlich")
    referral = cases.add_referral(session, me, case.id, given, TODAY)
    outcome = (entry_ids(session, "outcome")["teilhabe_gestaerkt"],)
    seen = case_header(session, me, case.id)
    assert cases.open_items(session, me, case.id) == cases.OpenItems(
        ["Besuch"], [(referral.id, "Pflegedienst Sonnenschein")]
    )
    with pytest.raises(Invalid) as exc:
        cases.close_case(session, me, case.id, outcome, TODAY, seen, TODAY, None, None)
    assert set(exc.value.fields) == {"follow_ups", "referrals"}
    assert session.get(Case, case.id).status != "abgeschlossen"
    cases.close_case(
        session, me, case.id, outcome, TODAY, seen, TODAY, follow_ups, "nicht_wahrgenommen"
    )
    assert session.get(FollowUp, later.id).done_on == done
    assert session.get(Referral, referral.id).status == "nicht_wahrgenommen"
