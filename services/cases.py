"""Case work of a Kümmerer in the own cooperative: persons, cases, contacts, referrals,
follow-ups, status. Every write checks permission, validates, writes and audits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from config import local_today
from db.models import (
    CASE_STATUSES,
    CONSENT_FORMS,
    REFERRAL_STATUSES,
    URGENCIES,
    Case,
    CaseStatusChange,
    Consent,
    Cooperative,
    FollowUp,
    Partner,
    Person,
    Referral,
    User,
)
from services.actor import Actor
from services.audit import audit
from services.case_queries import CaseHeader, case_header, describe_changes, last_editor
from services.case_records import (
    PersonData,
    full_name,
    load_case,
    person_errors,
    persons_matching,
)
from services.catalogues import chosen_entries
from services.contacts import ContactData, contact_errors, existing_by_token, new_contact
from services.errors import Conflict, Invalid, NotFound, limits, too_long
from services.labels import ON_CLOSING_FOLLOW_UPS, ON_CLOSING_REFERRALS
from services.permissions import require
from services.privacy import insert_consent
from services.pseudonyms import next_pseudonym
from services.signals import close_signals_of_case, link_case, require_signal


def _insert_person(session: Session, actor: Actor, data: PersonData) -> Person:
    """A new person with the next free pseudonym code of the cooperative."""
    coop = session.get(Cooperative, actor.cooperative_id)
    for _attempt in range(5):
        try:
            with session.begin_nested():  # another Kümmerer may take the same code meanwhile
                person = Person(cooperative_id=coop.id, pseudonym=next_pseudonym(session, coop))
                data.apply_to(person)
                session.add(person)
                session.flush()
        except IntegrityError:
            continue
        audit(session, actor, "person_created", "person", person.id)
        return person
    raise Conflict("Der Personencode konnte nicht vergeben werden. Bitte erneut speichern.")


@dataclass(frozen=True)
class PersonMatch:
    id: int
    pseudonym: str
    name: str
    address: str
    open_cases: int


def find_persons(session: Session, actor: Actor, text: str, limit: int = 10) -> list[PersonMatch]:
    """Persons of the own cooperative by code or name (for "find or create")."""
    require(actor, "case.read")
    if len(text.strip()) < 2:
        return []
    ids = persons_matching(session, actor.cooperative_id, text)
    open_cases = (
        select(func.count())
        .where(Case.person_id == Person.id, Case.status != "abgeschlossen")
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Person.id,
            Person.pseudonym,
            Person.first_name,
            Person.last_name,
            Person.street,
            Person.house_no,
            open_cases,
        )
        .where(Person.id.in_(ids))
        .order_by(Person.pseudonym)
        .limit(limit)
    ).all()
    return [
        PersonMatch(
            r[0],
            r[1],
            full_name(r[2], r[3]),
            " ".join(p for p in (r[4], r[5]) if p),
            r[6],
        )
        for r in rows
    ]


# --- opening a case ------------------------------------------------------------------------
@dataclass(frozen=True)
class NewCase:
    person_id: int | None  # an existing person, or None: create one from ``person``
    person: PersonData
    access_route_id: int | None
    problem_area_ids: tuple[int, ...]
    urgency: str | None
    first_contact: ContactData  # its date is the case's opening date


def open_case(session: Session, actor: Actor, data: NewCase, today: dt.date | None = None) -> Case:
    require(actor, "case.write")
    if done := existing_by_token(session, actor, data.first_contact.client_token):
        return session.get(Case, done.case_id)
    today = today or local_today()
    errors = contact_errors(session, data.first_contact, today, prefix="contact_")
    person = None
    if data.person_id is not None:
        person = session.get(Person, data.person_id)
        if person is None or person.cooperative_id != actor.cooperative_id:
            errors["person_id"] = "Diese Person gibt es nicht (mehr)."
    else:
        errors.update(person_errors(data.person))
    if not data.access_route_id or not chosen_entries(
        session, "access_route", [data.access_route_id]
    ):
        errors["access_route_id"] = "Bitte wählen Sie den Zugangsweg."
    if not data.problem_area_ids:
        errors["problem_area_ids"] = "Bitte wählen Sie mindestens eine Problemlage."
    elif chosen_entries(session, "problem_area", data.problem_area_ids) is None:
        errors["problem_area_ids"] = "Eine gewählte Problemlage gibt es nicht mehr."
    if data.urgency not in URGENCIES:
        errors["urgency"] = "Bitte wählen Sie die Dringlichkeit."
    if errors:
        raise Invalid(errors)
    if person is None:
        person = _insert_person(session, actor, data.person)
    case = Case(
        person_id=person.id,
        cooperative_id=actor.cooperative_id,
        responsible_user_id=actor.user_id,
        opened_on=data.first_contact.contact_date,
        access_route_id=data.access_route_id,
        urgency=data.urgency,
        status="offen",
        problem_areas=chosen_entries(session, "problem_area", data.problem_area_ids),
    )
    session.add(case)
    session.flush()
    session.add(CaseStatusChange(case_id=case.id, to_status="offen", user_id=actor.user_id))
    contact = new_contact(session, actor, data.first_contact, case.id)
    audit(session, actor, "case_opened", "case", case.id)
    audit(session, actor, "contact_added", "contact", contact.id)
    return case


# --- contacts, referrals, follow-ups -------------------------------------------------------
CLOSED = "Der Fall ist abgeschlossen. Öffnen Sie ihn wieder, um weiter zu dokumentieren."


def _open_case_for_writing(session: Session, actor: Actor, case_id: int) -> Case:
    case = load_case(session, actor, case_id, write=True)
    if case.status == "abgeschlossen":
        raise Invalid({}, CLOSED)
    return case


def add_contact(
    session: Session, actor: Actor, case_id: int, data: ContactData, today: dt.date | None = None
):
    case = _open_case_for_writing(session, actor, case_id)
    if done := existing_by_token(session, actor, data.client_token):
        return done
    if errors := contact_errors(session, data, today or local_today()):
        raise Invalid(errors)
    contact = new_contact(session, actor, data, case.id)
    audit(session, actor, "contact_added", "contact", contact.id)
    return contact


@dataclass(frozen=True)
class ReferralData:
    partner_id: int | None
    need_id: int | None
    referred_on: dt.date | None
    # How the release of confidentiality was given now ("schriftlich"/"muendlich"); None when
    # a valid one towards this partner is on file already.
    consent_form: str | None = None


def valid_consent(session: Session, person_id: int, partner_id: int, on: dt.date) -> Consent | None:
    return session.scalar(
        select(Consent)
        .where(
            Consent.person_id == person_id,
            Consent.partner_id == partner_id,
            Consent.kind == "schweigepflichtentbindung",
            Consent.given_on <= on,
            Consent.withdrawn_on.is_(None),
            or_(Consent.valid_until.is_(None), Consent.valid_until >= on),
        )
        .order_by(Consent.given_on.desc())
        .limit(1)
    )


def consent_on_file(
    session: Session, actor: Actor, case_id: int, partner_id: int, on: dt.date
) -> dt.date | None:
    """The day a valid release towards this partner was given, if there is one."""
    case = load_case(session, actor, case_id)
    consent = valid_consent(session, case.person_id, partner_id, on)
    return consent.given_on if consent else None


def add_referral(
    session: Session,
    actor: Actor,
    case_id: int,
    data: ReferralData,
    today: dt.date | None = None,
) -> Referral:
    case = _open_case_for_writing(session, actor, case_id)
    today = today or local_today()
    errors: dict[str, str] = {}
    partner = session.get(Partner, data.partner_id) if data.partner_id else None
    if partner is None or not partner.active:
        errors["partner_id"] = "Bitte wählen Sie den Partner, an den Sie vermitteln."
    if data.need_id and not chosen_entries(session, "problem_area", [data.need_id]):
        errors["need_id"] = "Diesen Bedarf gibt es nicht mehr."
    if data.referred_on is None or data.referred_on > today:
        errors["referred_on"] = "Das Datum fehlt oder liegt in der Zukunft."
    consent = None
    if partner is not None and "referred_on" not in errors:
        consent = valid_consent(session, case.person_id, partner.id, data.referred_on)
        if consent is None and data.consent_form not in CONSENT_FORMS:
            errors["consent_form"] = (
                "Für die Vermittlung braucht es die Schweigepflichtentbindung der Person "
                "gegenüber diesem Partner. Bitte geben Sie an, wie sie erteilt wurde."
            )
    if errors:
        raise Invalid(errors)
    if consent is None:
        consent = insert_consent(
            session,
            actor,
            case.person_id,
            "schweigepflichtentbindung",
            data.referred_on,
            data.consent_form,
            partner.id,
        )
    referral = Referral(
        case_id=case.id,
        partner_id=partner.id,
        referred_on=data.referred_on,
        need_id=data.need_id,
        consent_id=consent.id,
        status="angefragt",
        status_on=data.referred_on,
        created_by_id=actor.user_id,
    )
    session.add(referral)
    session.flush()
    audit(session, actor, "referral_added", "referral", referral.id)
    return referral


def update_referral_status(
    session: Session,
    actor: Actor,
    referral_id: int,
    status: str,
    version: int,
    today: dt.date | None = None,
    feedback: str | None = None,
) -> Referral:
    """A new status, or the partner's answer: the status day moves (asked again and still
    "angefragt" moves it too, so the feedback reminder waits a new period); the first move
    from "angefragt" is kept as the partner's first answer; a feedback text is added to
    what the partner said before."""
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFound("Diese Vermittlung gibt es nicht.")
    load_case(session, actor, referral.case_id, write=True)
    if status not in REFERRAL_STATUSES:
        raise Invalid({"status": "Bitte wählen Sie einen Status."})
    feedback = (feedback or "").strip()
    if errors := too_long({"feedback": feedback}, limits(Referral, "feedback")):
        raise Invalid(errors)
    if referral.version != version:
        raise Conflict(
            "Diese Vermittlung wurde inzwischen von jemand anderem geändert. Die Seite zeigt "
            "jetzt den aktuellen Stand – bitte prüfen Sie, ob Ihre Änderung noch nötig ist."
        )
    today = today or local_today()
    if status != "angefragt" and referral.first_response_on is None:
        referral.first_response_on = today
    if feedback:  # each answer dated; when the history is full the oldest go first
        lines = [*(referral.feedback or "").splitlines(), f"{today:%d.%m.%Y}: {feedback}"]
        limit = limits(Referral, "feedback")["feedback"]
        while len("\n".join(lines)) > limit and len(lines) > 1:
            lines.pop(0)
        referral.feedback = "\n".join(lines)[-limit:]
    referral.status = status
    referral.status_on = today
    session.flush()
    audit(session, actor, "referral_updated", "referral", referral.id, status=status)
    return referral


def add_follow_up(
    session: Session,
    actor: Actor,
    case_id: int,
    due_on: dt.date | None,
    text: str,
    today: dt.date | None = None,
) -> FollowUp:
    case = _open_case_for_writing(session, actor, case_id)
    errors = {}
    if due_on is None or due_on < (today or local_today()):
        errors["due_on"] = "Bitte wählen Sie heute oder einen Tag in der Zukunft."
    if not text.strip():
        errors["text"] = "Bitte schreiben Sie kurz, was zu tun ist."
    else:
        errors |= too_long({"text": text}, limits(FollowUp, "text"))
    if errors:
        raise Invalid(errors)
    follow_up = FollowUp(case_id=case.id, due_on=due_on, text=text.strip(), user_id=actor.user_id)
    session.add(follow_up)
    session.flush()
    audit(session, actor, "follow_up_added", "follow_up", follow_up.id)
    return follow_up


def complete_follow_up(
    session: Session, actor: Actor, follow_up_id: int, today: dt.date | None = None
) -> None:
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise NotFound("Diese Wiedervorlage gibt es nicht.")
    load_case(session, actor, follow_up.case_id, write=True)
    if follow_up.done_on is None:  # a second click changes nothing
        follow_up.done_on = today or local_today()
        session.flush()
        audit(session, actor, "follow_up_done", "follow_up", follow_up.id)


# --- case status and details (optimistic locking) ------------------------------------------
def _locked_case(session: Session, actor: Actor, case_id: int, seen: CaseHeader) -> Case:
    """The case for a change based on ``seen`` (the CaseHeader the form showed); if someone
    changed it since, a Conflict says what."""
    case = load_case(session, actor, case_id, write=True)
    if case.version != seen.version or case.person.version != seen.person_version:
        changes = describe_changes(seen, case_header(session, actor, case_id)) or ["Details"]
        who = last_editor(session, "case", case.id)
        raise Conflict(
            "Der Fall wurde inzwischen"
            + (f" von {who}" if who else "")
            + " geändert: "
            + "; ".join(changes)
            + ". Ihre Eingaben stehen noch im Formular – prüfen Sie sie und speichern Sie "
            "erneut, um sie zu übernehmen."
        )
    return case


def _set_status(session: Session, actor: Actor, case: Case, status: str) -> None:
    session.add(
        CaseStatusChange(
            case_id=case.id, from_status=case.status, to_status=status, user_id=actor.user_id
        )
    )
    case.status = status


def change_status(
    session: Session, actor: Actor, case_id: int, status: str, seen: CaseHeader
) -> Case:
    case = _locked_case(session, actor, case_id, seen)
    if status not in CASE_STATUSES or status == "abgeschlossen":
        raise Invalid({"status": "Zum Abschließen nutzen Sie bitte „Fall abschließen“."})
    if case.status == "abgeschlossen":
        raise Invalid({}, CLOSED)
    if status != case.status:
        old = case.status
        _set_status(session, actor, case, status)
        session.flush()
        audit(session, actor, "case_status_changed", "case", case.id, old=old, new=status)
    return case


@dataclass(frozen=True)
class OpenItems:
    """What a closing has to decide about: follow-ups not done, referrals unanswered."""

    follow_ups: list[str]  # their texts
    referrals: list[tuple[int, str]]  # (referral id, partner)


def open_items(session: Session, actor: Actor, case_id: int) -> OpenItems:
    case = load_case(session, actor, case_id)
    follow_ups = session.scalars(
        select(FollowUp.text)
        .where(FollowUp.case_id == case.id, FollowUp.done_on.is_(None))
        .order_by(FollowUp.due_on)
    ).all()
    referrals = session.execute(
        select(Referral.id, Partner.name)
        .join(Partner, Partner.id == Referral.partner_id)
        .where(Referral.case_id == case.id, Referral.status == "angefragt")
        .order_by(Referral.referred_on)
    ).all()
    return OpenItems(list(follow_ups), [tuple(r) for r in referrals])


def close_case(
    session: Session,
    actor: Actor,
    case_id: int,
    outcome_ids: tuple[int, ...],
    closed_on: dt.date | None,
    seen: CaseHeader,
    today: dt.date | None = None,
    follow_ups: str | None = "done",
    referrals: str | None = "keep",
) -> Case:
    """Close with at least one outcome. Open follow-ups are done with the closing or stay
    open (``follow_ups``: "done", "keep"); referrals still "angefragt" stay so or are
    entered as not taken up (``referrals``: "keep", "nicht_wahrgenommen"). A form asks both
    and passes None while unanswered."""
    case = _locked_case(session, actor, case_id, seen)
    if case.status == "abgeschlossen":
        raise Invalid({}, "Der Fall ist bereits abgeschlossen.")
    items = open_items(session, actor, case_id)
    errors = {}
    if items.follow_ups and follow_ups not in ON_CLOSING_FOLLOW_UPS:
        errors["follow_ups"] = "Bitte wählen Sie, was mit den offenen Wiedervorlagen geschieht."
    if items.referrals and referrals not in ON_CLOSING_REFERRALS:
        errors["referrals"] = "Bitte wählen Sie, was mit den offenen Vermittlungen geschieht."
    outcomes = chosen_entries(session, "outcome", outcome_ids)
    if not outcome_ids:
        errors["outcome_ids"] = "Bitte wählen Sie mindestens ein Ergebnis."
    elif outcomes is None:
        errors["outcome_ids"] = "Ein gewähltes Ergebnis gibt es nicht mehr."
    if closed_on is None or closed_on > (today or local_today()):
        errors["closed_on"] = "Das Datum fehlt oder liegt in der Zukunft."
    elif closed_on < case.opened_on:
        errors["closed_on"] = f"Der Fall wurde erst am {case.opened_on:%d.%m.%Y} eröffnet."
    if errors:
        raise Invalid(errors)
    _set_status(session, actor, case, "abgeschlossen")
    case.closed_on = closed_on
    case.outcomes = outcomes
    if follow_ups == "done":
        for follow_up in session.scalars(
            select(FollowUp).where(FollowUp.case_id == case.id, FollowUp.done_on.is_(None))
        ):
            follow_up.done_on = closed_on
    if referrals == "nicht_wahrgenommen":
        for referral in session.scalars(
            select(Referral).where(Referral.id.in_([r for r, _ in items.referrals]))
        ):
            update_referral_status(
                session, actor, referral.id, "nicht_wahrgenommen", referral.version, today
            )
    close_signals_of_case(session, case.id)
    session.flush()
    audit(session, actor, "case_closed", "case", case.id)
    return case


def open_case_from_signal(
    session: Session, actor: Actor, signal_id: int, data: NewCase, today: dt.date | None = None
) -> Case:
    """Open a case (see ``open_case``) and link the signal to it, in one transaction."""
    require_signal(session, actor, signal_id)  # before writing anything: it must exist
    new_case = open_case(session, actor, data, today)
    link_case(session, actor, signal_id, new_case.id)
    return new_case


def reopen_case(session: Session, actor: Actor, case_id: int, seen: CaseHeader) -> Case:
    """Back to work: the closing's outcomes no longer hold (the timeline keeps the closing)."""
    case = _locked_case(session, actor, case_id, seen)
    if case.status != "abgeschlossen":
        raise Invalid({}, "Der Fall ist nicht abgeschlossen.")
    _set_status(session, actor, case, "in_bearbeitung")
    case.closed_on = None
    case.outcomes = []
    session.flush()
    audit(session, actor, "case_reopened", "case", case.id)
    return case


