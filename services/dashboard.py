"""The indicator dashboard as one value: every group of DESIGN §4 for a scope, the key figures
against the previous period, and the tables behind each chart (for the page, the exports, the
presentation and the report). Non-personal aggregates only, already suppressed for the viewer:
safe to cache per (role, cooperative, scope, data version)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Case, Contact, Cooperative
from services import indicators as ind
from services.actor import Actor
from services.permissions import require
from services.suppression import Rule, protect, summed

# the first day a period may start: before it no cooperative documented with this app, and
# a period reaching far back would only make the comparison period meaningless
EARLIEST = dt.date(2000, 1, 1)
PRESETS = ("Dieser Monat", "Dieses Quartal", "Dieses Jahr", "Letzte 12 Monate")


def preset_period(name: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period of a preset, up to and including today; periods start on a month's first
    day so that the monthly charts show whole months."""
    if name == "Dieser Monat":
        return today.replace(day=1), today
    if name == "Dieses Quartal":
        return dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1), today
    if name == "Dieses Jahr":
        return dt.date(today.year, 1, 1), today
    if name == "Letzte 12 Monate":  # whole months: this one and the eleven before
        months = today.year * 12 + today.month - 1 - 11
        return dt.date(months // 12, months % 12 + 1, 1), today
    raise ValueError(name)


def months_back(day: dt.date, months: int) -> dt.date:
    """The same day so many months earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _step_months(start: dt.date, end: dt.date) -> int:
    """How far back the comparison of a period starting on a month's first day lies: a
    year or quarter so far against the same stretch of the year or quarter before, else
    the number of months the period touches."""
    months = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
    if start.month == 1 and end.year == start.year:
        return 12
    if start.month % 3 == 1 and months <= 3:
        return 3
    return months


def previous(scope: ind.Scope) -> ind.Scope:
    """The period just before, with the same cooperatives and city. Whole months are compared
    with as many whole months just before. A named period (a preset, the report's year)
    starting on a month's first day and running to a day within a month is compared with
    the same stretch one step back: the month so far with the month before, the quarter so
    far with the quarter before (01.10.–25.11. with 01.07.–25.08.), the year so far and the
    last twelve months with the year before. Any other period chosen by hand is compared
    with the same number of days just before (01.10.–15.11. with 17.08.–30.09.)."""
    start, end = scope.date_from, scope.date_to
    if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        months = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
        before_end = start - dt.timedelta(days=1)
        return replace(scope, date_from=months_back(start, months), date_to=before_end)
    if start.day == 1 and scope.named:
        step = _step_months(start, end)
        return replace(scope, date_from=months_back(start, step), date_to=months_back(end, step))
    days = (end - start).days + 1
    before_end = start - dt.timedelta(days=1)
    return replace(scope, date_from=before_end - dt.timedelta(days=days - 1), date_to=before_end)


def _year_before(day: dt.date) -> dt.date:
    return months_back(day, 12)


def compared_with(scope: ind.Scope) -> str:
    """How the comparison period is called: 'Vorjahr' when it is the same dates a year
    earlier (a year, the last twelve months), else 'Vorzeitraum'."""
    before = previous(scope)
    same_dates = (_year_before(scope.date_from), _year_before(scope.date_to))
    return "Vorjahr" if (before.date_from, before.date_to) == same_dates else "Vorzeitraum"


def audience(actor: Actor) -> Actor:
    """The viewer as seen by a room: outside every cooperative, so every figure is suppressed,
    whoever opens the presentation (DESIGN §2: presentation mode)."""
    return replace(actor, cooperative_id=None)


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: float | None  # None: hidden (small numbers) or no denominator
    previous: float | None
    share: bool  # a rate (0..1) rather than a count


# the key figures are cells of the groups' totals, so they read the same
KEY_CELLS = {
    "persons": "reach.persons",
    "new_cases": "cases.new_cases",
    "early_share": "cases.early_share",
    "success_rate": "referrals.success_rate",
}
KEY_LABELS = {
    "persons": ("Erreichte Personen", False),
    "new_cases": ("Neue Fälle", False),
    "early_share": ("Früherkennungsquote", True),
    "success_rate": ("Vermittlungserfolg", True),
}
KEY_GROUPS = ("reach", "cases", "referrals")


def _raw(session: Session, scope: ind.Scope, groups: tuple[str, ...] | None = None) -> dict:
    found = ind.row_groups()
    return {g: found[g].rows(session, scope) for g in groups or found}


def documented_since(session: Session, scope: ind.Scope) -> dt.date | None:
    """The first day anything was documented for the scope's cooperatives (a case opened or
    a contact, quick ones too): before it a figure is 0 because nothing was recorded yet."""
    firsts = [
        session.scalar(ind.in_scope(select(func.min(day)), coop, scope))
        for day, coop in (
            (Contact.contact_date, Contact.cooperative_id),
            (Case.opened_on, Case.cooperative_id),
        )
    ]
    return min((d for d in firsts if d is not None), default=None)


def comparable(scope: ind.Scope, since: dt.date | None) -> bool:
    """Whether anything was documented by the end of the previous period: a comparison
    with a time before the first record would read "+93" where the data did not exist."""
    return since is not None and since <= previous(scope).date_to


def _key_figures(
    session: Session,
    actor: Actor,
    scope: ind.Scope,
    totals: dict[str, float | None],
    since: dt.date | None,
) -> list[KeyFigure]:
    """From the period's totals, and the previous period's, computed for the key groups
    (none before the documentation began)."""
    before: dict = {}
    if comparable(scope, since):
        before = _totals(actor, scope, _raw(session, previous(scope), KEY_GROUPS))
    return [
        KeyFigure(key, label, totals[KEY_CELLS[key]], before.get(KEY_CELLS[key]), share)
        for key, (label, share) in KEY_LABELS.items()
    ]


def key_figures(session: Session, actor: Actor, scope: ind.Scope) -> list[KeyFigure]:
    require(actor, "indicators.aggregate")
    totals = _totals(actor, scope, _raw(session, scope, KEY_GROUPS))
    return _key_figures(session, actor, scope, totals, documented_since(session, scope))


@dataclass(frozen=True)
class Dashboard:
    scope: ind.Scope
    key_figures: list[KeyFigure]
    rows: dict[str, list[ind.Row]]  # per cooperative, suppressed (see ind.row_groups)
    totals: dict[str, float | None]  # "group.column" over the scope, hidden when small
    months: dict[str, dict]
    quarters: dict[str, dict]
    parts: dict[str, object]  # each group's own computation (ind.Indicator.part), by its key
    since: dt.date | None = None  # the first documented day (documented_since)

    @property
    def comparable(self) -> bool:
        """The previous period was documented: changes against it mean something."""
        return comparable(self.scope, self.since)

    @property
    def empty(self) -> bool:
        """Nothing happened in the period: no contacts, cases, activities or meetings."""
        return not (
            self.months
            or self.totals["cases.open_at_end"]
            or self.totals["neighbourhood.activities"]
            or self.parts["meetings"].meetings
        )

    def key_figure(self, key: str) -> KeyFigure:
        return next(k for k in self.key_figures if k.key == key)


def _totals(actor: Actor, scope: ind.Scope, raw: dict[str, list[ind.Row]]) -> dict:
    return cell_totals(ind.own_only(actor, scope), raw)


def cell_totals(own: bool, raw: dict[str, list[ind.Row]], groups: dict | None = None) -> dict:
    """Each group's counts over the rows as cells of their own (counts and keys summed over
    the cooperatives), its rates, values that follow a count and scaled values computed from
    them — protected like any other figure (services.suppression) unless ``own`` (the rows
    are the viewer's own cooperative's), as 'group.column'. ``groups``: row groups beyond
    the registry's."""
    cell: dict[str, float] = {}
    counts: list[str] = []
    rates, follows, scaled = {}, {}, {}
    groups = ind.row_groups() | (groups or {})
    for group, found in raw.items():
        rule, values = groups[group].rule, [r.values for r in found]

        def name(column: str, group: str = group) -> str:
            return f"{group}.{column}"

        cell |= {name(k): v for k, v in summed(values, rule.counts).items()}
        counts += [name(c) for c in rule.counts]
        for rate, (numerator, base) in rule.rates.items():
            rates[name(rate)] = (name(numerator), name(base))
            cell[name(rate)] = ind.share(cell[name(numerator)], cell[name(base)])
        for value, count in rule.follows.items():
            follows[name(value)] = name(count)
            cell[name(value)] = sum(v[value] or 0 for v in values)
        for value, (count, divisor, factor) in rule.scaled.items():
            scaled[name(value)] = (name(count), name(divisor), factor)
            cell[name(divisor)] = units = sum(v[divisor] or 0 for v in values)
            cell[name(value)] = cell[name(count)] / units * factor if units else None
    rule = Rule(tuple(counts), rates, follows=follows, scaled=scaled)
    [shown] = protect([cell], [own], rule)
    return shown


