"""Approaches (Ansätze): each cooperative's profile of its Kümmerer posts — job title,
employer, weekly hours, funding, area, focus areas, "So arbeiten wir" — with its history.
A profile is valid from … to (inclusive; open-ended while current); the profiles of one
cooperative never overlap, so each day of a figure belongs to at most one profile
(`segments`). No personal data: the posts are described, not the people in them.

The cooperative's Kümmerer keeps the own profiles, Koordination reads all and may correct;
everyone with the indicators reads all (approaches are what the exchange meetings compare).
Every change is audited with the names of the changed fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import ApproachPost, ApproachProfile, CatalogueEntry, Cooperative, max_length
from services.actor import Actor
from services.audit import audit
from services.errors import Conflict, Invalid, NotAllowed, NotFound, too_long
from services.labels import AREA_LABELS, EMPLOYER_LABELS
from services.permissions import can, require

FULL_TIME_HOURS = 40  # weekly hours of one full-time post (TV-L Sachsen)
HOURS = (1, 60)  # weekly hours a post may have
MAX_POSTS = 6


@dataclass(frozen=True)
class PostData:
    """One post as the profile form fills it (labels declared once, here)."""

    job_title_id: int | None = field(metadata={"label": "Stellenbezeichnung"})
    employer_kind: str = field(metadata={"label": "Träger", "choices": EMPLOYER_LABELS})
    weekly_hours: float | None = field(metadata={"label": "Wochenstunden"})
    employer: str = field(default="", metadata={"label": "Name des Trägers"})
    in_post_since: dt.date | None = field(default=None, metadata={"label": "In der Stelle seit"})


def _label(text: str, **more: object):  # noqa: ANN202 - a dataclass field
    return field(metadata={"label": text, **more})


@dataclass(frozen=True)
class ProfileData:
    """A profile as a form fills it; each field's German label declared once, here."""

    valid_from: dt.date | None = _label("Gültig ab")
    area: str = _label("Gebiet", choices=AREA_LABELS)
    posts: tuple[PostData, ...] = _label("Stellen")
    valid_to: dt.date | None = field(default=None, metadata={"label": "Gültig bis"})
    funding_id: int | None = field(default=None, metadata={"label": "Finanzierung"})
    focus_area_ids: tuple[int, ...] = field(default=(), metadata={"label": "Arbeitsschwerpunkte"})
    how_we_work: str = field(default="", metadata={"label": "So arbeiten wir"})


# the profile's fields in German (the form's labels, the audit log's changed fields)
PROFILE_FIELDS = {f.name: f.metadata["label"] for f in fields(ProfileData)}


@dataclass(frozen=True)
class Post:
    job_title: str
    job_title_key: str
    employer_kind: str
    employer: str
    weekly_hours: float
    in_post_since: dt.date | None


@dataclass(frozen=True)
class Profile:
    id: int
    cooperative_id: int
    cooperative: str
    city: str
    housing_units: int
    valid_from: dt.date
    valid_to: dt.date | None
    area: str
    funding: str | None
    funding_key: str | None
    focus_areas: dict[str, str]  # key -> label
    how_we_work: str
    posts: tuple[Post, ...]
    version: int
    data: ProfileData = field(repr=False)  # as the edit form starts

    @property
    def weekly_hours(self) -> float:
        return sum(p.weekly_hours for p in self.posts)

    @property
    def full_time_posts(self) -> float:
        """Full-time equivalents of the posts (FULL_TIME_HOURS a week is one)."""
        return self.weekly_hours / FULL_TIME_HOURS

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _view(profile: ApproachProfile, coop: Cooperative) -> Profile:
    posts = tuple(
        Post(
            p.job_title.label,
            p.job_title.key,
            p.employer_kind,
            p.employer or "",
            p.weekly_hours,
            p.in_post_since,
        )
        for p in profile.posts
    )
    data = ProfileData(
        profile.valid_from,
        profile.area,
        tuple(
            PostData(p.job_title_id, p.employer_kind, p.weekly_hours, p.employer or "",
                     p.in_post_since)
            for p in profile.posts
        ),
        profile.valid_to,
        profile.funding_id,
        tuple(e.id for e in profile.focus_areas),
        profile.how_we_work or "",
    )  # fmt: skip
    funding = profile.funding
    return Profile(
        profile.id,
        coop.id,
        coop.name,
        coop.city,
        coop.housing_units or 0,
        profile.valid_from,
        profile.valid_to,
        profile.area,
        funding.label if funding else None,
        funding.key if funding else None,
        {e.key: e.label for e in sorted(profile.focus_areas, key=lambda e: e.sort_order)},
        profile.how_we_work or "",
        posts,
        profile.version,
        data,
    )


