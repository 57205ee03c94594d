"""A tenant's rights (GDPR Art. 15 and 17) and consents, for the Kümmerer of the person's own
cooperative: everything stored about a person in one export, erasure that keeps the
statistical facts (the indicators do not change), consents and releases of confidentiality.
Audited by action and record number only — never the data itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from db.models import (
    CONSENT_FORMS,
    CONSENT_KINDS,
    CatalogueEntry,
    Consent,
    Contact,
    Cooperative,
    FollowUp,
    HelpNeed,
    Partner,
    Person,
    Rating,
    Referral,
    Signal,
    User,
    VolunteerAssignment,
    utcnow,
)
from db.models import Case as CaseRow
from services import ratings
from services.audit import audit
from services.case_records import PERSON_TEXT, exported_person, full_name
from services.cooperatives import own_cooperative_name
from services.crypto import read_text
from services.errors import Invalid, NotFound
from services.help_needs import keys_of, when_text
from services.labels import (
    CASE_STATUS_LABELS,
    CONSENT_FORM_LABELS,
    HANDOVER_STEP_LABELS,
    NEED_STATUS_LABELS,
    REFERRAL_STATUS_LABELS,
    URGENCY_LABELS,
)
from services.permissions import require, require_own_cooperative
from services.pseudonyms import code_number, reserve_code_number
from services.referral_followup import steps_of

ERASED = "–"  # what an erased required text field holds
CONSENT_LABELS = {"dokumentation": "Dokumentation", "schweigepflichtentbindung":
                  "Schweigepflichtentbindung"}  # fmt: skip
FORM_LABELS = CONSENT_FORM_LABELS


def _person(session: Session, actor, person_id: int) -> Person:
    require(actor, "privacy.subject_rights")
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound()
    require_own_cooperative(actor, person.cooperative_id)
    return person


@dataclass(frozen=True)
class PersonSummary:
    id: int
    pseudonym: str
    name: str
    anonymised: bool


def person_summary(session: Session, actor, person_id: int) -> PersonSummary:
    person = _person(session, actor, person_id)
    name = full_name(person.first_name, person.last_name)
    return PersonSummary(person.id, person.pseudonym, name, person.anonymised_at is not None)


def cooperative_name(session: Session, actor) -> str:
    """The controller named in an access export: the Kümmerer's cooperative."""
    require(actor, "privacy.subject_rights")
    return own_cooperative_name(session, actor)


# --- consents ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConsentRow:
    id: int
    kind: str
    partner: str | None
    given_on: dt.date
    form: str
    valid_until: dt.date | None
    withdrawn_on: dt.date | None

    def state(self, today: dt.date) -> str:
        if self.withdrawn_on and self.withdrawn_on <= today:
            return "widerrufen"
        if self.valid_until and self.valid_until < today:
            return "abgelaufen"
        return "gültig"


def consents(session: Session, actor, person_id: int) -> list[ConsentRow]:
    _person(session, actor, person_id)
    rows = session.execute(
        select(
            Consent.id,
            Consent.kind,
            Partner.name,
            Consent.given_on,
            Consent.form,
            Consent.valid_until,
            Consent.withdrawn_on,
        )
        .outerjoin(Partner, Partner.id == Consent.partner_id)
        .where(Consent.person_id == person_id)
        .order_by(Consent.given_on.desc(), Consent.id.desc())
    )
    return [ConsentRow(*r) for r in rows]


@dataclass(frozen=True)
class ConsentData:
    kind: str
    given_on: dt.date | None
    form: str
    partner_id: int | None = None
    valid_until: dt.date | None = None


def record_consent(session: Session, actor, person_id: int, data: ConsentData, today) -> Consent:
    _person(session, actor, person_id)
    errors = {}
    if data.kind not in CONSENT_KINDS:
        errors["kind"] = "Bitte wählen Sie die Art der Einwilligung."
    if data.form not in CONSENT_FORMS:
        errors["form"] = "Bitte wählen Sie, ob schriftlich oder mündlich."
    if data.given_on is None or data.given_on > today:
        errors["given_on"] = "Bitte geben Sie das Datum an (nicht in der Zukunft)."
    if data.kind == "schweigepflichtentbindung" and not data.partner_id:
        errors["partner_id"] = "Eine Schweigepflichtentbindung gilt gegenüber einem Partner."
    if data.valid_until and data.given_on and data.valid_until < data.given_on:
        errors["valid_until"] = "„Gültig bis“ liegt vor dem Datum der Einwilligung."
    if errors:
        raise Invalid(errors)
    partner_id = data.partner_id if data.kind == "schweigepflichtentbindung" else None
    return insert_consent(
        session,
        actor,
        person_id,
        data.kind,
        data.given_on,
        data.form,
        partner_id,
        data.valid_until,
    )


