"""Person codes (pseudonyms like CSG-0142): a number once handed out is never given again,
also after the person was erased and the code renamed ANON-… (migration 0010)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import Cooperative, Person


def code_number(pseudonym: str, coop_code: str) -> int | None:
    """The number of a code like CSG-0142 of this cooperative, else None (ANON-…)."""
    prefix, _, number = pseudonym.rpartition("-")
    return int(number) if prefix == coop_code and number.isdigit() else None


def reserve_code_number(session: Session, coop_id: int, number: int) -> None:
    """Remember that a code number was handed out, so no later person gets it again (also
    when that person is erased and the code renamed)."""
    session.execute(
        update(Cooperative)
        .where(Cooperative.id == coop_id, Cooperative.last_person_number < number)
        .values(last_person_number=number)
        .execution_options(synchronize_session=False)
    )


def next_pseudonym(session: Session, coop: Cooperative) -> str:
    """The next code of the cooperative, above every code it holds or ever handed out (the
    demo and the benchmark insert persons with codes of their own)."""
    highest = session.scalar(
        select(Person.pseudonym)
        .where(Person.cooperative_id == coop.id, Person.pseudonym.like(f"{coop.code}-%"))
        .order_by(func.length(Person.pseudonym).desc(), Person.pseudonym.desc())
        .limit(1)
    )
    ever = session.scalar(select(Cooperative.last_person_number).where(Cooperative.id == coop.id))
    held = (code_number(highest, coop.code) if highest else None) or 0
    number = max(held, ever or 0) + 1
    reserve_code_number(session, coop.id, number)
    return f"{coop.code}-{number:04d}"
