"""The success indicators of DESIGN §4: each defined once here, computed in SQL per
cooperative, and suppressed for anyone outside the owning cooperative.

Issue 8 builds the dashboard (services/dashboard.py), exports and the benchmark on this module;
the presentation and the annual report use it too. All twelve groups: 1 reach, 2 new cases,
3 early detection, 4 access routes, 5 problem areas, 6 referrals, 7 self-help, 8 outcomes,
9 time, 10 network, 11 neighbourhood work, 12 exchange meetings; and the trends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, case, distinct, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from db import sql
from db.models import (
    Activity,
    Case,
    CatalogueEntry,
    Contact,
    Cooperative,
    Meeting,
    MeetingMethod,
    Partner,
    PartnerCity,
    Referral,
    Volunteer,
    VolunteerAssignment,
    case_outcome,
    case_problem_area,
    meeting_attendee,
)
from services.actor import Actor
from services.permissions import require
from services.suppression import Rule, protect


@dataclass(frozen=True)
class Definition:
    title: str
    summary: str  # one line beside the chart
    numerator: str
    denominator: str
    rules: str


DEFINITIONS: dict[str, Definition] = {
    "reach": Definition(
        "Reichweite",
        "Personen mit mindestens einem Kontakt im Zeitraum, je 100 Wohneinheiten.",
        "verschiedene Personen mit ≥ 1 Kontakt (Fallkontakt) im Zeitraum",
        "Wohneinheiten der gewählten Genossenschaften, geteilt durch 100",
        "Kurzkontakte haben keine Person und werden getrennt gezählt.",
    ),
    "cases": Definition(
        "Neue Fälle und Fallbestand",
        "Im Zeitraum eröffnete Fälle; offene Fälle am Ende des Zeitraums.",
        "Fälle mit Eröffnungsdatum im Zeitraum; Fälle, die am letzten Tag offen waren",
        "–",
        "Offen am Ende: eröffnet am oder vor dem letzten Tag und nicht bis dahin abgeschlossen.",
    ),
    "early_detection": Definition(
        "Früherkennung",
        "Anteil der neuen Fälle, die früh/präventiv aufgenommen wurden (daneben: Krise).",
        "neue Fälle mit Dringlichkeit „früh/präventiv“ (bzw. „Krise“)",
        "alle im Zeitraum eröffneten Fälle",
        "Dringlichkeit bei Aufnahme; spätere Änderungen zählen nicht.",
    ),
    "access_routes": Definition(
        "Zugangswege",
        "Neue Fälle nach Zugangsweg; Anteil aufsuchender Zugänge.",
        "neue Fälle, deren Zugangsweg im Katalog als aufsuchend markiert ist",
        "alle im Zeitraum eröffneten Fälle",
        "Aufsuchend sind z. B. „Aufsuchend“, „Hinweis aus der Nachbarschaft“, "
        "„Hinweis der Genossenschaft“ (einstellbar unter Verwaltung → Kataloge).",
    ),
    "problem_areas": Definition(
        "Problemlagen",
        "Neue Fälle je Problemlage (ein Fall zählt bei jeder seiner Problemlagen).",
        "im Zeitraum eröffnete Fälle mit dieser Problemlage",
        "–",
        "Die Anteile ergeben zusammen mehr als 100 %, weil Fälle mehrere Problemlagen haben.",
    ),
    "referrals": Definition(
        "Vermittlung",
        "Anteil der abgeschlossenen Fälle mit Vermittlung; Erfolg der Vermittlungen.",
        "abgeschlossene Fälle mit ≥ 1 Vermittlung; Vermittlungen „angenommen“ oder „erledigt“",
        "im Zeitraum abgeschlossene Fälle; im Zeitraum vermittelt und mit abschließendem Stand",
        "Abschließend ist jeder Stand außer „angefragt“.",
    ),
    "self_help": Definition(
        "Hilfe zur Selbsthilfe",
        "Anteil der abgeschlossenen Fälle, die ohne Vermittlung gelöst wurden.",
        "abgeschlossene Fälle ohne Vermittlung und ohne Ergebnis „Kontakt abgebrochen“, "
        "„Verstorben“ oder „Kein Bedarf“",
        "im Zeitraum abgeschlossene Fälle",
        "Ein Fall mit einem dieser Ergebnisse zählt nicht als gelöst.",
    ),
    "outcomes": Definition(
        "Ergebnisse",
        "Abgeschlossene Fälle je Ergebnis, z. B. Wohnungsverlust verhindert.",
        "im Zeitraum abgeschlossene Fälle mit diesem Ergebnis",
        "–",
        "Ein Fall kann mehrere Ergebnisse haben.",
    ),
    "time": Definition(
        "Zeiteinsatz",
        "Stunden der Kontakte je Kontaktart; Median der Tage bis zur ersten Vermittlung und "
        "der Falldauer.",
        "Minuten aller Kontakte und Kurzkontakte im Zeitraum je Kontaktart, geteilt durch 60",
        "–; Mediane: Fälle mit erster Vermittlung im Zeitraum bzw. im Zeitraum abgeschlossen",
        "Tage bis zur Vermittlung: vom Eröffnungsdatum bis zur ersten Vermittlung des Falls. "
        "Falldauer: vom Eröffnungs- bis zum Abschlussdatum. Mediane aus weniger als 5 Fällen "
        "werden außerhalb der eigenen Genossenschaft nicht gezeigt.",
    ),
    "network": Definition(
        "Netzwerk",
        "Aktive Partner am Ende des Zeitraums, neue Partner, Anteil geprüfter Einträge; "
        "Vermittlungen je Partnerart.",
        "aktive Partner, die in den 12 Monaten vor dem Ende des Zeitraums geprüft wurden",
        "aktive Partner am Ende des Zeitraums",
        "Das Partnerverzeichnis ist gemeinsam; der Filter Stadt wählt Partner, die diese Stadt "
        "versorgen. Vermittlungen zählen aus den Fällen der gewählten Genossenschaften.",
    ),
    "neighbourhood": Definition(
        "Quartiersarbeit und Ehrenamt",
        "Quartiersaktivitäten und Teilnehmende; Ehrenamtliche mit Einsatz und ihre Stunden.",
        "Aktivitäten im Zeitraum; Ehrenamtliche mit mindestens einem Einsatz im Zeitraum",
        "–",
        "Ehrenamtliche sind Personen: kleine Zahlen werden außerhalb der eigenen "
        "Genossenschaft mit ihren Stunden ausgeblendet.",
    ),
    "meetings": Definition(
        "Austauschtreffen",
        "Treffen im Zeitraum, Teilnehmende je Treffen und vermittelte Methoden.",
        "Teilnehmende aller Treffen im Zeitraum",
        "Treffen im Zeitraum",
        "Eine Methode zählt einmal je Treffen, in dem sie vermittelt wurde.",
    ),
}


@dataclass(frozen=True)
class Scope:
    date_from: dt.date
    date_to: dt.date  # both inclusive
    cooperative_ids: tuple[int, ...] | None = None  # None: all
    city: str | None = None


def in_scope(query: Select, cooperative_id: ColumnElement, scope: Scope) -> Select:
    """Restrict a query to the scope's cooperatives through its own cooperative column: no
    join with the cooperatives, so the date indexes stay usable."""
    if scope.cooperative_ids is not None:
        query = query.where(cooperative_id.in_(scope.cooperative_ids))
    if scope.city:
        in_city = select(Cooperative.id).where(Cooperative.city == scope.city)
        query = query.where(cooperative_id.in_(in_city.scalar_subquery()))
    return query


def _scope_cooperatives(session: Session, scope: Scope) -> list[tuple[int, str, int]]:
    """(id, name, housing units) of the scope's cooperatives, by name."""
    query = select(Cooperative.id, Cooperative.name, Cooperative.housing_units)
    return session.execute(in_scope(query.order_by(Cooperative.name), Cooperative.id, scope)).all()