def insert_consent(
    session: Session,
    actor,
    person_id: int,
    kind: str,
    given_on: dt.date,
    form: str,
    partner_id: int | None = None,
    valid_until: dt.date | None = None,
) -> Consent:
    """Store an already validated consent and audit it (also a release recorded together
    with a referral)."""
    consent = Consent(
        person_id=person_id,
        kind=kind,
        partner_id=partner_id,
        given_on=given_on,
        form=form,
        valid_until=valid_until,
    )
    session.add(consent)
    session.flush()
    audit(session, actor, "consent_recorded", "consent", consent.id)
    return consent


def withdraw_consent(session: Session, actor, consent_id: int, on: dt.date) -> Consent:
    consent = session.get(Consent, consent_id)
    if consent is None:
        raise NotFound()
    _person(session, actor, consent.person_id)
    if consent.withdrawn_on is not None:
        raise Invalid({}, "Diese Einwilligung ist bereits widerrufen.")
    if on < consent.given_on:
        raise Invalid({"withdrawn_on": "Der Widerruf liegt vor der Einwilligung."})
    consent.withdrawn_on = on
    audit(session, actor, "consent_withdrawn", "consent", consent.id)
    return consent


@dataclass(frozen=True)
class ConsentWarning:
    case_id: int
    person_id: int
    pseudonym: str
    what: str  # 'Dokumentation widerrufen', 'Schweigepflichtentbindung (Partner) abgelaufen'


def consent_warnings(
    session: Session, actor, today: dt.date, case_id: int | None = None
) -> list[ConsentWarning]:
    """Open cases of the own cooperative whose person withdrew a consent or whose consent
    ran out — for the start page and (with case_id) the case page."""
    require(actor, "case.read")
    ended = or_(Consent.withdrawn_on <= today, Consent.valid_until < today)
    query = (
        select(
            CaseRow.id,
            Person.id,
            Person.pseudonym,
            Consent.kind,
            Partner.name,
            Consent.withdrawn_on,
        )
        .join(Person, Person.id == CaseRow.person_id)
        .join(Consent, Consent.person_id == Person.id)
        .outerjoin(Partner, Partner.id == Consent.partner_id)
        .where(
            CaseRow.cooperative_id == actor.cooperative_id,
            CaseRow.status != "abgeschlossen",
            ended,
        )
        .order_by(CaseRow.id, Consent.id)
    )
    if case_id is not None:
        query = query.where(CaseRow.id == case_id)
    warnings = []
    for case, person, code, kind, partner, withdrawn in session.execute(query):
        label = CONSENT_LABELS[kind] + (f" ({partner})" if partner else "")
        state = "widerrufen" if withdrawn and withdrawn <= today else "abgelaufen"
        warnings.append(ConsentWarning(case, person, code, f"{label} {state}"))
    return warnings


# --- Art. 15: access ------------------------------------------------------------------------
@dataclass
class AccessExport:
    """Everything stored about a person, readable (labels, decrypted notes)."""

    person: dict
    consents: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    volunteer_help: list[dict] = field(default_factory=list)
    created_on: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _labels(entries) -> list[str]:
    return [e.label for e in entries]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _ratings_export(session: Session, case_id: int) -> list[dict]:
    """The case's ratings with each question's point in words (services.ratings)."""
    tools = {t.id: t for t in ratings.instruments(session, active_only=False)}
    found = session.scalars(
        select(Rating).where(Rating.case_id == case_id).order_by(Rating.rated_on, Rating.id)
    ).all()
    out = []
    for rating in found:
        tool = tools[rating.instrument_id]
        keys = {i.id: i.key for i in tool.items}
        answers = ratings.described(tool, {keys[v.item_id]: v.value for v in rating.values})
        out.append({"datum": _iso(rating.rated_on), "instrument": tool.name,
                    "zeitpunkt": ratings.STAGES[rating.stage],
                    "wie": ratings.SOURCES[rating.source], "antworten": answers})  # fmt: skip
    return out


