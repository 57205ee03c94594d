"""Partner directory (Netzwerk). For now: choosing a partner for a referral by need and city;
the full directory follows with its own issue."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CatalogueEntry, Partner, PartnerCity, partner_help_area
from services.actor import Actor
from services.permissions import require


@dataclass(frozen=True)
class PartnerChoice:
    id: int
    name: str
    kind: str
    city: str | None
    phone: str | None


def partner_choices(
    session: Session, actor: Actor, need_id: int | None = None, city: str | None = None
) -> list[PartnerChoice]:
    """Active partners, narrowed to those helping with ``need_id`` and serving ``city``."""
    require(actor, "partner.read")
    query = (
        select(Partner.id, Partner.name, CatalogueEntry.label, Partner.city, Partner.phone)
        .join(CatalogueEntry, CatalogueEntry.id == Partner.kind_id)
        .where(Partner.active.is_(True))
        .order_by(Partner.name)
    )
    if need_id:
        query = query.where(
            Partner.id.in_(
                select(partner_help_area.c.partner_id).where(
                    partner_help_area.c.entry_id == need_id
                )
            )
        )
    if city:
        query = query.where(
            Partner.id.in_(select(PartnerCity.partner_id).where(PartnerCity.city == city))
        )
    return [PartnerChoice(*row) for row in session.execute(query)]


def partner_cities(session: Session, actor: Actor) -> list[str]:
    require(actor, "partner.read")
    return list(session.scalars(select(PartnerCity.city).distinct().order_by(PartnerCity.city)))