@dataclass(frozen=True)
class Row:
    """One cooperative's figures; None: suppressed for this viewer."""

    cooperative_id: int
    cooperative: str
    values: dict[str, float | int | None]


def _rows(
    session: Session,
    scope: Scope,
    columns: dict[str, ColumnElement],
    cooperative_id: ColumnElement,
    source: Callable[[Select], Select],
) -> list[Row]:
    """One Row per cooperative of the scope, zeros where nothing happened. ``source`` adds
    the FROM and WHERE of an aggregate grouped by ``cooperative_id``."""
    query = source(select(cooperative_id, *columns.values())).group_by(cooperative_id)
    found = {r[0]: r[1:] for r in session.execute(in_scope(query, cooperative_id, scope))}
    zeros = (0,) * len(columns)
    return [
        Row(cid, name, {k: v or 0 for k, v in zip(columns, found.get(cid, zeros))})
        for cid, name, _ in _scope_cooperatives(session, scope)
    ]


def suppress_for(
    actor: Actor, rows: list[Row], counts: list[str], rates: dict[str, tuple[str, str]]
) -> list[Row]:
    """DESIGN §2 for the viewer (services.suppression.protect): other cooperatives' counts
    1–4 hidden, with secondary suppression per column, and their rates with them."""
    shown = protect(
        [r.values for r in rows],
        [r.cooperative_id == actor.cooperative_id for r in rows],
        Rule(tuple(counts), rates),
    )
    return [Row(r.cooperative_id, r.cooperative, v) for r, v in zip(rows, shown)]


