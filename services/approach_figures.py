"""Figures per approach: the cooperatives grouped by one attribute of the profile valid on
each day (focus area, employer, job title, urban/rural, funding), every group's figures as
cells of their own — protected as a whole outside the viewer's own cooperative
(services.suppression via dashboard.cell_totals) — and beside the absolute figures the same
per full-time post and per 100 housing units, so a 10-hour post and a full-time post compare
fairly. The success goals (services.goals) read the same figures.

A day belongs to the profile valid that day (`segments`): a period in which
a cooperative's profile changed is counted in pieces, each piece in the group of its profile.
A person reached in two pieces counts in each (as a person reached in two cooperatives)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import Session

from db.models import Contact
from services import approaches as ap
from services import indicators as ind
from services.actor import Actor
from services.dashboard import cell_totals
from services.indicators.core import Row, RowGroup, Scope, rows, scope_cooperatives
from services.labels import AREA_LABELS, EMPLOYER_LABELS
from services.permissions import require
from services.suppression import Rule, counting

NO_PROFILE = ("ohne", "ohne Steckbrief")


def _time_rows(session: Session, scope: Scope) -> list[Row]:
    """All contacts (case and quick contacts) and their hours per cooperative."""
    columns = counting({"contacts": (None, Contact.record_key)})
    columns["hours"] = func.sum(Contact.minutes) / 60.0
    in_period = Contact.contact_date.between(scope.date_from, scope.date_to)
    return rows(session, scope, columns, Contact.cooperative_id, lambda q: q.where(in_period))


TIME = RowGroup(_time_rows, Rule(("contacts",), follows={"hours": "contacts"}))
EXTRA = {"time": TIME}
GROUPS = ("reach", "cases", "closed", "referrals", "effect", "time")


# --- which profile a day of a figure belongs to ------------------------------------------------
@dataclass(frozen=True)
class Segment:
    """A stretch of the period in which one cooperative worked under one profile (None: no
    profile recorded for those days)."""

    cooperative_id: int
    date_from: dt.date
    date_to: dt.date
    profile: ap.Profile | None

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1


def segments(
    profiles: list[ap.Profile], cooperative_ids: list[int], start: dt.date, end: dt.date
) -> list[Segment]:
    """Split start…end per cooperative by its profiles; days without one form segments
    with ``profile=None``."""
    found: list[Segment] = []
    for cid in cooperative_ids:
        day = start
        own = sorted((p for p in profiles if p.cooperative_id == cid), key=lambda p: p.valid_from)
        for profile in own:
            first = max(profile.valid_from, start)
            last = min(profile.valid_to or end, end)
            if first > last or last < day:
                continue
            if first > day:
                found.append(Segment(cid, day, first - dt.timedelta(days=1), None))
            found.append(Segment(cid, max(first, day), last, profile))
            day = last + dt.timedelta(days=1)
        if day <= end:
            found.append(Segment(cid, day, end, None))
    return found


@dataclass(frozen=True)
class GroupFigure:
    """One figure of a group of cooperatives: a cell of the groups' totals ('group.column'),
    as it is or per full-time post ("post") or per 100 housing units ("units")."""

    label: str
    cell: str
    unit: str = "count"  # count, share, decimal
    per: str | None = None


FIGURES: dict[str, GroupFigure] = {
    "new_cases": GroupFigure("Neue Fälle", "cases.new_cases"),
    "new_cases_per_post": GroupFigure("Neue Fälle je Vollzeitstelle", "cases.new_cases",
                                      "decimal", "post"),
    "persons": GroupFigure("Erreichte Personen", "reach.persons"),
    "persons_per_post": GroupFigure("Erreichte Personen je Vollzeitstelle", "reach.persons",
                                    "decimal", "post"),
    "persons_per_100_units": GroupFigure("Erreichte Personen je 100 Wohneinheiten",
                                         "reach.persons", "decimal", "units"),
    "contacts": GroupFigure("Kontakte (mit Kurzkontakten)", "time.contacts"),
    "contacts_per_post": GroupFigure("Kontakte je Vollzeitstelle", "time.contacts", "decimal",
                                     "post"),
    "hours_per_post": GroupFigure("Kontaktstunden je Vollzeitstelle", "time.hours", "decimal",
                                  "post"),
    "early_share": GroupFigure("Früherkennungsquote", "cases.early_share", "share"),
    "outreach_share": GroupFigure("Anteil aufsuchender Zugänge", "cases.outreach_share",
                                  "share"),
    "self_help_rate": GroupFigure("Selbsthilfequote", "closed.self_help_rate", "share"),
    "success_rate": GroupFigure("Vermittlungserfolg", "referrals.success_rate", "share"),
    "lonely_share": GroupFigure("Weniger einsam (Fälle mit zwei Einschätzungen)",
                                "effect.lonely_share", "share"),
    "self_share": GroupFigure("Selbsthilfe gestärkt (Fälle mit zwei Einschätzungen)",
                              "effect.self_share", "share"),
    "secured_share": GroupFigure("Wohnung gesichert (Fälle mit zwei Einschätzungen)",
                                 "effect.secured_share", "share"),
}  # fmt: skip

Values = Callable[[ap.Profile], Iterable[tuple[str, str]]]
ATTRIBUTES: dict[str, tuple[str, Values]] = {
    "focus_area": ("Arbeitsschwerpunkt", lambda p: p.focus_areas.items()),
    "employer_kind": ("Träger der Stelle",
                      lambda p: {(q.employer_kind, EMPLOYER_LABELS[q.employer_kind])
                                 for q in p.posts}),
    "job_title": ("Stellenbezeichnung", lambda p: {(q.job_title_key, q.job_title)
                                                   for q in p.posts}),
    "area": ("Städtisch / ländlich", lambda p: [(p.area, AREA_LABELS[p.area])]),
    "funding": ("Finanzierung", lambda p: [(p.funding_key, p.funding)] if p.funding else []),
}  # fmt: skip


@dataclass(frozen=True)
class ApproachGroup:
    key: str
    label: str
    cooperatives: int
    full_time_posts: float  # averaged over the period
    housing_units: float  # averaged over the period
    values: dict[str, float | None]  # FIGURES key -> value (None: withheld or no base)


def value_of(figure: GroupFigure, cells: dict, posts: float, units: float) -> float | None:
    value = cells.get(figure.cell)
    if value is None or figure.per is None:
        return value
    if figure.per == "post":
        return value / posts if posts else None
    return value / units * 100 if units else None


def group_figures(
    session: Session,
    actor: Actor,
    scope: Scope,
    belongs: Callable[[Segment], Iterable[tuple[str, str]]],
    profiles: list[ap.Profile] | None = None,
    computed: dict | None = None,
) -> list[ApproachGroup]:
    """Every group ``belongs`` puts a segment in (key, label), with its figures; ``profiles``:
    all profiles, where the caller has read them already; ``computed``: a dict in which the
    caller keeps the segments' rows for further calls with the same profiles (several goals
    over the same days read them once)."""
    require(actor, "indicators.aggregate")
    cooperatives = [cid for cid, _, _ in scope_cooperatives(session, scope)]
    if profiles is None:
        profiles = ap.list_profiles(session, actor)
    pieces = segments(profiles, cooperatives, scope.date_from, scope.date_to)
    key = (scope, tuple(cooperatives))
    computed = {} if computed is None else computed
    if key not in computed:
        computed[key] = _rows_per_piece(session, scope, pieces)
    found = computed[key]
    days = (scope.date_to - scope.date_from).days + 1
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, piece in enumerate(pieces):
        for group in belongs(piece):
            members[group].append(index)
    result = []
    for (key, label), indexes in members.items():
        own_pieces = [pieces[i] for i in indexes]
        raw = {g: [found[i][g] for i in indexes] for g in GROUPS}
        own = bool(actor.cooperative_id) and all(
            p.cooperative_id == actor.cooperative_id for p in own_pieces
        )
        cells = cell_totals(own, raw, EXTRA)
        posts = sum(p.profile.full_time_posts * p.days for p in own_pieces if p.profile) / days
        units = sum(_units(found[i]) * pieces[i].days for i in indexes) / days
        values = {k: value_of(f, cells, posts, units) for k, f in FIGURES.items()}
        coops = len({p.cooperative_id for p in own_pieces})
        result.append(ApproachGroup(key, label, coops, posts, units, values))
    return result


def _units(rows_of_piece: dict[str, Row]) -> float:
    return rows_of_piece["reach"].values.get("housing_units") or 0


def _rows_per_piece(session: Session, scope: Scope, pieces: list[Segment]) -> list[dict[str, Row]]:
    """The raw rows of each segment (in its order): one query per group and distinct stretch
    of days (most segments span the whole period, so usually one)."""
    stretches: dict[tuple[dt.date, dt.date], list[int]] = defaultdict(list)
    for index, piece in enumerate(pieces):
        stretches[piece.date_from, piece.date_to].append(index)
    row_groups = ind.row_groups() | EXTRA
    found: list[dict[str, Row]] = [{} for _ in pieces]
    for (start, end), indexes in stretches.items():
        ids = tuple(sorted({pieces[i].cooperative_id for i in indexes}))
        part = Scope(start, end, ids)
        for group in GROUPS:
            by_coop = {r.cooperative_id: r for r in row_groups[group].rows(session, part)}
            for i in indexes:
                found[i][group] = by_coop[pieces[i].cooperative_id]
    return found


def compare(session: Session, actor: Actor, scope: Scope, attribute: str) -> list[ApproachGroup]:
    """The cooperatives of the scope grouped by one profile attribute (ATTRIBUTES), by label;
    days without a profile in "ohne Steckbrief" at the end."""
    values = ATTRIBUTES[attribute][1]

    def belongs(piece: Segment) -> Iterable[tuple[str, str]]:
        return values(piece.profile) if piece.profile else [NO_PROFILE]

    groups = group_figures(session, actor, scope, belongs)
    return sorted(groups, key=lambda g: (g.key == NO_PROFILE[0], _german(g.label)))


def _german(label: str) -> str:
    """The order of a German index: Ä with A, ß as ss."""
    return label.casefold().translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))


def per_cooperative(session: Session, actor: Actor, scope: Scope) -> dict[int, ApproachGroup]:
    """Each cooperative of the scope as a group of its own (the Ansätze page's key figures)."""
    groups = group_figures(session, actor, scope, lambda p: [(str(p.cooperative_id), "")])
    return {int(g.key): g for g in groups}
