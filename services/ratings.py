"""Ratings over the course of a case (Wirkung): a short Einschätzung at intake, at any later
contact and at closing — did loneliness ease, did self-help grow, is the home secured — and
further instruments an admin adds (a validated questionnaire the cooperative holds the
rights to) without code. Ratings are special-category data: only the Kümmerer of the case's
cooperative records and reads them (like the case), the Art. 15 export lists them, erasure
keeps the numbers (the person's link goes with the person's anonymisation).

The scale points of the app's own Einschätzung are written for this app in plain language
(no questionnaire's text), so two Kümmerer rate alike."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from config import local_today
from db.models import Instrument, InstrumentItem, Rating, RatingValue
from services.actor import Actor
from services.audit import audit
from services.case_records import load_case
from services.errors import Invalid
from services.permissions import require

OWN = "einschaetzung"  # the key of the app's own instrument
# item key -> (question, the points 1 … n, each "short – what it means")
OWN_ITEMS = {
    "einsamkeit": ("Einsamkeit / soziale Kontakte", (
        "Sehr einsam – kaum Kontakt zu anderen, niemand schaut nach der Person",
        "Oft allein – seltene Kontakte, fühlt sich häufig allein",
        "Teils – einige Kontakte, wünscht sich mehr",
        "Meist eingebunden – regelmäßig Kontakt zu Familie, Nachbarn oder Freunden",
        "Gut eingebunden – verlässliche Kontakte, nimmt am Leben im Haus teil",
    )),
    "selbsthilfe": ("Selbsthilfe: regelt eigene Angelegenheiten", (
        "Gar nicht – Post, Anträge und Termine bleiben liegen",
        "Kaum – nur mit viel Hilfe",
        "Teilweise – mit Unterstützung",
        "Meist selbst – braucht nur gelegentlich Rat",
        "Selbstständig – regelt alles allein oder holt sich selbst Hilfe",
    )),
    "wohnen": ("Wohnsituation gesichert", (
        "Nein – Kündigung oder Räumung droht",
        "Gefährdet – Mietrückstand, Konflikt oder Verwahrlosung gefährden die Wohnung",
        "Ja – Miete gezahlt, keine Gefahr für die Wohnung",
    )),
}  # fmt: skip
SOURCES = {"gemeinsam": "gemeinsam mit der Person", "eindruck": "eigener Eindruck"}
STAGES = {"aufnahme": "bei Aufnahme", "verlauf": "im Verlauf", "abschluss": "beim Abschluss"}
SCORINGS = {"mittelwert": "Mittelwert", "summe": "Summe"}
MAX_ITEMS, MAX_POINTS = 30, 11


def short(point: str) -> str:
    """A point's short name, before its explanation ('Oft allein')."""
    return point.split(" – ")[0]


def ensure_own_instrument(session: Session) -> bool:
    """The app's Einschätzung, created once (an admin cannot delete it, only add others)."""
    if session.scalar(select(Instrument.id).where(Instrument.key == OWN)):
        return False
    items = [
        InstrumentItem(position=n, key=key, wording=question, points=list(points))
        for n, (key, (question, points)) in enumerate(OWN_ITEMS.items(), start=1)
    ]
    session.add(Instrument(key=OWN, name="Einschätzung", scoring="mittelwert", items=items))
    session.flush()
    return True


def described(tool: InstrumentView, values: dict[str, int]) -> str:
    """'Einsamkeit / soziale Kontakte: 2 (Oft allein); …' for the export and the case page."""
    return "; ".join(
        f"{item.wording}: {values[item.key]} ({short(item.points[values[item.key] - 1])})"
        for item in tool.items
        if item.key in values
    )


# --- instruments ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    id: int
    key: str
    wording: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class InstrumentView:
    id: int
    key: str
    name: str
    scoring: str
    higher_is_better: bool
    active: bool
    items: tuple[Item, ...]

    @property
    def own(self) -> bool:
        return self.key == OWN


