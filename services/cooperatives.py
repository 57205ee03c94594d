"""Cooperatives (Verwaltung → Genossenschaften): list, create, edit, deactivate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Cooperative, Person, User, max_length
from services.actor import Actor
from services.audit import audit
from services.errors import Conflict, Invalid, NotFound
from services.permissions import require

CODE_RE = re.compile(r"^[A-Z0-9]{2,10}$")
MAX_HOUSING_UNITS = 1_000_000


@dataclass(frozen=True)
class CooperativeRow:
    id: int
    name: str
    code: str
    city: str
    housing_units: int
    active: bool
    version: int
    active_accounts: int


@dataclass(frozen=True)
class CooperativeData:
    name: str
    code: str
    city: str
    housing_units: int | None
    active: bool = True
    version: int | None = None  # as shown in the edit form: detects a concurrent edit


def list_cooperatives(session: Session, actor: Actor) -> list[CooperativeRow]:
    require(actor, "admin.cooperatives")
    accounts = (
        select(User.cooperative_id, func.count().label("n"))
        .where(User.active.is_(True))
        .group_by(User.cooperative_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Cooperative.id,
            Cooperative.name,
            Cooperative.code,
            Cooperative.city,
            Cooperative.housing_units,
            Cooperative.active,
            Cooperative.version,
            func.coalesce(accounts.c.n, 0),
        )
        .outerjoin(accounts, accounts.c.cooperative_id == Cooperative.id)
        .order_by(Cooperative.city, Cooperative.name)
    ).all()
    return [CooperativeRow(*r) for r in rows]


def _errors(session: Session, data: CooperativeData, own_id: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name, code, city = data.name.strip(), data.code.strip().upper(), data.city.strip()
    others = select(Cooperative.id).where(Cooperative.id != (own_id or 0))
    if not name:
        errors["name"] = "Bitte geben Sie den Namen der Genossenschaft ein."
    elif len(name) > (limit := max_length(Cooperative.name)):
        errors["name"] = f"Der Name darf höchstens {limit} Zeichen lang sein."
    elif session.scalar(others.where(func.lower(Cooperative.name) == name.lower())):
        errors["name"] = "Eine Genossenschaft mit diesem Namen gibt es schon."
    if not CODE_RE.fullmatch(code):
        errors["code"] = "Das Kürzel muss 2–10 Zeichen lang sein: Buchstaben A–Z und Ziffern."
    elif session.scalar(others.where(Cooperative.code == code)):
        errors["code"] = "Dieses Kürzel hat schon eine andere Genossenschaft."
    if not city:
        errors["city"] = "Bitte geben Sie die Stadt ein."
    elif len(city) > (limit := max_length(Cooperative.city)):
        errors["city"] = f"Die Stadt darf höchstens {limit} Zeichen lang sein."
    if data.housing_units is None or not 0 <= data.housing_units <= MAX_HOUSING_UNITS:
        errors["housing_units"] = "Bitte geben Sie die Zahl der Wohneinheiten an (0 oder mehr)."
    return errors


def create_cooperative(session: Session, actor: Actor, data: CooperativeData) -> Cooperative:
    require(actor, "admin.cooperatives")
    if errors := _errors(session, data, None):
        raise Invalid(errors)
    coop = Cooperative(
        name=data.name.strip(),
        code=data.code.strip().upper(),
        city=data.city.strip(),
        housing_units=data.housing_units,
        active=data.active,
    )
    session.add(coop)
    session.flush()
    audit(session, actor, "cooperative_created", "cooperative", coop.id)
    return coop


def update_cooperative(
    session: Session, actor: Actor, cooperative_id: int, data: CooperativeData
) -> Cooperative:
    require(actor, "admin.cooperatives")
    coop = session.get(Cooperative, cooperative_id)
    if coop is None:
        raise NotFound("Diese Genossenschaft gibt es nicht.")
    if coop.version != data.version:
        raise Conflict()
    errors = _errors(session, data, coop.id)
    code = data.code.strip().upper()
    if "code" not in errors and code != coop.code:
        persons = session.scalar(
            select(func.count()).select_from(Person).where(Person.cooperative_id == coop.id)
        )
        if persons:
            # Pseudonyms like CSG-0142 carry the code; changing it would orphan them.
            errors["code"] = (
                f"Das Kürzel steckt schon in den Pseudonymen von {persons} Personen und kann "
                "nicht mehr geändert werden."
            )
    if errors:
        raise Invalid(errors)
    was_active = coop.active
    coop.name, coop.code, coop.city = data.name.strip(), code, data.city.strip()
    coop.housing_units, coop.active = data.housing_units, data.active
    session.flush()
    if was_active != coop.active:
        action = "cooperative_activated" if coop.active else "cooperative_deactivated"
        audit(session, actor, action, "cooperative", coop.id)
    audit(session, actor, "cooperative_updated", "cooperative", coop.id)
    return coop


def cooperative_id_by_name(session: Session, name_or_code: str) -> int:
    """For the command line: a cooperative by its name or code, ignoring case."""
    wanted = name_or_code.strip().lower()
    coop_id = session.scalar(
        select(Cooperative.id).where(
            (func.lower(Cooperative.name) == wanted) | (func.lower(Cooperative.code) == wanted)
        )
    )
    if coop_id is None:
        raise NotFound(f"Eine Genossenschaft „{name_or_code}“ gibt es nicht.")
    return coop_id


def own_cooperative_name(session: Session, actor: Actor) -> str:
    """The name of the Kümmerer's own cooperative (a sheet's or an export's heading)."""
    require(actor, "case.read")
    coop = session.get(Cooperative, actor.cooperative_id)
    return coop.name if coop else ""
