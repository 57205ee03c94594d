"""Quick contacts (Kurzkontakt): anonymous, a few taps each, from the stairwell — one at a
time, several at once from a paper tally (Strichliste), today's list, and taking one back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from config import local_time, local_today
from db.models import CatalogueEntry, Contact
from services.actor import Actor
from services.audit import audit
from services.catalogues import chosen_entries
from services.contacts import ContactData, contact_errors, existing_by_token, new_contact
from services.errors import Invalid, NotFound
from services.permissions import require

MAX_PER_CELL = 99  # one kind and topic on one tally sheet
MAX_PER_TALLY = 300
TOPIC_NEEDED = "Bitte wählen Sie mindestens ein Thema (sonst „Sonstiges“)."


def _quick_errors(session: Session, data: ContactData, today: dt.date) -> dict[str, str]:
    """A quick contact counts in the topic figures only with a topic: one is required."""
    errors = contact_errors(session, data, today)
    if not data.topic_ids:
        errors.setdefault("topic_ids", TOPIC_NEEDED)
    return errors


def record_quick_contact(
    session: Session, actor: Actor, data: ContactData, today: dt.date | None = None
) -> Contact:
    """An anonymous quick contact: no person, no case, no note."""
    require(actor, "community.write")
    if done := existing_by_token(session, actor, data.client_token):
        return done
    data = ContactData(
        data.contact_date, data.minutes, data.kind_id, data.topic_ids, (), "", data.client_token
    )
    if errors := _quick_errors(session, data, today or local_today()):
        raise Invalid(errors)
    contact = new_contact(session, actor, data)
    audit(session, actor, "quick_contact_recorded", "contact", contact.id)
    return contact


@dataclass(frozen=True)
class TallyData:
    """A paper tally entered at once: one date and duration, a count per kind and topic."""

    contact_date: dt.date | None
    minutes: int | None
    counts: Mapping[tuple[int, int], int]  # (kind id, topic id) -> talks


def record_tally(
    session: Session, actor: Actor, tally: TallyData, today: dt.date | None = None
) -> list[int]:
    """One quick contact per stroke of the tally; all or none."""
    require(actor, "community.write")
    counts = {cell: n for cell, n in tally.counts.items() if n}
    errors: dict[str, str] = {}
    if any(not 0 < n <= MAX_PER_CELL for n in counts.values()):
        errors["counts"] = f"Je Art und Thema sind 1 bis {MAX_PER_CELL} Gespräche möglich."
    elif not counts:
        errors["counts"] = "Bitte tragen Sie mindestens ein Gespräch ein."
    elif sum(counts.values()) > MAX_PER_TALLY:
        errors["counts"] = f"Höchstens {MAX_PER_TALLY} Gespräche auf einmal."
    sample = ContactData(tally.contact_date, tally.minutes, None)
    found = contact_errors(session, sample, today or local_today())
    errors.update({k: v for k, v in found.items() if k in ("contact_date", "minutes")})
    kinds = chosen_entries(session, "contact_kind", sorted({k for k, _ in counts}))
    topics = chosen_entries(session, "problem_area", sorted({t for _, t in counts}))
    if kinds is None or topics is None:
        errors["counts"] = "Eine Art oder ein Thema gibt es nicht mehr – bitte neu laden."
    if errors:
        raise Invalid(errors)
    ids = []
    for (kind, topic), n in sorted(counts.items()):
        for _ in range(n):
            data = ContactData(tally.contact_date, tally.minutes, kind, (topic,))
            ids.append(new_contact(session, actor, data).id)
    audit(session, actor, "quick_contacts_tallied", "contact", ids[0], count=len(ids))
    return ids


def quick_contacts_on(session: Session, actor: Actor, day: dt.date) -> int:
    require(actor, "community.write")
    return (
        session.scalar(
            select(func.count()).where(
                Contact.cooperative_id == actor.cooperative_id,
                Contact.case_id.is_(None),
                Contact.contact_date == day,
            )
        )
        or 0
    )


@dataclass(frozen=True)
class QuickContactLine:
    id: int
    entered: str  # local time of entry, "09:41"
    kind: str
    topics: tuple[str, ...]
    minutes: int
    removable: bool  # the actor entered it today


def todays_quick_contacts(session: Session, actor: Actor, today: dt.date) -> list[QuickContactLine]:
    """The cooperative's quick contacts dated today, the latest first — as many as the
    counter counts."""
    require(actor, "community.write")
    rows = session.scalars(
        select(Contact)
        .where(
            Contact.cooperative_id == actor.cooperative_id,
            Contact.case_id.is_(None),
            Contact.contact_date == today,
        )
        .options(selectinload(Contact.topics))
        .order_by(Contact.id.desc())
    ).all()
    kinds = dict(
        session.execute(
            select(CatalogueEntry.id, CatalogueEntry.label).where(
                CatalogueEntry.id.in_({c.kind_id for c in rows})
            )
        ).all()
    )
    return [
        QuickContactLine(
            c.id,
            local_time(c.created_at).strftime("%H:%M"),
            kinds.get(c.kind_id, ""),
            tuple(t.label for t in c.topics),
            c.minutes,
            _removable(c, actor, today),
        )
        for c in rows
    ]


def _removable(contact: Contact, actor: Actor, today: dt.date) -> bool:
    return (
        contact.created_by_id == actor.user_id
        and contact.case_id is None
        and contact.cooperative_id == actor.cooperative_id
        and local_time(contact.created_at).date() == today
    )


def remove_quick_contacts(
    session: Session, actor: Actor, ids: list[int] | tuple[int, ...], today: dt.date
) -> int:
    """Take back quick contacts one entered today (a wrong tap, a tally entered twice).
    Nothing else may be removed: another's, an older one, a contact of a case."""
    require(actor, "community.write")
    found = session.scalars(select(Contact).where(Contact.id.in_(set(ids)))).all()
    if (
        not ids
        or len(found) != len(set(ids))
        or not all(_removable(c, actor, today) for c in found)
    ):
        raise NotFound("Dieser Kurzkontakt kann nicht mehr entfernt werden.")
    for contact in found:
        session.delete(contact)
    session.flush()
    audit(session, actor, "quick_contacts_removed", "contact", min(ids), count=len(set(ids)))
    return len(set(ids))