def _view(instrument: Instrument) -> InstrumentView:
    return InstrumentView(
        instrument.id, instrument.key, instrument.name, instrument.scoring,
        instrument.higher_is_better, instrument.active,
        tuple(Item(i.id, i.key, i.wording, tuple(i.points)) for i in instrument.items),
    )  # fmt: skip


def instruments(session: Session, active_only: bool = True) -> list[InstrumentView]:
    """The instruments, the app's own first."""
    query = select(Instrument).options(selectinload(Instrument.items))
    if active_only:
        query = query.where(Instrument.active.is_(True))
    found = [_view(i) for i in session.scalars(query.order_by(Instrument.id))]
    return sorted(found, key=lambda i: not i.own)


@dataclass(frozen=True)
class InstrumentData:
    """A new instrument as the admin writes it: one item a line, "question: point 1 / point
    2 / …" (at least two points)."""

    name: str
    items: str
    scoring: str = "mittelwert"
    higher_is_better: bool = True


def parse_items(text: str) -> tuple[list[tuple[str, list[str]]], str | None]:
    """The lines as (question, points), or the German message about the first bad line."""
    found = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return [], "Bitte mindestens eine Frage eintragen (eine je Zeile)."
    if len(lines) > MAX_ITEMS:
        return [], f"Höchstens {MAX_ITEMS} Fragen."
    for number, line in enumerate(lines, start=1):
        question, _, scale = line.partition(":")
        points = [p.strip() for p in scale.split("/") if p.strip()]
        if not question.strip() or len(points) < 2:
            return [], (
                f"Zeile {number}: Bitte „Frage: Stufe 1 / Stufe 2 / …“ mit mindestens zwei "
                "Stufen schreiben."
            )
        if len(points) > MAX_POINTS or len(question) > 300 or any(len(p) > 200 for p in points):
            return [], f"Zeile {number}: höchstens {MAX_POINTS} Stufen, Frage bis 300 Zeichen."
        found.append((question.strip(), points))
    return found, None


def add_instrument(session: Session, actor: Actor, data: InstrumentData) -> int:
    require(actor, "admin.catalogues")
    errors = {}
    name = data.name.strip()
    if not name or len(name) > 120:
        errors["name"] = "Bitte einen Namen mit höchstens 120 Zeichen angeben."
    elif session.scalar(select(Instrument.id).where(func.lower(Instrument.name) == name.lower())):
        errors["name"] = "Ein Instrument mit diesem Namen gibt es schon."
    items, problem = parse_items(data.items)
    if problem:
        errors["items"] = problem
    if data.scoring not in SCORINGS:
        errors["scoring"] = "Bitte Summe oder Mittelwert wählen."
    if errors:
        raise Invalid(errors)
    key = re.sub(r"[^a-z0-9]+", "_", name.lower())[:40].strip("_") or "instrument"
    while session.scalar(select(Instrument.id).where(Instrument.key == key)):
        key += "_2"
    instrument = Instrument(
        key=key, name=name, scoring=data.scoring, higher_is_better=data.higher_is_better,
        items=[InstrumentItem(position=n, key=f"frage_{n}", wording=q, points=p)
               for n, (q, p) in enumerate(items, start=1)],
    )  # fmt: skip
    session.add(instrument)
    session.flush()
    audit(session, actor, "instrument_added", "instrument", instrument.id, items=len(items))
    return instrument.id


def set_instrument_active(session: Session, actor: Actor, instrument_id: int, active: bool):
    require(actor, "admin.catalogues")
    instrument = session.get(Instrument, instrument_id)
    if instrument is None or instrument.key == OWN:
        raise Invalid({}, "Die Einschätzung der App bleibt immer aktiv.")
    instrument.active = active
    audit(session, actor, "instrument_changed", "instrument", instrument.id, active=active)


# --- recording ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RatingData:
    instrument_id: int
    rated_on: dt.date | None
    source: str | None
    values: dict[int, int | None]  # item id -> point (1 … n)
    stage: str = "verlauf"

    @property
    def empty(self) -> bool:
        return all(v is None for v in self.values.values())