def _case_export(session: Session, case: CaseRow, label: dict, users: dict) -> dict:
    """One case with everything in it; label and users map ids to what is shown."""
    contacts = session.scalars(
        select(Contact).where(Contact.case_id == case.id).order_by(Contact.contact_date)
    ).all()
    referrals = session.execute(
        select(Referral, Partner.name)
        .join(Partner, Partner.id == Referral.partner_id)
        .where(Referral.case_id == case.id)
        .order_by(Referral.referred_on)
    ).all()
    follow_ups = session.scalars(
        select(FollowUp).where(FollowUp.case_id == case.id).order_by(FollowUp.due_on)
    ).all()
    signals = session.scalars(select(Signal).where(Signal.case_id == case.id)).all()
    handover = steps_of(session, [r.id for r, _ in referrals])
    needs = session.scalars(
        select(HelpNeed).where(HelpNeed.case_id == case.id).order_by(HelpNeed.posted_on)
    ).all()
    return {
        "fall_nr": case.id,
        "eroeffnet_am": _iso(case.opened_on),
        "abgeschlossen_am": _iso(case.closed_on),
        "status": CASE_STATUS_LABELS[case.status],
        "dringlichkeit": URGENCY_LABELS[case.urgency],
        "zugangsweg": label.get(case.access_route_id),
        "problemlagen": _labels(case.problem_areas),
        "ergebnisse": _labels(case.outcomes),
        "zustaendig": users.get(case.responsible_user_id),
        "kontakte": [
            {
                "datum": _iso(c.contact_date),
                "minuten": c.minutes,
                "art": label.get(c.kind_id),
                "themen": _labels(c.topics),
                "interventionen": _labels(c.interventions),
                "notiz": read_text(c.note_enc, "contact", c.id),
            }
            for c in contacts
        ],
        "vermittlungen": [
            {
                "datum": _iso(r.referred_on),
                "partner": partner,
                "bedarf": label.get(r.need_id),
                "status": REFERRAL_STATUS_LABELS[r.status],
                "stand": _iso(r.status_on),
                "rueckmeldung": r.feedback,
                "uebergabe": [
                    f"{HANDOVER_STEP_LABELS[k]} {d:%d.%m.%Y}"
                    for k, d in handover.get(r.id, {}).items()
                ],
            }
            for r, partner in referrals
        ],
        "hilfebedarfe": [
            {
                "eingetragen_am": _iso(n.posted_on),
                "was": label.get(n.kind_id),
                "wo": n.area,
                "wann": when_text(keys_of(n.weekdays), keys_of(n.daytimes), n.on_date),
                "stand": NEED_STATUS_LABELS[n.status],
                "hinweis": n.note,
            }
            for n in needs
        ],
        "einschaetzungen": _ratings_export(session, case.id),
        "wiedervorlagen": [
            {"faellig": _iso(f.due_on), "text": f.text, "erledigt": _iso(f.done_on)}
            for f in follow_ups
        ],
        "hinweise": [
            {
                "gemeldet_am": _iso(s.created_at.date()),
                "ort": s.location,
                "beobachtung": ", ".join(o.label for o in s.observations)
                or label.get(s.observation_id),
                "dringlichkeit": URGENCY_LABELS[s.urgency],
                "notiz": read_text(s.note_enc, "signal", s.id),
                "mieter_informiert": s.tenant_informed,
            }
            for s in signals
        ],
    }


def access_export(session: Session, actor, person_id: int, today: dt.date) -> AccessExport:
    """Art. 15: the person, consents, cases with contacts (notes decrypted), referrals,
    follow-ups and signals, and volunteer help received. Audited."""
    person = _person(session, actor, person_id)
    cases = session.scalars(
        select(CaseRow).where(CaseRow.person_id == person.id).order_by(CaseRow.opened_on)
    ).all()
    case_ids = [c.id for c in cases]
    label = {e.id: e.label for e in session.scalars(select(CatalogueEntry))}
    users = dict(session.execute(select(User.id, User.display_name)).all())
    helped = session.scalars(
        select(VolunteerAssignment)
        .where(
            or_(
                VolunteerAssignment.person_id == person.id,
                VolunteerAssignment.case_id.in_(case_ids),
            )
        )
        .order_by(VolunteerAssignment.assigned_on)
    ).all()
    export = AccessExport(
        person={
            "pseudonym": person.pseudonym,
            **exported_person(person),
            "erfasst_am": _iso(person.created_at.date()),
        },
        consents=[
            {
                "art": CONSENT_LABELS[c.kind],
                "partner": c.partner,
                "erteilt_am": _iso(c.given_on),
                "form": FORM_LABELS[c.form],
                "gueltig_bis": _iso(c.valid_until),
                "widerrufen_am": _iso(c.withdrawn_on),
            }
            for c in consents(session, actor, person_id)
        ],
        cases=[_case_export(session, c, label, users) for c in cases],
        volunteer_help=[
            {"datum": _iso(a.assigned_on), "stunden": float(a.hours), "taetigkeit": a.activity}
            for a in helped
        ],
        created_on=today.isoformat(),
    )
    audit(session, actor, "access_exported", "person", person.id)
    return export


