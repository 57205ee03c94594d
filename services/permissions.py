"""The role table of DESIGN §2 in one place. Services call ``require``; pages may call ``can``
to decide what to offer, but the service check is what protects the data."""

from __future__ import annotations

from db.models import ROLES
from services.actor import Actor
from services.errors import NotAllowed, NotFound

# capability -> roles that have it
CAPABILITIES: dict[str, frozenset[str]] = {
    # persons, cases, contacts, notes, referrals, follow-ups: own cooperative only
    "case.read": frozenset({"kuemmerer"}),
    "case.write": frozenset({"kuemmerer"}),
    # quick contacts, activities, volunteers: own cooperative; Koordination aggregated only
    "community.write": frozenset({"kuemmerer"}),
    "community.read_aggregate": frozenset({"kuemmerer", "koordination"}),
    "partner.read": frozenset({"kuemmerer", "koordination", "admin"}),
    "partner.write": frozenset({"kuemmerer", "koordination", "admin"}),
    "indicators.own_detail": frozenset({"kuemmerer"}),
    "indicators.aggregate": frozenset({"kuemmerer", "koordination"}),
    "meeting.read": frozenset({"kuemmerer", "koordination"}),
    "meeting.propose_topic": frozenset({"kuemmerer", "koordination"}),
    "meeting.write": frozenset({"koordination"}),
    # success goals: Koordination sets them, both read those that concern them
    "goal.write": frozenset({"koordination"}),
    "report.own": frozenset({"kuemmerer"}),
    "report.aggregate": frozenset({"koordination"}),
    "admin.users": frozenset({"admin"}),
    "admin.cooperatives": frozenset({"admin"}),
    "admin.catalogues": frozenset({"admin"}),
    "admin.backup": frozenset({"admin"}),
    "admin.retention": frozenset({"admin"}),
    # the organisation's name and logo on the Sachbericht's cover
    "admin.reports": frozenset({"admin"}),
    "audit.read": frozenset({"admin", "koordination"}),
    "privacy.subject_rights": frozenset({"kuemmerer"}),
    "signal.report": frozenset({"genossenschaft"}),
    "signal.triage": frozenset({"kuemmerer"}),
    # the start page (the cooperative's staff start at "Hinweis melden") and the own account
    "start.page": frozenset({"kuemmerer", "koordination", "admin"}),
    "account.own": frozenset(ROLES),
}


def can(actor: Actor, capability: str) -> bool:
    return role_can(actor.role, capability)


def role_can(role: str, capability: str) -> bool:
    return role in CAPABILITIES[capability]


def require(actor: Actor, capability: str) -> None:
    if not can(actor, capability):
        raise NotAllowed()


def require_own_cooperative(actor: Actor, cooperative_id: int) -> None:
    """For records bound to a cooperative: another cooperative's record does not exist."""
    if actor.cooperative_id is None or actor.cooperative_id != cooperative_id:
        raise NotFound()
