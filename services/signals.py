"""Hinweise (early-warning signals): the cooperative's staff report what they noticed; the
Kümmerer triages. Reporters see only the status of their own reports, never a case."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from config import get_settings
from db.models import (
    SIGNAL_CLOSE_REASONS,
    URGENCIES,
    Case,
    CatalogueEntry,
    Contact,
    Cooperative,
    Signal,
    User,
    max_length,
    signal_observation,
)
from services.actor import Actor
from services.audit import audit
from services.case_records import PersonData, load_case
from services.catalogues import chosen_entries, entry_ids
from services.crypto import encrypt_text, read_text
from services.errors import Invalid, NotFound, limits, too_long
from services.permissions import require
from services.suppression import Rule, counting, protect

MAX_NOTE = max_length(Signal.note_enc)
# observation -> the problem area a case opened from it most likely starts with
PROBLEM_AREA_FOR = {
    "briefkasten": "vereinsamung",
    "verwahrlosung": "verwahrlosung",
    "lange_nicht_gesehen": "vereinsamung",
    "mietrueckstand": "mietschulden",
    "konflikt": "nachbarschaftskonflikt",
    "hilfebedarf": "pflege",
}
CLOSE_REASON_LABELS = {
    "kein_handlungsbedarf": "kein Handlungsbedarf",
    "bereits_bekannt": "bereits bekannt",
    "nicht_zustaendig": "nicht zuständig",
    "fall": "als Fall bearbeitet",
}
STATUS_LABELS = {
    "eingegangen": "eingegangen",
    "in_bearbeitung": "in Bearbeitung",
    "erledigt": "erledigt",
}


@dataclass(frozen=True)
class SignalData:
    location: str
    observation_ids: tuple[int, ...]  # one or several things noticed
    urgency: str | None
    note: str = ""
    tenant_informed: bool = False


def observation_labels(session: Session, signal_ids: list[int]) -> dict[int, str]:
    """What was noticed, per signal: its observations' labels in the catalogue's order."""
    found: dict[int, list[str]] = {}
    for signal_id, label in session.execute(
        select(signal_observation.c.signal_id, CatalogueEntry.label)
        .join(CatalogueEntry, CatalogueEntry.id == signal_observation.c.entry_id)
        .where(signal_observation.c.signal_id.in_(signal_ids))
        .order_by(CatalogueEntry.sort_order, CatalogueEntry.id)
    ):
        found.setdefault(signal_id, []).append(label)
    return {signal_id: ", ".join(labels) for signal_id, labels in found.items()}


def report_signal(session: Session, actor: Actor, data: SignalData) -> Signal:
    """Staff report for their own cooperative (taken from the account, not from the form)."""
    require(actor, "signal.report")
    errors = {}
    if not data.location.strip():
        errors["location"] = "Bitte geben Sie Haus und Wohnung an (z. B. Lindenweg 3, 2. OG links)."
    else:
        errors |= too_long(data, limits(Signal, "location"))
    observations = chosen_entries(session, "observation_kind", data.observation_ids)
    if not observations:
        errors["observation_ids"] = "Bitte wählen Sie, was Ihnen aufgefallen ist."
    if data.urgency not in URGENCIES:
        errors["urgency"] = "Bitte wählen Sie, wie dringend es ist."
    if len(data.note) > MAX_NOTE:
        errors["note"] = f"Höchstens {MAX_NOTE} Zeichen."
    if errors:
        raise Invalid(errors)
    signal = Signal(
        cooperative_id=actor.cooperative_id,
        reported_by_id=actor.user_id,
        location=data.location.strip(),
        observation_id=sorted(observations, key=lambda e: (e.sort_order, e.id))[0].id,
        observations=observations,
        urgency=data.urgency,
        note_enc=encrypt_text(data.note.strip()),
        tenant_informed=data.tenant_informed,
        status="eingegangen",
    )
    session.add(signal)
    session.flush()
    audit(session, actor, "signal_reported", "signal", signal.id)
    return signal


@dataclass(frozen=True)
class OwnReport:
    id: int
    reported_at: dt.datetime
    location: str
    observation: str
    urgency: str
    status: str


def my_reports(session: Session, actor: Actor, limit: int = 50) -> list[OwnReport]:
    """The reporter's own reports with their status: nothing of a case."""
    require(actor, "signal.report")
    rows = session.execute(
        select(
            Signal.id,
            Signal.created_at,
            Signal.location,
            CatalogueEntry.label,
            Signal.urgency,
            Signal.status,
        )
        .join(CatalogueEntry, CatalogueEntry.id == Signal.observation_id)
        .where(Signal.reported_by_id == actor.user_id)
        .order_by(Signal.created_at.desc(), Signal.id.desc())
        .limit(limit)
    )
    rows = rows.all()
    labels = observation_labels(session, [r.id for r in rows])
    return [OwnReport(*r[:3], labels.get(r.id, r.label), *r[4:]) for r in rows]


