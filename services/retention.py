"""Retention (Art. 5 (1) e GDPR): persons whose cases are closed for longer than the rule says
are anonymised the same way as an erasure (the indicators stay); signals that never became
a case lose place and note after the same period (a tenant's address and what was seen
there); old audit entries are deleted. The rule lives in the database (app_setting), set by
the admin; `python manage.py retention --dry-run|--apply` and the Datenschutz page show what
it affects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from db.models import AuditLog, Person, Referral, Setting, Signal, utcnow
from db.models import Case as CaseRow
from services.audit import audit
from services.dashboard import months_back
from services.errors import Invalid
from services.permissions import require
from services.privacy import ERASED, anonymise

DEFAULTS = {"retention.case_years": 3, "retention.audit_years": 2}


@dataclass(frozen=True)
class RetentionRules:
    case_years: int = 3  # cases closed longer ago -> the person is anonymised
    audit_years: int = 2  # audit entries older -> deleted


def rules(session: Session) -> RetentionRules:
    stored = dict(
        session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(DEFAULTS))).all()
    )
    values = {k: int(stored.get(k, v)) for k, v in DEFAULTS.items()}
    return RetentionRules(values["retention.case_years"], values["retention.audit_years"])


def save_rules(session: Session, actor, new: RetentionRules) -> None:
    require(actor, "admin.retention")
    errors = {}
    if not 1 <= new.case_years <= 30:
        errors["case_years"] = "Bitte 1 bis 30 Jahre angeben."
    if not 1 <= new.audit_years <= 30:
        errors["audit_years"] = "Bitte 1 bis 30 Jahre angeben."
    if errors:
        raise Invalid(errors)
    for key, value in (
        ("retention.case_years", new.case_years),
        ("retention.audit_years", new.audit_years),
    ):
        setting = session.get(Setting, key) or Setting(key=key)
        setting.value = str(value)
        session.add(setting)
    audit(
        session, actor, "retention_changed", case_years=new.case_years, audit_years=new.audit_years
    )


@dataclass(frozen=True)
class RetentionPlan:
    rules: RetentionRules
    cases_closed_before: dt.date
    audit_before: dt.date
    person_ids: list[int]
    pseudonyms: list[str]  # for the own cooperative's view (a Kümmerer may see them)
    audit_entries: int
    signal_ids: list[int] = ()  # signals without a case, reported before the cutoff


def _due_persons(today: dt.date, rule: RetentionRules, cooperative_id: int | None):
    cutoff = months_back(today, 12 * rule.case_years)
    case = CaseRow
    open_case = exists().where(case.person_id == Person.id, case.status != "abgeschlossen")
    recent = exists().where(case.person_id == Person.id, case.closed_on >= cutoff)
    any_case = exists().where(case.person_id == Person.id)
    open_referral = exists().where(
        Referral.case_id == case.id, case.person_id == Person.id, Referral.status == "angefragt"
    )
    created_before = func.date(Person.created_at) < cutoff
    query = select(Person.id, Person.pseudonym).where(
        Person.anonymised_at.is_(None),
        ~open_case,
        ~recent,
        ~open_referral,
        # a person without any case (e.g. only helped by a volunteer) counts from being recorded
        or_(any_case, created_before),
    )
    if cooperative_id is not None:
        query = query.where(Person.cooperative_id == cooperative_id)
    return query.order_by(Person.pseudonym), cutoff


def retention_plan(
    session: Session, actor, today: dt.date, cooperative_id: int | None = None
) -> RetentionPlan:
    """What the rule would do today (for a Kümmerer: in the own cooperative only)."""
    if actor.role == "kuemmerer":
        require(actor, "privacy.subject_rights")
        cooperative_id = actor.cooperative_id
    else:
        require(actor, "admin.retention")
    rule = rules(session)
    query, cutoff = _due_persons(today, rule, cooperative_id)
    due = session.execute(query).all()
    audit_before = months_back(today, 12 * rule.audit_years)
    old_audit = session.scalar(
        select(func.count()).where(AuditLog.at < dt.datetime.combine(audit_before, dt.time()))
    )
    signals = select(Signal.id).where(
        Signal.case_id.is_(None),
        Signal.anonymised_at.is_(None),
        func.date(Signal.created_at) < cutoff,
    )
    if cooperative_id is not None:
        signals = signals.where(Signal.cooperative_id == cooperative_id)
    return RetentionPlan(
        rule,
        cutoff,
        audit_before,
        [r[0] for r in due],
        [r[1] for r in due],
        0 if actor.role == "kuemmerer" else old_audit or 0,
        list(session.scalars(signals.order_by(Signal.id))),
    )


def apply_retention(session: Session, actor, today: dt.date) -> RetentionPlan:
    """Carry the plan out in the caller's transaction; audited with counts only."""
    plan = retention_plan(session, actor, today)
    anonymise(session, plan.person_ids)
    if plan.signal_ids:
        session.execute(
            update(Signal)
            .where(Signal.id.in_(plan.signal_ids))
            .values(location=ERASED, note_enc=None, anonymised_at=utcnow())
        )
    session.execute(
        delete(AuditLog).where(AuditLog.at < dt.datetime.combine(plan.audit_before, dt.time()))
    )
    audit(
        session,
        actor,
        "retention_applied",
        persons=len(plan.person_ids),
        signals=len(plan.signal_ids),
        audit_entries=plan.audit_entries,
    )
    return plan