def own_only(actor: Actor, scope: Scope) -> bool:
    """The scope is exactly the viewer's own cooperative: figures are shown in full."""
    return bool(actor.cooperative_id) and scope.cooperative_ids == (actor.cooperative_id,)


def _share(numerator: int | None, denominator: int | None) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


# --- 1 reach -------------------------------------------------------------------------------
def _reach_rows(session: Session, scope: Scope) -> list[Row]:
    in_period = Contact.contact_date.between(scope.date_from, scope.date_to)
    rows = _rows(
        session,
        scope,
        {
            "contacts": func.count(Contact.case_id),
            # count(*), not count(id): PostgreSQL then answers from the covering index alone
            "quick_contacts": func.count() - func.count(Contact.case_id),
        },
        Contact.cooperative_id,
        lambda q: q.where(in_period),
    )
    # persons: distinct over the cases with a contact in P (read from the covering index)
    with_contact = select(Contact.case_id).where(in_period, Contact.case_id.is_not(None))
    reached = (
        select(Case.cooperative_id, Case.person_id)
        .where(Case.id.in_(in_scope(with_contact, Contact.cooperative_id, scope)))
        .distinct()
        .subquery()
    )
    persons = dict(
        session.execute(
            select(reached.c.cooperative_id, func.count()).group_by(reached.c.cooperative_id)
        ).all()
    )
    units = {cid: n for cid, _, n in _scope_cooperatives(session, scope)}
    for row in rows:
        v = row.values
        v["persons"] = persons.get(row.cooperative_id, 0)
        v["housing_units"] = units[row.cooperative_id] or 0
        v["per_100_units"] = v["persons"] / v["housing_units"] * 100 if v["housing_units"] else None
    return rows


REACH_SUPPRESSION = (
    ["persons", "contacts", "quick_contacts"],
    # the housing units are no small number: the rate goes with the persons count
    {"per_100_units": ("persons", "persons")},
)


