"""Partner directory (Netzwerk): search by need, kind, city and text; partner page with
referral figures; create, edit, verify; duplicate hints. Partners are shared by all
cooperatives (they are organisations, not tenants)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace

from confusable_homoglyphs import confusables
from sqlalchemy import ColumnElement, Select, case, func, literal, or_, select
from sqlalchemy.orm import Session

from config import get_settings, local_today
from db.models import (
    CatalogueEntry,
    Cooperative,
    Partner,
    PartnerCity,
    PartnerContactPerson,
    max_length,
    partner_help_area,
)
from db.sql import LIKE_ESCAPE, literal_like
from services.actor import Actor
from services.audit import audit
from services.catalogues import chosen_entries
from services.errors import Conflict, Invalid, NotFound, limits, too_long
from services.permissions import require
from services.referral_followup import ReferralFigures, referral_figures, responsiveness

STALE_AFTER_DAYS = 365
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^[0-9+()/ \-]{3,50}$")


# --- normalising (duplicates, imports) -----------------------------------------------------
_LEGAL_FORMS = re.compile(r"\b(ggmbh|gmbh|e\s?\.?\s?v|eg|ug|ag|kg|mbh|e\s?\.?\s?k)\b\.?")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def latin_lookalikes(text: str) -> str:
    """Letters of other scripts that look like Latin ones replaced by those (Unicode's
    confusables: a Cyrillic "а" is an "a"), so a look-alike name is no new partner."""
    if text.isascii():
        return text
    found = confusables.is_confusable(text, greedy=True, preferred_aliases=["latin"]) or []
    table = {
        f["character"]: next((h["c"] for h in f["homoglyphs"] if h["c"].isascii()), f["character"])
        for f in found
    }
    return "".join(table.get(c, c) for c in text)


def normalise_name(name: str) -> str:
    """'Diakonie Sozialstation Chemnitz gGmbH', 'Diakonie-Sozialstation Chemnitz' and one
    written with a Cyrillic "а" match."""
    text = latin_lookalikes(unicodedata.normalize("NFKC", name).lower().translate(_UMLAUTS))
    text = _LEGAL_FORMS.sub(" ", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def normalise_city(city: str | None) -> str:
    return latin_lookalikes(unicodedata.normalize("NFKC", (city or "").strip()).lower())


def normalise_phone(phone: str | None) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("49") and (phone or "").lstrip().startswith("+"):
        digits = "0" + digits[2:]
    return digits


# --- search --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PartnerQuery:
    text: str = ""
    need_id: int | None = None
    kind_id: int | None = None
    city: str | None = None
    include_inactive: bool = False
    only_stale: bool = False


@dataclass(frozen=True)
class PartnerCard:
    id: int
    name: str
    kind: str
    city: str | None
    phone: str | None
    email: str | None
    website: str | None
    opening_hours: str | None
    last_verified_on: dt.date | None
    active: bool
    help_areas: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()

    def is_stale(self, today: dt.date) -> bool:
        return self.last_verified_on is None or (
            (today - self.last_verified_on).days > STALE_AFTER_DAYS
        )


@dataclass(frozen=True)
class PartnerPage:
    cards: list[PartnerCard]
    total: int
    inactive_matches: int = 0  # with none found: how many inactive partners would match
    # how each partner of the page answers referrals (services.referral_followup)
    responsiveness: dict[int, ReferralFigures] = field(default_factory=dict)


GERMAN_ENDINGS = ("en", "er", "n", "e", "s")


def stem(word: str) -> str:
    """A single word without its inflected ending (Schulden -> schuld, Pflege -> pfleg), so
    a search finds the compound words built on it; a short word or a phrase stays."""
    if " " in word:
        return word
    for ending in GERMAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _search_query(q: PartnerQuery, today: dt.date) -> tuple[Select, ColumnElement]:
    """Ids of the matching partners, and a relevance score (higher first)."""
    query = select(Partner.id)
    score: ColumnElement = literal(0)
    if not q.include_inactive:
        query = query.where(Partner.active.is_(True))
    if q.need_id:
        helps = select(partner_help_area.c.partner_id).where(
            partner_help_area.c.entry_id == q.need_id
        )
        query = query.where(Partner.id.in_(helps))
    if q.kind_id:
        query = query.where(Partner.kind_id == q.kind_id)
    if q.city:
        served = select(PartnerCity.partner_id).where(PartnerCity.city == q.city)
        query = query.where(Partner.id.in_(served))
        # located in the city ranks before only serving it
        score = score + case((Partner.city == q.city, 1), else_=0)
    if q.only_stale:
        query = query.where(
            or_(
                Partner.last_verified_on.is_(None),
                Partner.last_verified_on < today - dt.timedelta(days=STALE_AFTER_DAYS),
            )
        )
    if text := q.text.strip().lower():
        # the word as typed, and its stem ("Schulden" also finds "Schuldnerberatung")
        likes = [f"%{literal_like(t)}%" for t in dict.fromkeys((text, stem(text)))]
        start = f"{literal_like(text)}%"
        name = func.lower(Partner.name)

        def matches(column: ColumnElement) -> ColumnElement:
            return or_(*(func.lower(column).like(like, escape=LIKE_ESCAPE) for like in likes))

        in_people = Partner.id.in_(
            select(PartnerContactPerson.partner_id).where(matches(PartnerContactPerson.name))
        )
        in_notes = matches(func.coalesce(Partner.notes, ""))
        # what a partner helps with, and what kind it is: a search by need
        in_areas = Partner.id.in_(
            select(partner_help_area.c.partner_id)
            .join(CatalogueEntry, CatalogueEntry.id == partner_help_area.c.entry_id)
            .where(matches(CatalogueEntry.label))
        )
        in_kind = Partner.kind_id.in_(
            select(CatalogueEntry.id).where(matches(CatalogueEntry.label))
        )
        query = query.where(or_(matches(Partner.name), in_people, in_notes, in_areas, in_kind))
        score = score + case(
            (name == text, 8),
            (name.like(start, escape=LIKE_ESCAPE), 6),
            (matches(Partner.name), 4),
            (in_kind, 3),
            (in_areas, 2),
            else_=0,
        )
    return query, score


def search_partners(
    session: Session,
    actor: Actor,
    q: PartnerQuery,
    limit: int = 30,
    offset: int = 0,
    today: dt.date | None = None,
) -> PartnerPage:
    """Partners matching the query, most relevant first, then by name; paged in SQL."""
    require(actor, "partner.read")
    query, score = _search_query(q, today or local_today())
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ranked = query.order_by(score.desc(), Partner.name, Partner.id).limit(limit).offset(offset)
    ids = list(session.scalars(ranked))
    inactive = 0
    if not total and not q.include_inactive:
        wider, _ = _search_query(replace(q, include_inactive=True), today or local_today())
        inactive = session.scalar(select(func.count()).select_from(wider.subquery())) or 0
    return PartnerPage(
        cards_for(session, ids),
        total,
        inactive_matches=inactive,
        responsiveness=responsiveness(session, actor, ids),
    )


def all_matching_ids(session: Session, actor: Actor, q: PartnerQuery) -> list[int]:
    """Every match in search order (for exports)."""
    require(actor, "partner.read")
    query, score = _search_query(q, local_today())
    return list(session.scalars(query.order_by(score.desc(), Partner.name, Partner.id)))


def cards_for(session: Session, ids: list[int]) -> list[PartnerCard]:
    """Cards in the order of ``ids``: three queries, however many partners."""
    if not ids:
        return []
    rows = {
        r.id: r
        for r in session.execute(
            select(
                Partner.id,
                Partner.name,
                CatalogueEntry.label.label("kind"),
                Partner.city,
                Partner.phone,
                Partner.email,
                Partner.website,
                Partner.opening_hours,
                Partner.last_verified_on,
                Partner.active,
            )
            .join(CatalogueEntry, CatalogueEntry.id == Partner.kind_id)
            .where(Partner.id.in_(ids))
        )
    }
    areas: dict[int, list[str]] = {}
    for pid, label in session.execute(
        select(partner_help_area.c.partner_id, CatalogueEntry.label)
        .join(CatalogueEntry, CatalogueEntry.id == partner_help_area.c.entry_id)
        .where(partner_help_area.c.partner_id.in_(ids))
        .order_by(CatalogueEntry.sort_order)
    ):
        areas.setdefault(pid, []).append(label)
    cities: dict[int, list[str]] = {}
    for pid, city in session.execute(
        select(PartnerCity.partner_id, PartnerCity.city)
        .where(PartnerCity.partner_id.in_(ids))
        .order_by(PartnerCity.city)
    ):
        cities.setdefault(pid, []).append(city)
    return [
        PartnerCard(*rows[i], tuple(areas.get(i, ())), tuple(cities.get(i, ())))
        for i in ids
        if i in rows
    ]


def partner_cities(session: Session, actor: Actor) -> list[str]:
    require(actor, "partner.read")
    return list(session.scalars(select(PartnerCity.city).distinct().order_by(PartnerCity.city)))


def own_city(session: Session, actor: Actor) -> str | None:
    """The city of the actor's cooperative: the default place to look for help."""
    if actor.cooperative_id is None:
        return None
    return session.scalar(select(Cooperative.city).where(Cooperative.id == actor.cooperative_id))