# --- Art. 17: erasure -----------------------------------------------------------------------
@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure removes and keeps, for the confirmation dialog."""

    pseudonym: str
    cases: int
    contacts_with_notes: int
    referrals: int
    consents: int
    open_referrals: int


def _count(session: Session, query) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def erasure_plan(session: Session, actor, person_id: int) -> ErasurePlan:
    person = _person(session, actor, person_id)
    case_ids = select(CaseRow.id).where(CaseRow.person_id == person.id)
    in_cases = Referral.case_id.in_(case_ids)
    return ErasurePlan(
        person.pseudonym,
        _count(session, case_ids),
        _count(
            session,
            select(Contact.id).where(Contact.case_id.in_(case_ids), Contact.note_enc.is_not(None)),
        ),
        _count(session, select(Referral.id).where(in_cases)),
        _count(session, select(Consent.id).where(Consent.person_id == person.id)),
        _count(session, select(Referral.id).where(in_cases, Referral.status == "angefragt")),
    )


def _anonymous_code(person: Person) -> str:
    return f"ANON-{person.id:06d}"


def erase_person(session: Session, actor, person_id: int) -> Person:
    """Art. 17: remove everything that identifies the person or says something personal
    (names, address, phone, birth year, notes, feedback, follow-up texts, consents, signal
    places and notes); keep the statistical facts (dates, kinds, minutes, problem areas,
    outcomes, urgency, access route), so every indicator stays the same.
    Refused while a referral is still open (the partner may still need the data)."""
    person = _person(session, actor, person_id)
    if person.anonymised_at is not None:
        raise Invalid({}, "Diese Person ist bereits anonymisiert.")
    plan = erasure_plan(session, actor, person_id)
    if plan.open_referrals:
        raise Invalid(
            {},
            f"Es gibt noch {plan.open_referrals} offene Vermittlung(en) (Status „angefragt“). "
            "Bitte erst den Stand der Vermittlung eintragen, dann löschen.",
        )
    anonymise(session, [person.id])
    audit(session, actor, "person_erased", "person", person.id)
    return person


def anonymise(session: Session, person_ids: list[int]) -> int:
    """The erasure itself, for a set of persons (also used by the retention rule)."""
    if not person_ids:
        return 0
    case_ids = select(CaseRow.id).where(CaseRow.person_id.in_(person_ids))
    session.execute(update(Contact).where(Contact.case_id.in_(case_ids)).values(note_enc=None))
    session.execute(
        update(Referral)
        .where(Referral.case_id.in_(case_ids))
        .values(feedback=None, consent_id=None)
    )
    session.execute(update(FollowUp).where(FollowUp.case_id.in_(case_ids)).values(text=ERASED))
    session.execute(update(HelpNeed).where(HelpNeed.case_id.in_(case_ids)).values(note=None))
    session.execute(
        update(Signal)
        .where(Signal.case_id.in_(case_ids))
        .values(location=ERASED, note_enc=None, anonymised_at=utcnow())
    )
    session.execute(
        update(VolunteerAssignment)
        .where(
            or_(
                VolunteerAssignment.person_id.in_(person_ids),
                VolunteerAssignment.case_id.in_(case_ids),
            )
        )
        .values(activity=None)
    )
    for consent in session.scalars(select(Consent).where(Consent.person_id.in_(person_ids))):
        session.delete(consent)
    now = utcnow()
    codes = dict(session.execute(select(Cooperative.id, Cooperative.code)).all())
    for person in session.scalars(select(Person).where(Person.id.in_(person_ids))):
        number = code_number(person.pseudonym, codes.get(person.cooperative_id, ""))
        if number is not None:  # the renamed code stays taken
            reserve_code_number(session, person.cooperative_id, number)
        person.pseudonym = _anonymous_code(person)
        for name in PERSON_TEXT:
            setattr(person, name, None)
        person.anonymised_at = now
    session.flush()
    return len(person_ids)