@dataclass(frozen=True)
class InboxItem:
    id: int
    reported_at: dt.datetime
    location: str
    observation_key: str
    observation: str
    urgency: str
    note: str | None
    tenant_informed: bool
    reporter: str | None
    status: str
    case_id: int | None


URGENCY_ORDER = case((Signal.urgency == "krise", 0), (Signal.urgency == "akut", 1), else_=2)


def inbox(session: Session, actor: Actor, include_done: bool = False) -> list[InboxItem]:
    """Signals of the own cooperative: new ones first, most urgent first, newest first."""
    require(actor, "signal.triage")
    query = (
        select(
            Signal.id,
            Signal.created_at,
            Signal.location,
            CatalogueEntry.key,
            CatalogueEntry.label,
            Signal.urgency,
            Signal.note_enc,
            Signal.tenant_informed,
            User.display_name,
            Signal.status,
            Signal.case_id,
        )
        .join(CatalogueEntry, CatalogueEntry.id == Signal.observation_id)
        .outerjoin(User, User.id == Signal.reported_by_id)
        .where(Signal.cooperative_id == actor.cooperative_id)
        .order_by(
            case((Signal.status == "eingegangen", 0), else_=1),
            URGENCY_ORDER,
            Signal.created_at.desc(),
        )
    )
    if not include_done:
        query = query.where(Signal.status != "erledigt")
    rows = session.execute(query.limit(200)).all()
    labels = observation_labels(session, [r[0] for r in rows])
    return [
        InboxItem(*r[:4], labels.get(r[0], r[4]), r[5], read_text(r[6], "signal", r[0]), *r[7:])
        for r in rows
    ]


def new_signal_count(session: Session, actor: Actor) -> int:
    require(actor, "signal.triage")
    return (
        session.scalar(
            select(func.count()).where(
                Signal.cooperative_id == actor.cooperative_id, Signal.status == "eingegangen"
            )
        )
        or 0
    )


def require_signal(session: Session, actor: Actor, signal_id: int) -> Signal:
    require(actor, "signal.triage")
    signal = session.get(Signal, signal_id)
    if signal is None or signal.cooperative_id != actor.cooperative_id:
        raise NotFound("Diesen Hinweis gibt es nicht.")
    return signal


@dataclass(frozen=True)
class CaseDraft:
    """What a case opened from a signal starts with."""

    signal_id: int
    access_route_id: int
    problem_area_ids: tuple[int, ...]
    urgency: str
    note: str
    person: PersonData = PersonData()  # the reported address in the address fields


# "Bahnhofstraße 12a, 2. OG links": the street, the number (with a letter; not an ordinal
# as in "Str. des 17. Juni"), the rest
_ADDRESS = re.compile(
    r"^(?P<street>.*?[^\d\s])\s+(?P<no>\d+\s?[a-zA-Z]?)\b(?!\.)[\s,;/-]*(?P<flat>.*)$"
)


def split_address(text: str) -> PersonData:
    """A reported place as the person's address fields; no house number: all is street."""
    text = " ".join(text.split())
    found = _ADDRESS.match(text)
    if not found:
        return PersonData(street=text)
    return PersonData(
        street=found["street"].rstrip(" ,"), house_no=found["no"].replace(" ", ""),
        flat=found["flat"].strip(),
    )  # fmt: skip


def case_draft(session: Session, actor: Actor, signal_id: int) -> CaseDraft:
    signal = require_signal(session, actor, signal_id)
    noticed = signal.observations or [session.get(CatalogueEntry, signal.observation_id)]
    areas = entry_ids(session, "problem_area")
    wanted = dict.fromkeys(PROBLEM_AREA_FOR.get(o.key) for o in noticed)
    text = read_text(signal.note_enc, "signal", signal.id) or ""
    labels = ", ".join(o.label for o in noticed)
    note = f"Hinweis der Genossenschaft ({signal.location}): {labels}." + (
        f" {text}" if text else ""
    )
    return CaseDraft(
        signal.id,
        entry_ids(session, "access_route")["hinweis_genossenschaft"],
        tuple(areas[area] for area in wanted if area in areas),
        signal.urgency,
        note,
        split_address(signal.location),
    )


def link_case(session: Session, actor: Actor, signal_id: int, case_id: int) -> None:
    """The signal is handled in this case (opened from it, or an existing one)."""
    signal = require_signal(session, actor, signal_id)
    try:
        target = load_case(session, actor, case_id, write=True)
    except NotFound as exc:
        raise Invalid({"case_id": "Diesen Fall gibt es nicht."}) from exc
    signal.case_id = target.id
    signal.status = "in_bearbeitung"
    signal.closed_reason = None
    session.flush()
    audit(session, actor, "signal_linked", "signal", signal.id)