@dataclass(frozen=True)
class CaseEdit:
    problem_area_ids: tuple[int, ...]
    responsible_id: int | None
    person: PersonData


def edit_case(session: Session, actor: Actor, case_id: int, change: CaseEdit, seen) -> Case:
    """Problem areas, responsible Kümmerer and the person's details of a case."""
    case = _locked_case(session, actor, case_id, seen)
    errors = person_errors(change.person)
    areas = chosen_entries(session, "problem_area", change.problem_area_ids)
    if not change.problem_area_ids:
        errors["problem_area_ids"] = "Bitte wählen Sie mindestens eine Problemlage."
    elif areas is None:
        errors["problem_area_ids"] = "Eine gewählte Problemlage gibt es nicht mehr."
    responsible = session.get(User, change.responsible_id) if change.responsible_id else None
    if change.responsible_id and (
        responsible is None
        or responsible.cooperative_id != actor.cooperative_id
        or responsible.role != "kuemmerer"
        or not responsible.active
    ):
        errors["responsible_id"] = "Bitte wählen Sie einen aktiven Kümmerer Ihrer Genossenschaft."
    if errors:
        raise Invalid(errors)
    case.problem_areas = areas
    case.responsible_user_id = change.responsible_id
    change.person.apply_to(case.person)
    # The case's version also moves when only the person changed, so that both count as
    # one record for the next editor.
    case.updated_at = dt.datetime.now(dt.UTC)
    session.flush()
    audit(session, actor, "case_updated", "case", case.id)
    return case