def dashboard(session: Session, actor: Actor, scope: ind.Scope) -> Dashboard:
    """All indicator groups for the scope, suppressed for the viewer."""
    require(actor, "indicators.aggregate")
    raw = _raw(session, scope)
    groups = ind.row_groups()
    totals = _totals(actor, scope, raw)
    months, quarters = ind.trends(session, actor, scope)
    before = previous(scope)
    since = documented_since(session, scope)
    return Dashboard(
        scope=scope,
        key_figures=_key_figures(session, actor, scope, totals, since),
        rows={g: ind.suppress_for(actor, raw[g], groups[g].rule) for g in raw},
        totals=totals,
        months=months,
        quarters=quarters,
        parts={
            key: group.part(session, actor, scope, before)
            for key, group in ind.registry().items()
            if group.part
        },
        since=since,
    )


# --- comparing cooperatives ----------------------------------------------------------------
@dataclass(frozen=True)
class Comparable:
    label: str
    group: str  # key of Dashboard.rows
    column: str
    share: bool = False
    digits: int = 0


COMPARABLE: dict[str, Comparable] = {
    "per_100_units": Comparable("Erreichte Personen je 100 Wohneinheiten", "reach",
                                "per_100_units", digits=1),
    "persons": Comparable("Erreichte Personen", "reach", "persons"),
    "quick_contacts": Comparable("Kurzkontakte", "reach", "quick_contacts"),
    "new_cases": Comparable("Neue Fälle", "cases", "new_cases"),
    "early_share": Comparable("Früherkennungsquote", "cases", "early_share", share=True),
    "outreach_share": Comparable("Anteil aufsuchender Zugänge", "cases", "outreach_share",
                                 share=True),
    "open_at_end": Comparable("Offene Fälle am Ende", "cases", "open_at_end"),
    "referral_rate": Comparable("Vermittlungsquote", "closed", "referral_rate", share=True),
    "self_help_rate": Comparable("Selbsthilfequote", "closed", "self_help_rate", share=True),
    "success_rate": Comparable("Erfolgreiche Vermittlungen", "referrals", "success_rate",
                               share=True),
    "case_days": Comparable("Falldauer (Median, Tage)", "durations", "case_days"),
    "activities": Comparable("Quartiersaktivitäten", "neighbourhood", "activities"),
    "volunteers": Comparable("Aktive Ehrenamtliche", "neighbourhood", "volunteers"),
    "lonely_share": Comparable("Weniger einsam (Wirkung)", "effect", "lonely_share", share=True),
    "coverage": Comparable("Fälle mit zwei Einschätzungen (Anteil)", "effect", "coverage",
                           share=True),
}  # fmt: skip


def comparison(board: Dashboard, key: str) -> list[tuple[int, str, float | None]]:
    """(cooperative id, name, value or None when hidden) for one comparable indicator."""
    spec = COMPARABLE[key]
    rows = board.rows[spec.group]
    return [(r.cooperative_id, r.cooperative, r.values[spec.column]) for r in rows]


@dataclass(frozen=True)
class ScopeOptions:
    cooperatives: dict[int, str]  # id -> name, active ones
    cities: list[str]


def scope_options(session: Session, actor: Actor) -> ScopeOptions:
    """What the filters offer: the active cooperatives and their cities."""
    require(actor, "indicators.aggregate")
    rows = session.execute(
        select(Cooperative.id, Cooperative.name, Cooperative.city)
        .where(Cooperative.active.is_(True))
        .order_by(Cooperative.name)
    ).all()
    return ScopeOptions({r[0]: r[1] for r in rows}, sorted({r[2] for r in rows}))