def _query():
    return (
        select(ApproachProfile, Cooperative)
        .join(Cooperative, Cooperative.id == ApproachProfile.cooperative_id)
        .options(
            selectinload(ApproachProfile.posts).joinedload(ApproachPost.job_title),
            selectinload(ApproachProfile.focus_areas),
            selectinload(ApproachProfile.funding),
        )
        .order_by(Cooperative.name, ApproachProfile.valid_from)
    )


def list_profiles(
    session: Session, actor: Actor, on: dt.date | None = None, cooperative_id: int | None = None
) -> list[Profile]:
    """Every profile (by cooperative, oldest first); ``on``: only those valid that day."""
    require(actor, "indicators.aggregate")
    query = _query()
    if cooperative_id is not None:
        query = query.where(ApproachProfile.cooperative_id == cooperative_id)
    found = [_view(p, c) for p, c in session.execute(query).all()]
    return [p for p in found if on is None or p.valid_on(on)]


def profile(session: Session, actor: Actor, profile_id: int) -> Profile:
    require(actor, "indicators.aggregate")
    found = session.execute(_query().where(ApproachProfile.id == profile_id)).first()
    if found is None:
        raise NotFound("Diesen Steckbrief gibt es nicht (mehr).")
    return _view(*found)


def may_edit(actor: Actor, cooperative_id: int) -> bool:
    """Koordination corrects any profile, a Kümmerer keeps the own cooperative's."""
    if actor.role == "koordination":
        return True
    return can(actor, "case.write") and actor.cooperative_id == cooperative_id


def _check(session: Session, cooperative_id: int, data: ProfileData, own_id: int | None) -> None:
    errors: dict[str, str] = {}
    if data.valid_from is None:
        errors["valid_from"] = "Bitte geben Sie an, ab wann der Steckbrief gilt."
    elif data.valid_to is not None and data.valid_to < data.valid_from:
        errors["valid_to"] = "Das Ende darf nicht vor dem Beginn liegen."
    else:
        clash = _overlapping(session, cooperative_id, data, own_id)
        if clash is not None:
            until = clash.valid_to.strftime("%d.%m.%Y") if clash.valid_to else "heute"
            errors["valid_from"] = (
                "Dieser Zeitraum überschneidet sich mit dem Steckbrief vom "
                f"{clash.valid_from:%d.%m.%Y} bis {until}. Ein Tag gehört zu höchstens einem "
                "Steckbrief: Bitte ändern Sie den Zeitraum oder zuerst jenen Steckbrief."
            )
    if data.area not in AREA_LABELS:
        errors["area"] = "Bitte wählen Sie städtisch oder ländlich."
    errors |= _post_errors(data.posts)
    errors |= too_long(data, {"how_we_work": max_length(ApproachProfile.how_we_work)})
    if errors:
        raise Invalid(errors)


def _post_errors(posts: tuple[PostData, ...]) -> dict[str, str]:
    if not posts:
        return {"posts": "Bitte beschreiben Sie mindestens eine Stelle."}
    if len(posts) > MAX_POSTS:
        return {"posts": f"Höchstens {MAX_POSTS} Stellen je Steckbrief."}
    low, high = HOURS
    limit = max_length(ApproachPost.employer)
    for number, post in enumerate(posts, start=1):
        where = f"Stelle {number}: " if len(posts) > 1 else ""
        if post.job_title_id is None:
            return {"posts": where + "Bitte wählen Sie die Stellenbezeichnung."}
        if post.employer_kind not in EMPLOYER_LABELS:
            return {"posts": where + "Bitte wählen Sie, wer die Stelle trägt."}
        hours = post.weekly_hours
        if hours is None or not low <= hours <= high:
            return {"posts": where + f"Die Wochenstunden müssen zwischen {low} und {high} liegen."}
        if len(post.employer.strip()) > limit:
            return {"posts": where + f"Der Träger darf höchstens {limit} Zeichen lang sein."}
    return {}


