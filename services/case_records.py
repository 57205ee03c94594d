"""What every case service stands on, below cases, case_queries and signals (so none of
them imports another in a circle): loading a case the actor may see, the person's fields and
their checks, finding persons by code or name."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AGE_GROUPS, HOUSEHOLD_TYPES, Case, Person
from services.actor import Actor
from services.errors import NotFound, limits, too_long
from services.permissions import require, require_own_cooperative


def load_case(session: Session, actor: Actor, case_id: int, write: bool = False) -> Case:
    """The case if the actor may see it; another cooperative's case does not exist."""
    require(actor, "case.write" if write else "case.read")
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("Diesen Fall gibt es nicht.")
    require_own_cooperative(actor, case.cooperative_id)
    return case


@dataclass(frozen=True)
class PersonData:
    first_name: str = ""
    last_name: str = ""
    street: str = ""
    house_no: str = ""
    flat: str = ""
    phone: str = ""
    age_group: str | None = None
    household_type: str | None = None

    @classmethod
    def of(cls, record: object) -> PersonData:
        """Every field read from a record with the same names (a person row, a case header);
        a text field missing there becomes empty."""
        values = {}
        for f in fields(cls):
            value = getattr(record, f.name)
            values[f.name] = "" if value is None and f.default == "" else value
        return cls(**values)


PERSON_TEXT = ("first_name", "last_name", "street", "house_no", "flat", "phone")


def person_errors(data: PersonData) -> dict[str, str]:
    errors = too_long(data, limits(Person, *PERSON_TEXT))
    if data.age_group and data.age_group not in AGE_GROUPS:
        errors["age_group"] = "Bitte wählen Sie eine Altersgruppe aus der Liste."
    if data.household_type and data.household_type not in HOUSEHOLD_TYPES:
        errors["household_type"] = "Bitte wählen Sie eine Haushaltsform aus der Liste."
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