def close_signal(session: Session, actor: Actor, signal_id: int, reason: str | None) -> None:
    signal = require_signal(session, actor, signal_id)
    if reason not in SIGNAL_CLOSE_REASONS or reason == "fall":
        raise Invalid({"reason": "Bitte wählen Sie einen Grund."})
    signal.status = "erledigt"
    signal.closed_reason = reason
    session.flush()
    audit(session, actor, "signal_closed", "signal", signal.id, reason=reason)


def close_signals_of_case(session: Session, case_id: int) -> None:
    """When a case closes, its signals are done for the reporter too."""
    for signal in session.scalars(
        select(Signal).where(Signal.case_id == case_id, Signal.status != "erledigt")
    ):
        signal.status = "erledigt"
        signal.closed_reason = "fall"


# --- indicators ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SignalFigures:
    cooperative: str
    signals: int | None  # None: suppressed
    became_case: int | None
    case_share: float | None  # None: denominator under the threshold
    median_hours_to_contact: float | None
    early_cases: int | None  # cases from signals opened at urgency "früh/präventiv"
    by_kind: dict[str, int]  # observation label -> count (own cooperative only)


def _median_hours(
    session: Session, signal_ids_cases: list[tuple[dt.datetime, int]]
) -> float | None:
    if not signal_ids_cases:
        return None
    first = dict(
        session.execute(
            select(Contact.case_id, func.min(Contact.created_at))
            .where(Contact.case_id.in_({c for _, c in signal_ids_cases}))
            .group_by(Contact.case_id)
        ).all()
    )
    hours = []
    for reported, case_id in signal_ids_cases:
        if case_id in first and first[case_id] is not None:
            a = reported if reported.tzinfo else reported.replace(tzinfo=dt.UTC)
            b = first[case_id] if first[case_id].tzinfo else first[case_id].replace(tzinfo=dt.UTC)
            hours.append(max(0.0, (b - a).total_seconds() / 3600))
    return statistics.median(hours) if hours else None


def _by_kind(session: Session, coop_id: int, in_period: tuple) -> dict[str, int]:
    return dict(
        session.execute(
            select(CatalogueEntry.label, func.count())
            .join(signal_observation, signal_observation.c.entry_id == CatalogueEntry.id)
            .join(Signal, Signal.id == signal_observation.c.signal_id)
            .where(Signal.cooperative_id == coop_id, *in_period)
            .group_by(CatalogueEntry.label)
        ).all()
    )


def signal_indicators(
    session: Session, actor: Actor, date_from: dt.date, date_to: dt.date
) -> list[SignalFigures]:
    """Per cooperative for signals reported in the period: count, how many became a case
    (share), median hours from the report to the case's first contact, and cases from signals
    opened early. Other cooperatives' figures are suppressed; medians need the threshold."""
    require(actor, "indicators.aggregate")
    threshold = get_settings().suppression_threshold
    start = dt.datetime.combine(date_from, dt.time(), dt.UTC)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), dt.UTC)
    in_period = (Signal.created_at >= start, Signal.created_at < end)
    key = Signal.record_key
    counts = counting({"signals": (None, key), "became_case": (Signal.case_id.is_not(None), key),
                       "early_cases": (Case.urgency == "frueh", key)})  # fmt: skip
    rows = session.execute(
        select(Cooperative.id, Cooperative.name, *counts.values())
        .join(Signal, Signal.cooperative_id == Cooperative.id)
        .outerjoin(Case, Case.id == Signal.case_id)
        .where(*in_period)
        .group_by(Cooperative.id, Cooperative.name)
        .order_by(Cooperative.name)
    ).all()
    raw, names, kinds = [], [], []
    for coop_id, name, *values in rows:
        cell = {k: int(v or 0) for k, v in zip(counts, values)}
        count, with_case = cell["signals"], cell["became_case"]
        durations = session.execute(
            select(Signal.created_at, Signal.case_id).where(
                Signal.cooperative_id == coop_id, Signal.case_id.is_not(None), *in_period
            )
        ).all()
        raw.append(
            cell
            | {
                "case_share": with_case / count if count else None,
                "median": _median_hours(session, [(a, b) for a, b in durations]),
            }
        )
        names.append(name)
        kinds.append(
            _by_kind(session, coop_id, in_period) if coop_id == actor.cooperative_id else {}
        )
    own = [r[0] == actor.cooperative_id for r in rows]
    rule = Rule(
        ("signals", "became_case", "early_cases"),
        {"case_share": ("became_case", "signals")},
        medians={"median": "became_case"},
    )
    figures = [
        SignalFigures(
            name,
            v["signals"],
            v["became_case"],
            v["case_share"],
            v["median"],
            v["early_cases"],
            by_kind,
        )
        for name, v, by_kind in zip(names, protect(raw, own, rule, threshold), kinds)
    ]
    return figures