def _overlapping(
    session: Session, cooperative_id: int, data: ProfileData, own_id: int | None
) -> ApproachProfile | None:
    end = data.valid_to or dt.date.max
    for other in session.scalars(
        select(ApproachProfile).where(
            ApproachProfile.cooperative_id == cooperative_id,
            ApproachProfile.id != (own_id or 0),
        )
    ):
        if other.valid_from <= end and data.valid_from <= (other.valid_to or dt.date.max):
            return other
    return None


def _entries(session: Session, catalogue: str, ids: tuple[int, ...]) -> list[CatalogueEntry]:
    if not ids:
        return []
    return list(
        session.scalars(
            select(CatalogueEntry).where(
                CatalogueEntry.catalogue == catalogue, CatalogueEntry.id.in_(ids)
            )
        )
    )


def save_profile(
    session: Session,
    actor: Actor,
    cooperative_id: int,
    data: ProfileData,
    profile_id: int | None = None,
    version: int | None = None,
    end_current: bool = False,
) -> int:
    """Create (no ``profile_id``) or change a profile; ``version`` as the form showed it.
    ``end_current``: a new profile ends the cooperative's open-ended one the day before it
    starts (the usual change of an approach), if that one began earlier."""
    require(actor, "indicators.aggregate")
    if not may_edit(actor, cooperative_id):
        raise NotAllowed("Den Steckbrief einer anderen Genossenschaft pflegt deren Kümmerer.")
    if session.get(Cooperative, cooperative_id) is None:
        raise NotFound("Diese Genossenschaft gibt es nicht.")
    profile = ApproachProfile(cooperative_id=cooperative_id)
    if profile_id is not None:
        profile = session.get(ApproachProfile, profile_id)
        if profile is None or profile.cooperative_id != cooperative_id:
            raise NotFound("Diesen Steckbrief gibt es nicht (mehr).")
        if version is not None and profile.version != version:
            raise Conflict()
    if end_current and profile_id is None and data.valid_from is not None:
        _end_current(session, actor, cooperative_id, data.valid_from)
    _check(session, cooperative_id, data, profile_id)
    before = _view(profile, session.get(Cooperative, cooperative_id)).data if profile_id else None
    profile.valid_from, profile.valid_to, profile.area = data.valid_from, data.valid_to, data.area
    profile.funding_id = data.funding_id
    profile.how_we_work = data.how_we_work.strip() or None
    profile.focus_areas = _entries(session, "focus_area", data.focus_area_ids)
    profile.posts = [
        ApproachPost(
            job_title_id=p.job_title_id,
            employer_kind=p.employer_kind,
            employer=p.employer.strip() or None,
            weekly_hours=float(p.weekly_hours),
            in_post_since=p.in_post_since,
        )
        for p in data.posts
    ]
    session.add(profile)
    session.flush()
    changed = [
        name
        for name in ProfileData.__dataclass_fields__
        if before is None or getattr(before, name) != getattr(data, name)
    ]
    action = "approach_profile_changed" if profile_id else "approach_profile_added"
    audit(session, actor, action, "approach_profile", profile.id,
          cooperative=cooperative_id, fields=changed)  # fmt: skip
    return profile.id


def _end_current(session: Session, actor: Actor, cooperative_id: int, start: dt.date) -> None:
    current = session.scalars(
        select(ApproachProfile).where(
            ApproachProfile.cooperative_id == cooperative_id,
            ApproachProfile.valid_to.is_(None),
            ApproachProfile.valid_from < start,
        )
    ).first()
    if current is not None:
        current.valid_to = start - dt.timedelta(days=1)
        session.flush()
        audit(session, actor, "approach_profile_changed", "approach_profile", current.id,
              cooperative=cooperative_id, fields=["valid_to"])  # fmt: skip


def delete_profile(session: Session, actor: Actor, profile_id: int) -> None:
    profile = session.get(ApproachProfile, profile_id)
    if profile is None:
        raise NotFound("Diesen Steckbrief gibt es nicht (mehr).")
    if not may_edit(actor, profile.cooperative_id):
        raise NotAllowed()
    audit(session, actor, "approach_profile_deleted", "approach_profile", profile.id,
          cooperative=profile.cooperative_id)  # fmt: skip
    session.delete(profile)
    session.flush()