# --- one partner ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ContactPersonData:
    name: str
    function: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class PartnerData:
    name: str
    kind_id: int | None
    help_area_ids: tuple[int, ...] = ()
    cities: tuple[str, ...] = ()
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_hours: str = ""
    notes: str = ""
    active: bool = True
    contact_persons: tuple[ContactPersonData, ...] = ()


@dataclass(frozen=True)
class PartnerDetail:
    id: int
    version: int
    data: PartnerData
    kind: str
    help_areas: tuple[str, ...]
    last_verified_on: dt.date | None
    figures: list[ReferralFigures] = field(default_factory=list)
    threshold: int = 5


def _partner(session: Session, partner_id: int) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise NotFound("Diesen Partner gibt es nicht.")
    return partner


def partner_detail(session: Session, actor: Actor, partner_id: int) -> PartnerDetail:
    require(actor, "partner.read")
    p = _partner(session, partner_id)
    areas = sorted(p.help_areas, key=lambda e: (e.sort_order, e.id))
    data = PartnerData(
        p.name,
        p.kind_id,
        tuple(e.id for e in areas),
        tuple(sorted(c.city for c in p.cities)),
        p.street or "",
        p.postcode or "",
        p.city or "",
        p.phone or "",
        p.email or "",
        p.website or "",
        p.opening_hours or "",
        p.notes or "",
        p.active,
        tuple(
            ContactPersonData(c.name, c.function or "", c.phone or "", c.email or "")
            for c in sorted(p.contact_persons, key=lambda c: c.id)
        ),
    )
    kind = session.get(CatalogueEntry, p.kind_id)
    return PartnerDetail(
        p.id,
        p.version,
        data,
        kind.label if kind else "",
        tuple(e.label for e in areas),
        p.last_verified_on,
        referral_figures(session, actor, p.id),
        get_settings().suppression_threshold,
    )


