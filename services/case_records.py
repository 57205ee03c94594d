"""What every case service stands on, below cases, case_queries and signals (so none of
them imports another in a circle): loading a case the actor may see, the person's fields and
their checks, finding persons by code or name."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Case, Person
from services.actor import Actor
from services.errors import NotFound, limits, too_long
from services.labels import AGE_GROUP_LABELS, HOUSEHOLD_LABELS
from services.permissions import require, require_own_cooperative


def load_case(session: Session, actor: Actor, case_id: int, write: bool = False) -> Case:
    """The case if the actor may see it; another cooperative's case does not exist."""
    require(actor, "case.write" if write else "case.read")
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("Diesen Fall gibt es nicht.")
    require_own_cooperative(actor, case.cooperative_id)
    return case


def _about(label: str, key: str, choices: dict[str, str] | None = None, choose: str = ""):  # noqa: ANN202
    """A person's field, declared once: its German label (forms, conflict messages), its key in
    the Art. 15 export, and for a choice the labels by value and how a wrong one is named.
    A text field (str) is personal: stored like the column says, limited by it, erased by
    Art. 17; a choice is statistical and stays."""
    meta = {"label": label, "key": key, "choices": choices, "choose": choose}
    return field(default=None if choices else "", metadata=meta)


def full_name(first: str | None, last: str | None) -> str:
    """First and last name as far as known ("" for neither)."""
    return " ".join(part for part in (first, last) if part)


@dataclass(frozen=True)
class PersonData:
    """The person as forms and services exchange it: every field here has a column of the
    same name on Person, and the forms, the case header, the checks, the conflict message,
    the access export and the erasure all read this list."""

    first_name: str = _about("Vorname", "vorname")
    last_name: str = _about("Nachname", "nachname")
    street: str = _about("Straße", "strasse")
    house_no: str = _about("Hausnummer", "hausnummer")
    flat: str = _about("Wohnung", "wohnung")
    phone: str = _about("Telefon", "telefon")
    reachable: str = _about("Erreichbar", "erreichbar")
    age_group: str | None = _about(
        "Altersgruppe", "altersgruppe", AGE_GROUP_LABELS, "eine Altersgruppe"
    )
    household_type: str | None = _about(
        "Haushalt", "haushalt", HOUSEHOLD_LABELS, "eine Haushaltsform"
    )

    @classmethod
    def of(cls, record: object) -> PersonData:
        """Every field read from a record with the same names (a person row); a text field
        missing there becomes empty."""
        values = {}
        for f in fields(cls):
            value = getattr(record, f.name)
            values[f.name] = "" if value is None and f.default == "" else value
        return cls(**values)

    def apply_to(self, person: Person) -> None:
        """Write every field to the person row (empty text and no choice as NULL)."""
        for name in PERSON_TEXT:
            setattr(person, name, getattr(self, name).strip() or None)
        for name in PERSON_CHOICES:
            setattr(person, name, getattr(self, name) or None)


PERSON_FIELDS = {f.name: f.metadata for f in fields(PersonData)}
PERSON_TEXT = tuple(name for name, meta in PERSON_FIELDS.items() if not meta["choices"])
PERSON_CHOICES = tuple(name for name, meta in PERSON_FIELDS.items() if meta["choices"])


def exported_person(person: Person) -> dict[str, str | None]:
    """The person's fields for the Art. 15 export, by their export key (choices by label)."""
    return {
        meta["key"]: meta["choices"].get(value) if meta["choices"] else value
        for name, meta in PERSON_FIELDS.items()
        for value in (getattr(person, name),)
    }


def person_errors(data: PersonData) -> dict[str, str]:
    errors = too_long(data, limits(Person, *PERSON_TEXT))
    for name in PERSON_CHOICES:
        value, meta = getattr(data, name), PERSON_FIELDS[name]
        if value and value not in meta["choices"]:
            errors[name] = f"Bitte wählen Sie {meta['choose']} aus der Liste."
    return errors


def persons_matching(session: Session, cooperative_id: int, text: str) -> list[int]:
    """Ids of the cooperative's persons whose code or name contains the text. Names may be
    encrypted at rest (db/crypto.py), so they are compared after reading, not in SQL."""
    text = text.strip().lower()
    rows = session.execute(
        select(Person.id, Person.pseudonym, Person.first_name, Person.last_name).where(
            Person.cooperative_id == cooperative_id, Person.anonymised_at.is_(None)
        )
    )
    return [
        pid
        for pid, code, first, last in rows
        if text in code.lower() or text in f"{first or ''} {last or ''}".lower()
    ]
