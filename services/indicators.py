"""The success indicators of DESIGN §4: each defined once here, computed in SQL per
cooperative, and suppressed for anyone outside the owning cooperative.

Issue 8 builds the dashboard, exports and the benchmark on this module; the presentation and
the annual report use it too. Implemented so far: 1 reach, 2 new cases and open caseload,
3 early detection, 4 access routes, 5 problem areas, 6 referral rate and success, 7 self-help,
8 outcomes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from config import get_settings
from db.models import (
    Case,
    CatalogueEntry,
    Contact,
    Cooperative,
    Referral,
    case_outcome,
    case_problem_area,
)
from services.actor import Actor
from services.permissions import require
from services.suppression import suppress_cells


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
}


@dataclass(frozen=True)
class Scope:
    date_from: dt.date
    date_to: dt.date  # both inclusive
    cooperative_ids: tuple[int, ...] | None = None  # None: all
    city: str | None = None


def _cooperatives(query: Select, scope: Scope) -> Select:
    if scope.cooperative_ids is not None:
        query = query.where(Cooperative.id.in_(scope.cooperative_ids))
    if scope.city:
        query = query.where(Cooperative.city == scope.city)
    return query


@dataclass(frozen=True)
class Row:
    """One cooperative's figures; None: suppressed for this viewer."""

    cooperative_id: int
    cooperative: str
    values: dict[str, float | int | None]


def _rows(session: Session, scope: Scope, columns: dict[str, object], join) -> list[Row]:
    query = select(Cooperative.id, Cooperative.name, *columns.values()).select_from(Cooperative)
    query = join(query).group_by(Cooperative.id, Cooperative.name).order_by(Cooperative.name)
    result = session.execute(_cooperatives(query, scope)).all()
    return [Row(r[0], r[1], dict(zip(columns, r[2:]))) for r in result]


def suppress_for(
    actor: Actor, rows: list[Row], counts: list[str], rates: dict[str, tuple[str, str]]
) -> list[Row]:
    """Apply DESIGN §2 for the viewer: other cooperatives' counts 1–4 hidden (with secondary
    suppression per column), and a rate hidden when its denominator is under the threshold or
    its numerator is hidden."""
    threshold = get_settings().suppression_threshold
    others = [i for i, r in enumerate(rows) if r.cooperative_id != actor.cooperative_id]
    hidden: dict[tuple[int, str], bool] = {}
    for column in counts:
        shown = suppress_cells([rows[i].values[column] or 0 for i in others], threshold)
        for i, value in zip(others, shown):
            hidden[(i, column)] = value is None
    out = []
    for i, row in enumerate(rows):
        values = dict(row.values)
        for column in counts:
            if hidden.get((i, column)):
                values[column] = None
        for rate, (numerator, denominator) in rates.items():
            mine = row.cooperative_id == actor.cooperative_id
            small = (row.values[denominator] or 0) < threshold
            # a rate beside a hidden count would give the count away
            if not mine and (small or values[numerator] is None or values[denominator] is None):
                values[rate] = None
        out.append(Row(row.cooperative_id, row.cooperative, values))
    return out


def _share(numerator: int | None, denominator: int | None) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


