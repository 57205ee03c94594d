"""Contacts: the anonymous quick contact (Kurzkontakt) and the contact within a case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Contact, max_length
from services.actor import Actor
from services.catalogues import chosen_entries
from services.crypto import encrypt_text

MAX_MINUTES = 600
MAX_NOTE = max_length(Contact.note_enc)


@dataclass(frozen=True)
class ContactData:
    contact_date: dt.date | None
    minutes: int | None
    kind_id: int | None
    topic_ids: tuple[int, ...] = ()
    intervention_ids: tuple[int, ...] = ()
    note: str = ""
    # One per displayed form: a form sent twice (Enter, then click) stores one contact.
    client_token: str | None = None


def contact_errors(
    session: Session, data: ContactData, today: dt.date, prefix: str = ""
) -> dict[str, str]:
    """German messages per field (``prefix`` lets a bigger form embed these fields)."""
    errors: dict[str, str] = {}
    if data.contact_date is None:
        errors["contact_date"] = "Bitte geben Sie das Datum an."
    elif data.contact_date > today:
        errors["contact_date"] = "Das Datum liegt in der Zukunft – bitte prüfen Sie es."
    if data.minutes is None or not 0 < data.minutes <= MAX_MINUTES:
        errors["minutes"] = f"Die Dauer muss zwischen 1 und {MAX_MINUTES} Minuten liegen."
    if data.kind_id is None or not chosen_entries(session, "contact_kind", [data.kind_id]):
        errors["kind_id"] = "Bitte wählen Sie die Kontaktart."
    if chosen_entries(session, "problem_area", data.topic_ids) is None:
        errors["topic_ids"] = "Ein gewähltes Thema gibt es nicht mehr – bitte neu wählen."
    if chosen_entries(session, "intervention", data.intervention_ids) is None:
        errors["intervention_ids"] = "Eine gewählte Intervention gibt es nicht mehr."
    if len(data.note) > MAX_NOTE:
        errors["note"] = f"Die Notiz darf höchstens {MAX_NOTE} Zeichen lang sein."
    return {prefix + k: v for k, v in errors.items()}


def existing_by_token(session: Session, actor: Actor, token: str | None) -> Contact | None:
    if not token:
        return None
    return session.scalar(
        select(Contact).where(
            Contact.client_token == token, Contact.cooperative_id == actor.cooperative_id
        )
    )


def new_contact(
    session: Session, actor: Actor, data: ContactData, case_id: int | None = None
) -> Contact:
    """Insert an already validated contact."""
    contact = Contact(
        case_id=case_id,
        cooperative_id=actor.cooperative_id,
        contact_date=data.contact_date,
        minutes=data.minutes,
        kind_id=data.kind_id,
        note_enc=encrypt_text(data.note.strip()),
        created_by_id=actor.user_id,
        client_token=data.client_token,
        topics=chosen_entries(session, "problem_area", data.topic_ids) or [],
        interventions=chosen_entries(session, "intervention", data.intervention_ids) or [],
    )
    session.add(contact)
    session.flush()
    return contact


def usual_kind(session: Session, actor: Actor, today: dt.date) -> int | None:
    """The kind of contact the Kümmerer documented most in the last half year (a case
    contact's preset), None before the first one."""
    return session.scalar(
        select(Contact.kind_id)
        .where(
            Contact.created_by_id == actor.user_id,
            Contact.case_id.is_not(None),
            Contact.contact_date > today - dt.timedelta(days=183),
        )
        .group_by(Contact.kind_id)
        .order_by(func.count().desc(), Contact.kind_id)
        .limit(1)
    )