PARTNER_TEXT = ("name", "street", "postcode", "city", "phone", "email", "website",
                "opening_hours", "notes")  # fmt: skip
CONTACT_TEXT = ("name", "function", "phone", "email")
CONTACT_LABELS = {"name": "Name", "function": "Funktion", "phone": "Telefon", "email": "E-Mail"}


def partner_errors(session: Session, data: PartnerData) -> dict[str, str]:
    errors = too_long(data, limits(Partner, *PARTNER_TEXT))
    city_limit = max_length(PartnerCity.city)
    if too_long_city := next((c for c in data.cities if len(c.strip()) > city_limit), None):
        errors["cities"] = f"„{too_long_city[:40]}…“: ein Ort hat höchstens {city_limit} Zeichen."
    if not data.name.strip():
        errors["name"] = "Bitte geben Sie den Namen ein."
    if data.kind_id is None or not chosen_entries(session, "partner_kind", [data.kind_id]):
        errors["kind_id"] = "Bitte wählen Sie die Art des Partners."
    if chosen_entries(session, "problem_area", data.help_area_ids) is None:
        errors["help_area_ids"] = "Ein gewählter Hilfebereich gibt es nicht mehr."
    if data.email.strip() and not EMAIL_RE.fullmatch(data.email.strip()):
        errors["email"] = "Die E-Mail-Adresse ist ungültig."
    if data.phone.strip() and not PHONE_RE.fullmatch(data.phone.strip()):
        errors["phone"] = "Die Telefonnummer darf nur Ziffern, Leerzeichen und + ( ) / - enthalten."
    if data.postcode.strip() and not re.fullmatch(r"\d{5}", data.postcode.strip()):
        errors["postcode"] = "Die Postleitzahl hat fünf Ziffern."
    person_limits = limits(PartnerContactPerson, *CONTACT_TEXT)
    for i, person in enumerate(data.contact_persons):
        if person.email.strip() and not EMAIL_RE.fullmatch(person.email.strip()):
            errors[f"contact_{i}"] = f"Ansprechperson {i + 1}: E-Mail-Adresse ungültig."
        for name, message in too_long(person, person_limits).items():
            label = CONTACT_LABELS[name]
            errors.setdefault(f"contact_{i}", f"Ansprechperson {i + 1}, {label}: {message}")
    return errors