def reach(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Persons reached (distinct, case contacts in P), per 100 housing units; contacts and
    quick contacts in P."""
    require(actor, "indicators.aggregate")
    return suppress_for(actor, _reach_rows(session, scope), *REACH_SUPPRESSION)


# --- 2 new cases, 3 early detection, 4 access routes ---------------------------------------
def _new_case_rows(session: Session, scope: Scope) -> list[Row]:
    columns = {
        "new_cases": func.count(Case.id),
        "early": func.sum(case((Case.urgency == "frueh", 1), else_=0)),
        "crisis": func.sum(case((Case.urgency == "krise", 1), else_=0)),
        "outreach": func.sum(case((CatalogueEntry.is_outreach.is_(True), 1), else_=0)),
    }
    rows = _rows(
        session,
        scope,
        columns,
        Case.cooperative_id,
        lambda q: (
            q.select_from(Case)
            .join(CatalogueEntry, CatalogueEntry.id == Case.access_route_id)
            .where(Case.opened_on.between(scope.date_from, scope.date_to))
        ),
    )
    # the open caseload: opened by the end of P and not closed by then (selected by the
    # closing date, which the index answers; the opening date only counts)
    caseload = _rows(
        session,
        scope,
        {"open_at_end": func.sum(case((Case.opened_on <= scope.date_to, 1), else_=0))},
        Case.cooperative_id,
        lambda q: q.where(or_(Case.closed_on.is_(None), Case.closed_on > scope.date_to)),
    )
    for row, load in zip(rows, caseload):
        v = row.values
        for key in columns:
            v[key] = int(v[key])
        v["open_at_end"] = int(load.values["open_at_end"])
        v["early_share"] = _share(v["early"], v["new_cases"])
        v["crisis_share"] = _share(v["crisis"], v["new_cases"])
        v["outreach_share"] = _share(v["outreach"], v["new_cases"])
    return rows


NEW_CASE_SUPPRESSION = (
    ["new_cases", "early", "crisis", "outreach", "open_at_end"],
    {
        "early_share": ("early", "new_cases"),
        "crisis_share": ("crisis", "new_cases"),
        "outreach_share": ("outreach", "new_cases"),
    },
)


def new_cases(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """New cases in P with their urgency and outreach shares, and the open caseload at the
    end of P."""
    require(actor, "indicators.aggregate")
    return suppress_for(actor, _new_case_rows(session, scope), *NEW_CASE_SUPPRESSION)


def _labelled_counts(
    session: Session, actor: Actor, scope: Scope, query: Select
) -> dict[str, int | None]:
    """Counts per catalogue label over the scope's cooperatives; small counts are hidden
    unless the scope is only the viewer's own cooperative."""
    counts = dict(session.execute(in_scope(query, Case.cooperative_id, scope)).all())
    if own_only(actor, scope):
        return counts
    shown = protect([{"n": n} for n in counts.values()], [False] * len(counts), Rule(("n",)))
    return {label: row["n"] for label, row in zip(counts, shown)}


def _cases_per_label(
    session: Session, actor: Actor, scope: Scope, linked: Select, day: ColumnElement
) -> dict[str, int | None]:
    """Cases per catalogue label; ``linked`` joins the entries to the cases, ``day`` is the
    case date that must fall in P."""
    require(actor, "indicators.aggregate")
    query = (
        linked.where(day.between(scope.date_from, scope.date_to))
        .group_by(CatalogueEntry.label, CatalogueEntry.sort_order)
        .order_by(CatalogueEntry.sort_order)
    )
    return _labelled_counts(session, actor, scope, query)


_PER_LABEL = select(CatalogueEntry.label, func.count(Case.id))


def access_routes(session: Session, actor: Actor, scope: Scope) -> dict[str, int | None]:
    """New cases in P per access route (label)."""
    linked = _PER_LABEL.join(Case, Case.access_route_id == CatalogueEntry.id)
    return _cases_per_label(session, actor, scope, linked, Case.opened_on)


# --- 5 problem areas, 8 outcomes -----------------------------------------------------------
def problem_areas(session: Session, actor: Actor, scope: Scope) -> dict[str, int | None]:
    """Cases opened in P per problem area (a case counts once per area)."""
    linked = _PER_LABEL.join(
        case_problem_area, case_problem_area.c.entry_id == CatalogueEntry.id
    ).join(Case, Case.id == case_problem_area.c.case_id)
    return _cases_per_label(session, actor, scope, linked, Case.opened_on)


def outcomes(session: Session, actor: Actor, scope: Scope) -> dict[str, int | None]:
    """Cases closed in P per outcome (a case counts once per outcome)."""
    linked = _PER_LABEL.join(case_outcome, case_outcome.c.entry_id == CatalogueEntry.id).join(
        Case, Case.id == case_outcome.c.case_id
    )
    return _cases_per_label(session, actor, scope, linked, Case.closed_on)


# --- 6 referral rate and success, 7 self-help ----------------------------------------------
NOT_SELF_HELP = ("kontakt_abgebrochen", "verstorben", "kein_bedarf")
FINAL_REFERRAL = ("angenommen", "erledigt", "abgelehnt", "nicht_wahrgenommen")


def _closed_case_rows(session: Session, scope: Scope) -> list[Row]:
    ending = select(CatalogueEntry.id).where(
        CatalogueEntry.catalogue == "outcome", CatalogueEntry.key.in_(NOT_SELF_HELP)
    )
    closed = select(
        Case.cooperative_id,
        select(Referral.id).where(Referral.case_id == Case.id).exists().label("referred"),
        select(case_outcome.c.case_id)
        .where(
            case_outcome.c.case_id == Case.id,
            case_outcome.c.entry_id.in_(session.scalars(ending).all()),
        )
        .exists()
        .label("ended"),
    ).where(Case.closed_on.between(scope.date_from, scope.date_to))
    closed = closed.subquery()  # each flag once per case; _rows applies the scope
    referred, ended = closed.c.referred, closed.c.ended
    columns = {
        "closed": func.count(),
        "referred": func.sum(case((referred, 1), else_=0)),
        "self_help": func.sum(case((and_(~referred, ~ended), 1), else_=0)),
    }
    rows = _rows(session, scope, columns, closed.c.cooperative_id, lambda q: q)
    for row in rows:
        v = row.values
        for key in columns:
            v[key] = int(v[key])
        v["referral_rate"] = _share(v["referred"], v["closed"])
        v["self_help_rate"] = _share(v["self_help"], v["closed"])
    return rows


CLOSED_SUPPRESSION = (
    ["closed", "referred", "self_help"],
    {"referral_rate": ("referred", "closed"), "self_help_rate": ("self_help", "closed")},
)


def closed_cases(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Of the cases closed in P: with at least one referral (referral rate), and solved
    without referral and without an outcome that ends help otherwise (self-help rate)."""
    require(actor, "indicators.aggregate")
    return suppress_for(actor, _closed_case_rows(session, scope), *CLOSED_SUPPRESSION)


def _referral_rows(session: Session, scope: Scope) -> list[Row]:
    columns = {
        "final": func.count(Referral.id),
        "successful": func.sum(case((Referral.status.in_(("angenommen", "erledigt")), 1), else_=0)),
    }
    rows = _rows(
        session,
        scope,
        columns,
        Case.cooperative_id,
        lambda q: (
            q.select_from(Referral)
            .join(Case, Case.id == Referral.case_id)
            .where(
                Referral.referred_on.between(scope.date_from, scope.date_to),
                Referral.status.in_(FINAL_REFERRAL),
            )
        ),
    )
    for row in rows:
        v = row.values
        v["final"], v["successful"] = int(v["final"]), int(v["successful"])
        v["success_rate"] = _share(v["successful"], v["final"])
    return rows


REFERRAL_SUPPRESSION = (["final", "successful"], {"success_rate": ("successful", "final")})


def referral_success(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Of the referrals made in P that have a final status, the share angenommen/erledigt."""
    require(actor, "indicators.aggregate")
    return suppress_for(actor, _referral_rows(session, scope), *REFERRAL_SUPPRESSION)


def _labelled_rows(
    actor: Actor,
    scope: Scope,
    result: list[tuple],
    counts: list[str],
    rates: dict[str, tuple[str, str]] | None = None,
) -> dict[str, dict[str, float | int | None]]:
    """Rows of (label, value, …) aggregated over the scope, with each count column suppressed
    across the labels unless the scope is the viewer's own cooperative."""
    extra = len(result[0]) - 1 - len(counts) if result else 0
    columns = counts + [f"value{i + 1}" for i in range(extra)]  # value1, … after the counts
    table = {
        r[0]: dict(zip(columns, (None if v is None else float(v) for v in r[1:]))) for r in result
    }
    for values in table.values():
        for column in counts:
            values[column] = int(values[column] or 0)
        for rate, (numerator, denominator) in (rates or {}).items():
            values[rate] = _share(values[numerator], values[denominator])
    if own_only(actor, scope):
        return table
    shown = protect(list(table.values()), [False] * len(table), Rule(tuple(counts), rates or {}))
    return dict(zip(table, shown))


# --- 9 time --------------------------------------------------------------------------------
def contact_hours(
    session: Session, actor: Actor, scope: Scope
) -> dict[str, dict[str, float | int | None]]:
    """Contacts (case and quick) in P per contact kind with their hours; the hours are hidden
    with the count of contacts behind them."""
    require(actor, "indicators.aggregate")
    per_kind = (
        select(Contact.kind_id, func.count().label("n"), func.sum(Contact.minutes).label("m"))
        .where(Contact.contact_date.between(scope.date_from, scope.date_to))
        .group_by(Contact.kind_id)
    )  # counted from the covering date index, then labelled
    per_kind = in_scope(per_kind, Contact.cooperative_id, scope).subquery()
    query = (
        select(CatalogueEntry.label, func.sum(per_kind.c.n), func.sum(per_kind.c.m))
        .join(per_kind, per_kind.c.kind_id == CatalogueEntry.id)
        .group_by(CatalogueEntry.label, CatalogueEntry.sort_order)
        .order_by(CatalogueEntry.sort_order)
    )
    result = session.execute(query).all()
    table = _labelled_rows(actor, scope, result, ["contacts"])
    for values in table.values():
        minutes = values.pop("value1")
        values["hours"] = None if values["contacts"] is None else round((minutes or 0) / 60, 1)
    return table


def _medians(session: Session, scope: Scope, group: ColumnElement) -> list[dict]:
    """Per ``group``: median days from opening to the first referral (first referral made in
    P) and median duration of the cases closed in P, each with the number of cases."""
    name = sql.dialect(session)
    earlier = aliased(Referral)
    # a case's first referral: made in P and on the case's earliest referral day (the index
    # on case and date answers the minimum per referral)
    earliest = select(func.min(earlier.referred_on)).where(earlier.case_id == Referral.case_id)
    first = (
        select(Referral.case_id, Referral.referred_on.label("first_on"))
        .where(
            Referral.referred_on.between(scope.date_from, scope.date_to),
            Referral.referred_on == earliest.scalar_subquery(),
        )
        .distinct()
        .subquery()
    )
    selects = [
        select(
            group.label("g"), sql.days_between(Case.opened_on, first.c.first_on, name).label("v")
        ).join(first, first.c.case_id == Case.id),
        select(
            group.label("g"), sql.days_between(Case.opened_on, Case.closed_on, name).label("v")
        ).where(Case.closed_on.between(scope.date_from, scope.date_to)),
    ]
    return [sql.medians(session, in_scope(q, Case.cooperative_id, scope)) for q in selects]


def _duration_rows(session: Session, scope: Scope) -> list[Row]:
    to_referral, duration = _medians(session, scope, Case.cooperative_id)
    rows = []
    for cid, coop_name, _ in _scope_cooperatives(session, scope):
        days_r, n_r = to_referral.get(cid, (None, 0))
        days_c, n_c = duration.get(cid, (None, 0))
        values = {"referred_cases": n_r, "days_to_referral": days_r}
        values |= {"closed": n_c, "case_days": days_c}
        rows.append(Row(cid, coop_name, values))
    return rows


DURATION_SUPPRESSION = (
    ["referred_cases", "closed"],
    # a median of fewer than five cases describes individuals
    {"days_to_referral": ("referred_cases", "referred_cases"), "case_days": ("closed", "closed")},
)


def durations(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Median days to the first referral and median case duration, per cooperative."""
    require(actor, "indicators.aggregate")
    return suppress_for(actor, _duration_rows(session, scope), *DURATION_SUPPRESSION)


def pooled_medians(session: Session, actor: Actor, scope: Scope) -> dict[str, float | None]:
    """The two medians over all cases of the scope (not a median of medians); hidden from
    others when fewer than the threshold of cases stand behind them."""
    require(actor, "indicators.aggregate")
    to_referral, duration = (m.get(1, (None, 0)) for m in _medians(session, scope, literal(1)))
    row = {"days_to_referral": to_referral[0], "referred": to_referral[1],
           "case_days": duration[0], "closed": duration[1]}  # fmt: skip
    # a median is shown when the count behind it may be (a rate of that count over itself)
    rule = Rule(
        (), {"days_to_referral": ("referred", "referred"), "case_days": ("closed", "closed")}
    )
    [shown] = protect([row], [own_only(actor, scope)], rule)
    return {"days_to_referral": shown["days_to_referral"], "case_days": shown["case_days"]}


# --- 10 network ----------------------------------------------------------------------------
@dataclass(frozen=True)
class NetworkFigures:
    active: int
    created: int
    verified: int
    verified_share: float | None


def network(session: Session, actor: Actor, scope: Scope) -> NetworkFigures:
    """The shared partner directory (no personal data, not suppressed): active partners at
    the end of P, created in P, and verified in the 12 months before the end of P. The city
    filter selects partners serving that city; cooperatives do not apply."""
    require(actor, "indicators.aggregate")
    end = dt.datetime.combine(scope.date_to + dt.timedelta(days=1), dt.time(), dt.UTC)
    start = dt.datetime.combine(scope.date_from, dt.time(), dt.UTC)
    year_before = scope.date_to - dt.timedelta(days=365)
    existing = and_(Partner.active.is_(True), Partner.created_at < end)
    query = select(
        func.sum(case((existing, 1), else_=0)),
        func.sum(case((Partner.created_at.between(start, end), 1), else_=0)),
        func.sum(
            case(
                (and_(existing, Partner.last_verified_on.between(year_before, scope.date_to)), 1),
                else_=0,
            )
        ),
    )
    if scope.city:
        query = query.where(
            select(PartnerCity.partner_id)
            .where(PartnerCity.partner_id == Partner.id, PartnerCity.city == scope.city)
            .exists()
        )
    active, created, verified = (int(v or 0) for v in session.execute(query).one())
    return NetworkFigures(active, created, verified, _share(verified, active))


def referrals_by_partner_kind(
    session: Session, actor: Actor, scope: Scope
) -> dict[str, dict[str, float | int | None]]:
    """Referrals made in P per partner kind, and the success of those with a final status."""
    require(actor, "indicators.aggregate")
    final = Referral.status.in_(FINAL_REFERRAL)
    good = Referral.status.in_(("angenommen", "erledigt"))
    query = (
        select(
            CatalogueEntry.label,
            func.count(Referral.id),
            func.sum(case((final, 1), else_=0)),
            func.sum(case((good, 1), else_=0)),
        )
        .join(Partner, Partner.kind_id == CatalogueEntry.id)
        .join(Referral, Referral.partner_id == Partner.id)
        .join(Case, Case.id == Referral.case_id)
        .where(Referral.referred_on.between(scope.date_from, scope.date_to))
        .group_by(CatalogueEntry.label, CatalogueEntry.sort_order)
        .order_by(CatalogueEntry.sort_order)
    )
    return _labelled_rows(
        actor,
        scope,
        session.execute(in_scope(query, Case.cooperative_id, scope)).all(),
        ["referrals", "final", "successful"],
        {"success_rate": ("successful", "final")},
    )


# --- 11 neighbourhood work -----------------------------------------------------------------
def _neighbourhood_rows(session: Session, scope: Scope) -> list[Row]:
    in_period = (scope.date_from, scope.date_to)
    activities = dict(
        (cid, (n, p))
        for cid, n, p in session.execute(
            select(
                Activity.cooperative_id,
                func.count(Activity.id),
                func.coalesce(func.sum(Activity.participants), 0),
            )
            .where(Activity.held_on.between(*in_period))
            .group_by(Activity.cooperative_id)
        )
    )
    volunteers = dict(
        (cid, (n, h))
        for cid, n, h in session.execute(
            select(
                Volunteer.cooperative_id,
                func.count(distinct(VolunteerAssignment.volunteer_id)),
                func.sum(VolunteerAssignment.hours),
            )
            .join(Volunteer, Volunteer.id == VolunteerAssignment.volunteer_id)
            .where(VolunteerAssignment.assigned_on.between(*in_period))
            .group_by(Volunteer.cooperative_id)
        )
    )
    return [
        Row(
            cid,
            name,
            {
                "activities": activities.get(cid, (0, 0))[0],
                "participants": int(activities.get(cid, (0, 0))[1]),
                "volunteers": volunteers.get(cid, (0, 0))[0],
                "volunteer_hours": float(volunteers.get(cid, (0, 0))[1] or 0),
            },
        )  # fmt: skip
        for cid, name, _ in _scope_cooperatives(session, scope)
    ]


NEIGHBOURHOOD_SUPPRESSION = (
    ["volunteers"],
    # volunteers are persons: their hours go with their count
    {"volunteer_hours": ("volunteers", "volunteers")},
)


def neighbourhood(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Activities in P and their participants; volunteers with an assignment in P and their
    hours."""
    require(actor, "indicators.aggregate")
    return suppress_for(actor, _neighbourhood_rows(session, scope), *NEIGHBOURHOOD_SUPPRESSION)


# --- 12 exchange meetings ------------------------------------------------------------------
@dataclass(frozen=True)
class MeetingFigures:
    meetings: int
    attendees_per_meeting: float | None
    methods: dict[str, int]  # method taught -> number of meetings


def meetings(session: Session, actor: Actor, scope: Scope) -> MeetingFigures:
    """Meetings of the association in P (staff, not tenants: not suppressed)."""
    require(actor, "indicators.aggregate")
    held = Meeting.held_on.between(scope.date_from, scope.date_to)
    count = session.scalar(select(func.count(Meeting.id)).where(held)) or 0
    attendees = session.scalar(
        select(func.count())
        .select_from(meeting_attendee)
        .join(Meeting, Meeting.id == meeting_attendee.c.meeting_id)
        .where(held)
    )
    methods = session.execute(
        select(MeetingMethod.method, func.count(distinct(MeetingMethod.meeting_id)))
        .join(Meeting, Meeting.id == MeetingMethod.meeting_id)
        .where(held)
        .group_by(MeetingMethod.method)
        .order_by(func.count(distinct(MeetingMethod.meeting_id)).desc(), MeetingMethod.method)
    ).all()
    return MeetingFigures(count, _share(attendees, count), dict(methods))


# --- trends (1 contacts per month, 3 early detection by quarter) ---------------------------
TREND_COUNTS = ["contacts", "quick_contacts", "new_cases", "early", "crisis"]


def _monthly(session: Session, scope: Scope) -> dict[str, dict[str, int]]:
    """Counts per month. The database counts per day (in the order of the date indexes, no
    date formatting per row); the days are summed into months here."""
    months: dict[str, dict[str, int]] = {}

    def add(day: dt.date | str, **counts: int) -> None:
        bucket = months.setdefault(str(day)[:7], dict.fromkeys(TREND_COUNTS, 0))
        for column, value in counts.items():
            bucket[column] += int(value or 0)

    contacts = (
        select(
            Contact.contact_date,
            func.count(Contact.case_id),
            func.count() - func.count(Contact.case_id),
        )
        .where(Contact.contact_date.between(scope.date_from, scope.date_to))
        .group_by(Contact.contact_date)
    )
    for day, with_case, quick in session.execute(in_scope(contacts, Contact.cooperative_id, scope)):
        add(day, contacts=with_case, quick_contacts=quick)
    opened = (
        select(
            Case.opened_on,
            func.count(Case.id),
            func.sum(case((Case.urgency == "frueh", 1), else_=0)),
            func.sum(case((Case.urgency == "krise", 1), else_=0)),
        )
        .where(Case.opened_on.between(scope.date_from, scope.date_to))
        .group_by(Case.opened_on)
    )
    for day, new, early, crisis in session.execute(in_scope(opened, Case.cooperative_id, scope)):
        add(day, new_cases=new, early=early, crisis=crisis)
    return dict(sorted(months.items()))


def quarter_of(month: str) -> str:
    """'2026-05' -> '2026-Q2'."""
    year, m = month.split("-")
    return f"{year}-Q{(int(m) - 1) // 3 + 1}"


def _periods(
    actor: Actor, scope: Scope, monthly: dict[str, dict[str, int]], grain: str
) -> dict[str, dict[str, float | int | None]]:
    periods: dict[str, dict[str, int]] = {}
    for month, values in monthly.items():
        key = month if grain == "month" else quarter_of(month)
        bucket = periods.setdefault(key, dict.fromkeys(TREND_COUNTS, 0))
        for column in TREND_COUNTS:
            bucket[column] += values[column]
    result = [(key, *(v[c] for c in TREND_COUNTS)) for key, v in periods.items()]
    return _labelled_rows(
        actor,
        scope,
        result,
        TREND_COUNTS,
        {"early_share": ("early", "new_cases"), "crisis_share": ("crisis", "new_cases")},
    )


def trend(
    session: Session, actor: Actor, scope: Scope, grain: str = "month"
) -> dict[str, dict[str, float | int | None]]:
    """Contacts, quick contacts, new cases, early and crisis cases per month (or quarter),
    with the early and crisis shares; each count column suppressed across the periods."""
    require(actor, "indicators.aggregate")
    return _periods(actor, scope, _monthly(session, scope), grain)


def trends(session: Session, actor: Actor, scope: Scope) -> tuple[dict, dict]:
    """The trend by month and by quarter, from one pass over the data."""
    require(actor, "indicators.aggregate")
    monthly = _monthly(session, scope)
    return _periods(actor, scope, monthly, "month"), _periods(actor, scope, monthly, "quarter")


# Per-cooperative groups: raw rows and how they are suppressed for a viewer.
ROW_GROUPS = {
    "reach": (_reach_rows, REACH_SUPPRESSION),
    "cases": (_new_case_rows, NEW_CASE_SUPPRESSION),
    "closed": (_closed_case_rows, CLOSED_SUPPRESSION),
    "referrals": (_referral_rows, REFERRAL_SUPPRESSION),
    "durations": (_duration_rows, DURATION_SUPPRESSION),
    "neighbourhood": (_neighbourhood_rows, NEIGHBOURHOOD_SUPPRESSION),
}