# --- 1 reach -------------------------------------------------------------------------------
def reach(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Persons reached (distinct, case contacts in P), per 100 housing units; contacts and
    quick contacts in P."""
    require(actor, "indicators.aggregate")
    in_period = and_(
        Contact.cooperative_id == Cooperative.id,
        Contact.contact_date.between(scope.date_from, scope.date_to),
    )
    columns = {
        "persons": func.count(distinct(Case.person_id)),
        "contacts": func.count(Contact.case_id),
        "quick_contacts": func.count(Contact.id) - func.count(Contact.case_id),
        "housing_units": func.max(Cooperative.housing_units),
    }
    rows = _rows(
        session,
        scope,
        columns,
        lambda q: q.outerjoin(Contact, in_period).outerjoin(Case, Case.id == Contact.case_id),
    )
    for row in rows:
        units = row.values["housing_units"] or 0
        row.values["per_100_units"] = row.values["persons"] / units * 100 if units else None
    return suppress_for(
        actor,
        rows,
        ["persons", "contacts", "quick_contacts"],
        # the housing units are no small number: the rate goes with the persons count
        {"per_100_units": ("persons", "persons")},
    )


# --- 2 new cases, 3 early detection, 4 access routes ---------------------------------------
def new_cases(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """New cases in P with their urgency and outreach shares, and the open caseload at the
    end of P."""
    require(actor, "indicators.aggregate")
    opened = Case.opened_on.between(scope.date_from, scope.date_to)
    open_at_end = and_(
        Case.opened_on <= scope.date_to,
        or_(Case.closed_on.is_(None), Case.closed_on > scope.date_to),
    )
    columns = {
        "new_cases": func.sum(case((opened, 1), else_=0)),
        "early": func.sum(case((and_(opened, Case.urgency == "frueh"), 1), else_=0)),
        "crisis": func.sum(case((and_(opened, Case.urgency == "krise"), 1), else_=0)),
        "outreach": func.sum(
            case((and_(opened, CatalogueEntry.is_outreach.is_(True)), 1), else_=0)
        ),
        "open_at_end": func.sum(case((open_at_end, 1), else_=0)),
    }
    rows = _rows(
        session,
        scope,
        columns,
        lambda q: q.outerjoin(Case, Case.cooperative_id == Cooperative.id).outerjoin(
            CatalogueEntry, CatalogueEntry.id == Case.access_route_id
        ),
    )
    for row in rows:
        v = row.values
        for key in columns:
            v[key] = int(v[key] or 0)
        v["early_share"] = _share(v["early"], v["new_cases"])
        v["crisis_share"] = _share(v["crisis"], v["new_cases"])
        v["outreach_share"] = _share(v["outreach"], v["new_cases"])
    return suppress_for(
        actor,
        rows,
        ["new_cases", "early", "crisis", "outreach", "open_at_end"],
        {
            "early_share": ("early", "new_cases"),
            "crisis_share": ("crisis", "new_cases"),
            "outreach_share": ("outreach", "new_cases"),
        },
    )


def _labelled_counts(
    session: Session, actor: Actor, scope: Scope, query: Select
) -> dict[str, int | None]:
    """Counts per catalogue label over the scope's cooperatives; small counts are hidden
    unless the scope is only the viewer's own cooperative."""
    counts = dict(session.execute(_cooperatives(query, scope)).all())
    if actor.cooperative_id and scope.cooperative_ids == (actor.cooperative_id,):
        return counts
    shown = suppress_cells(list(counts.values()), get_settings().suppression_threshold)
    return dict(zip(counts, shown))


def _cases_per_label(
    session: Session, actor: Actor, scope: Scope, linked: Select, day: ColumnElement
) -> dict[str, int | None]:
    """Cases per catalogue label; ``linked`` joins the entries to the cases, ``day`` is the
    case date that must fall in P."""
    require(actor, "indicators.aggregate")
    query = (
        linked.join(Cooperative, Cooperative.id == Case.cooperative_id)
        .where(day.between(scope.date_from, scope.date_to))
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


def closed_cases(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Of the cases closed in P: with at least one referral (referral rate), and solved
    without referral and without an outcome that ends help otherwise (self-help rate)."""
    require(actor, "indicators.aggregate")
    referred = select(Referral.id).where(Referral.case_id == Case.id).exists()
    ended = (
        select(case_outcome.c.case_id)
        .join(CatalogueEntry, CatalogueEntry.id == case_outcome.c.entry_id)
        .where(case_outcome.c.case_id == Case.id, CatalogueEntry.key.in_(NOT_SELF_HELP))
        .exists()
    )
    closed = Case.closed_on.between(scope.date_from, scope.date_to)
    columns = {
        "closed": func.sum(case((closed, 1), else_=0)),
        "referred": func.sum(case((and_(closed, referred), 1), else_=0)),
        "self_help": func.sum(case((and_(closed, ~referred, ~ended), 1), else_=0)),
    }
    rows = _rows(
        session,
        scope,
        columns,
        lambda q: q.outerjoin(Case, Case.cooperative_id == Cooperative.id),
    )
    for row in rows:
        v = row.values
        for key in columns:
            v[key] = int(v[key] or 0)
        v["referral_rate"] = _share(v["referred"], v["closed"])
        v["self_help_rate"] = _share(v["self_help"], v["closed"])
    return suppress_for(
        actor,
        rows,
        ["closed", "referred", "self_help"],
        {"referral_rate": ("referred", "closed"), "self_help_rate": ("self_help", "closed")},
    )


def referral_success(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Of the referrals made in P that have a final status, the share angenommen/erledigt."""
    require(actor, "indicators.aggregate")
    final = and_(
        Referral.referred_on.between(scope.date_from, scope.date_to),
        Referral.status.in_(FINAL_REFERRAL),
    )
    columns = {
        "final": func.sum(case((final, 1), else_=0)),
        "successful": func.sum(
            case((and_(final, Referral.status.in_(("angenommen", "erledigt"))), 1), else_=0)
        ),
    }
    rows = _rows(
        session,
        scope,
        columns,
        lambda q: q.outerjoin(Case, Case.cooperative_id == Cooperative.id).outerjoin(
            Referral, Referral.case_id == Case.id
        ),
    )
    for row in rows:
        v = row.values
        v["final"], v["successful"] = int(v["final"] or 0), int(v["successful"] or 0)
        v["success_rate"] = _share(v["successful"], v["final"])
    return suppress_for(
        actor, rows, ["final", "successful"], {"success_rate": ("successful", "final")}
    )