def _apply(session: Session, p: Partner, data: PartnerData) -> None:
    for name in ("street", "postcode", "city", "phone", "email", "website", "opening_hours"):
        setattr(p, name, getattr(data, name).strip() or None)
    p.name = data.name.strip()
    p.kind_id = data.kind_id
    p.notes = data.notes.strip() or None
    p.active = data.active
    p.help_areas = chosen_entries(session, "problem_area", data.help_area_ids) or []
    served = {c.strip() for c in data.cities if c.strip()}
    if data.city.strip():
        served.add(data.city.strip())
    p.cities = [c for c in p.cities if c.city in served] + [
        PartnerCity(city=c) for c in sorted(served - {c.city for c in p.cities})
    ]
    p.contact_persons = [
        PartnerContactPerson(
            name=c.name.strip(),
            function=c.function.strip() or None,
            phone=c.phone.strip() or None,
            email=c.email.strip() or None,
        )
        for c in data.contact_persons
        if c.name.strip()
    ]


# what an edit or an import may change; the audit names the fields, never their values
AUDITED_FIELDS = ("name", "kind_id", "street", "postcode", "city", "phone", "email", "website",
                  "opening_hours", "notes", "active")  # fmt: skip


def _snapshot(p: Partner) -> dict:
    return {
        **{name: getattr(p, name) for name in AUDITED_FIELDS},
        "help_areas": sorted(e.id for e in p.help_areas),
        "cities": sorted(c.city for c in p.cities),
        "contact_persons": [(c.name, c.function, c.phone, c.email) for c in p.contact_persons],
    }


def changed_fields(before: dict, after: dict) -> list[str]:
    return sorted(k for k in after if before.get(k) != after[k])


def audit_partner_change(
    session: Session, actor: Actor, partner_id: int, fields: list[str], **details: object
) -> None:
    """One entry per changed partner, naming the changed fields; a deactivation (or its
    undoing) also as an action of its own, as it takes the partner out of every search."""
    audit(session, actor, "partner_updated", "partner", partner_id, fields=fields, **details)
    if "active" in fields:
        active = session.get(Partner, partner_id).active
        action = "partner_activated" if active else "partner_deactivated"
        audit(session, actor, action, "partner", partner_id, **details)