def rating_errors(session: Session, data: RatingData, opened: dt.date, closed: dt.date | None,
                  today: dt.date, prefix: str = "") -> dict[str, str]:  # fmt: skip
    """The German message for each bad part of a rating (keys with the form's prefix)."""
    errors: dict[str, str] = {}
    instrument = session.get(Instrument, data.instrument_id)
    if instrument is None or not instrument.active:
        return {prefix + "instrument_id": "Dieses Instrument gibt es nicht (mehr)."}
    for item in instrument.items:
        value = data.values.get(item.id)
        if value is None:
            errors[f"{prefix}item_{item.id}"] = "Bitte eine Stufe wählen."
        elif not 1 <= value <= len(item.points):
            errors[f"{prefix}item_{item.id}"] = (
                f"Die Stufe muss zwischen 1 und {len(item.points)} liegen."
            )
    if data.source not in SOURCES:
        errors[prefix + "source"] = "Bitte angeben: gemeinsam mit der Person oder eigener Eindruck."
    if data.rated_on is None:
        errors[prefix + "rated_on"] = "Bitte das Datum der Einschätzung angeben."
    elif data.rated_on < opened:
        errors[prefix + "rated_on"] = f"Der Fall wurde erst am {opened:%d.%m.%Y} eröffnet."
    elif closed is not None and data.rated_on > closed:
        errors[prefix + "rated_on"] = f"Der Fall wurde am {closed:%d.%m.%Y} abgeschlossen."
    elif data.rated_on > today:
        errors[prefix + "rated_on"] = "Das Datum liegt in der Zukunft."
    if data.stage not in STAGES:
        errors[prefix + "stage"] = "Unbekannter Zeitpunkt."
    return errors


def add_rating(session: Session, actor: Actor, case_id: int, data: RatingData,
               today: dt.date | None = None, prefix: str = "") -> Rating:  # fmt: skip
    """Record a rating of a case of the own cooperative (checked like the case)."""
    require(actor, "case.write")
    case = load_case(session, actor, case_id)
    today = today or local_today()
    if errors := rating_errors(session, data, case.opened_on, case.closed_on, today, prefix):
        raise Invalid(errors)
    rating = Rating(
        case_id=case.id, cooperative_id=case.cooperative_id, instrument_id=data.instrument_id,
        rated_on=data.rated_on, source=data.source, stage=data.stage,
        created_by_id=actor.user_id or None,
        values=[RatingValue(item_id=i, value=v) for i, v in data.values.items()],
    )  # fmt: skip
    session.add(rating)
    session.flush()
    audit(session, actor, "rating_added", "rating", rating.id, case=case.id, stage=data.stage)
    return rating


@dataclass(frozen=True)
class RatingView:
    id: int
    instrument: str
    rated_on: dt.date
    source: str
    stage: str
    values: dict[str, int]  # item key -> point
    score: float | None  # the instrument's scoring over its items


def case_ratings(session: Session, actor: Actor, case_id: int) -> list[RatingView]:
    """A case's ratings, oldest first (the case page's chart and list, the Art. 15 export)."""
    require(actor, "case.read")
    load_case(session, actor, case_id)
    found = session.scalars(
        select(Rating)
        .where(Rating.case_id == case_id)
        .options(selectinload(Rating.values))
        .order_by(Rating.rated_on, Rating.id)
    ).all()
    tools = {i.id: i for i in instruments(session, active_only=False)}
    return [_rating_view(r, tools[r.instrument_id]) for r in found]


def _rating_view(rating: Rating, tool: InstrumentView) -> RatingView:
    keys = {i.id: i.key for i in tool.items}
    values = {keys[v.item_id]: v.value for v in rating.values if v.item_id in keys}
    numbers = list(values.values())
    score = None
    if numbers:
        score = sum(numbers) if tool.scoring == "summe" else sum(numbers) / len(numbers)
    return RatingView(rating.id, tool.name, rating.rated_on, rating.source, rating.stage, values,
                      score)  # fmt: skip
