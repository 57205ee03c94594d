"""Cases of the acting Kümmerer's own cooperative (the full case work follows in issue 5)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Case
from services.actor import Actor
from services.errors import NotFound
from services.permissions import require, require_own_cooperative


def load_case(session: Session, actor: Actor, case_id: int, write: bool = False) -> Case:
    """The case if the actor may see it; another cooperative's case does not exist."""
    require(actor, "case.write" if write else "case.read")
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("Diesen Fall gibt es nicht.")
    require_own_cooperative(actor, case.cooperative_id)
    return case