def create_partner(session: Session, actor: Actor, data: PartnerData) -> Partner:
    require(actor, "partner.write")
    if errors := partner_errors(session, data):
        raise Invalid(errors)
    partner = Partner(last_verified_on=local_today())
    _apply(session, partner, data)
    session.add(partner)
    session.flush()
    audit(session, actor, "partner_created", "partner", partner.id)
    return partner


def update_partner(
    session: Session, actor: Actor, partner_id: int, data: PartnerData, version: int
) -> Partner:
    require(actor, "partner.write")
    partner = _partner(session, partner_id)
    if partner.version != version:
        raise Conflict(
            "Dieser Partner wurde inzwischen von jemand anderem geändert. Ihre Eingaben stehen "
            "noch im Formular – prüfen Sie die Angaben oben und speichern Sie erneut."
        )
    if errors := partner_errors(session, data):
        raise Invalid(errors)
    before = _snapshot(partner)
    _apply(session, partner, data)
    partner.updated_at = dt.datetime.now(dt.UTC)  # moves the version for list-only changes too
    session.flush()
    audit_partner_change(session, actor, partner.id, changed_fields(before, _snapshot(partner)))
    return partner


def mark_verified(session: Session, actor: Actor, partner_id: int, today: dt.date | None = None):
    """ "Angaben geprüft": one click sets the day of the last check."""
    require(actor, "partner.write")
    partner = _partner(session, partner_id)
    partner.last_verified_on = today or local_today()
    session.flush()
    audit(session, actor, "partner_verified", "partner", partner.id)


@dataclass(frozen=True)
class SimilarPartner:
    id: int
    name: str
    city: str | None
    reason: str


def similar_partners(
    session: Session, actor: Actor, data: PartnerData, exclude_id: int | None = None
) -> list[SimilarPartner]:
    """Existing partners that look like the one being entered: same normalised name and city,
    or the same phone number or e-mail address."""
    require(actor, "partner.read")
    wanted_name, wanted_city = normalise_name(data.name), normalise_city(data.city)
    phone, email = normalise_phone(data.phone), data.email.strip().lower()
    # narrow in SQL by city, phone tail or e-mail, then compare normalised values in Python
    conditions = [func.lower(Partner.city) == wanted_city] if wanted_city else []
    if len(phone) >= 6:
        conditions.append(Partner.phone.like(f"%{literal_like(phone[-4:])}", escape=LIKE_ESCAPE))
    if email:
        conditions.append(func.lower(Partner.email) == email)
    if not conditions or not (wanted_name or phone or email):
        return []
    rows = session.execute(
        select(Partner.id, Partner.name, Partner.city, Partner.phone, Partner.email).where(
            or_(*conditions), Partner.id != (exclude_id or 0)
        )
    ).all()
    found = []
    for pid, name, city, p_phone, p_email in rows:
        if (
            wanted_name
            and normalise_name(name) == wanted_name
            and normalise_city(city) == wanted_city
        ):
            found.append(SimilarPartner(pid, name, city, "gleicher Name und Ort"))
        elif len(phone) >= 6 and normalise_phone(p_phone) == phone:
            found.append(SimilarPartner(pid, name, city, "gleiche Telefonnummer"))
        elif email and (p_email or "").lower() == email:
            found.append(SimilarPartner(pid, name, city, "gleiche E-Mail-Adresse"))
    return found


def partner_choices(
    session: Session, actor: Actor, need_id: int | None = None, city: str | None = None
) -> list[PartnerCard]:
    """For a referral: active partners helping with the need in the city, best first."""
    return search_partners(
        session, actor, PartnerQuery(need_id=need_id, city=city), limit=200
    ).cards


def stale_count(session: Session, actor: Actor, today: dt.date | None = None) -> int:
    return search_partners(
        session, actor, PartnerQuery(only_stale=True), limit=0, today=today
    ).total
