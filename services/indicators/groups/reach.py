"""1 Reichweite: persons reached, per 100 housing units; contacts and quick contacts."""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, func, select
from sqlalchemy.orm import Session

from db.models import Case, Contact, Person
from db.rollups import CONTACT_DAY
from services.actor import Actor
from services.indicators.core import (
    Definition,
    Figure,
    Indicator,
    Row,
    RowGroup,
    Scope,
    days,
    in_scope,
    protected_rows,
    rows,
    scope_cooperatives,
    summing,
)
from services.suppression import Rule


def contacts(rows: FromClause) -> dict[str, ColumnElement]:
    """Contacts of a case and quick contacts (no case) over the contact roll-up's rows, with
    their keys (also the trends')."""
    return summing({"contacts": rows.c.quick == 0, "quick_contacts": rows.c.quick == 1}, rows)


def _reach_rows(session: Session, scope: Scope) -> list[Row]:
    per_day = days(CONTACT_DAY, scope)
    found = rows(
        session,
        scope,
        contacts(per_day),
        per_day.c.cooperative_id,
        lambda q: q,  # the roll-up's rows of the period
    )
    in_period = Contact.contact_date.between(scope.date_from, scope.date_to)
    # persons: distinct over the cases with a contact in P (read from the covering index)
    with_contact = select(Contact.case_id).where(in_period, Contact.case_id.is_not(None))
    reached = (
        select(Case.cooperative_id, Case.person_id)
        .where(Case.id.in_(in_scope(with_contact, Contact.cooperative_id, scope)))
        .distinct()
        .subquery()
    )
    persons = {
        cid: (n, key)
        for cid, n, key in session.execute(
            select(reached.c.cooperative_id, func.count(), func.sum(Person.record_key))
            .join(Person, Person.id == reached.c.person_id)
            .group_by(reached.c.cooperative_id)
        )
    }
    units = {cid: n for cid, _, n in scope_cooperatives(session, scope)}
    for row in found:
        v = row.values
        v["persons"], v["persons__key"] = persons.get(row.cooperative_id, (0, 0))
        v["housing_units"] = units[row.cooperative_id] or 0
        v["per_100_units"] = v["persons"] / v["housing_units"] * 100 if v["housing_units"] else None
    return found


ROWS = RowGroup(
    _reach_rows,
    # the housing units are no small number: the rate goes with the persons count
    Rule(
        ("persons", "contacts", "quick_contacts"),
        scaled={"per_100_units": ("persons", "housing_units", 100)},
    ),
)


def reach(session: Session, actor: Actor, scope: Scope) -> list[Row]:
    """Persons reached (distinct, case contacts in P), per 100 housing units; contacts and
    quick contacts in P."""
    return protected_rows(session, actor, scope, ROWS)


INDICATOR = Indicator(
    key="reach",
    chart_title="Fallkontakte und Kurzkontakte je Monat",
    definition=Definition(
        "Reichweite",
        "Personen mit mindestens einem Kontakt im Zeitraum, je 100 Wohneinheiten.",
        "verschiedene Personen mit ≥ 1 Kontakt (Fallkontakt) im Zeitraum",
        "Wohneinheiten der gewählten Genossenschaften, geteilt durch 100",
        "Kurzkontakte haben keine Person und werden getrennt gezählt.",
    ),
    figures=lambda b: [
        Figure("Erreichte Personen", b.totals["reach.persons"], phrase="{value} Personen erreicht"),
        Figure("je 100 Wohneinheiten", b.totals["reach.per_100_units"], "decimal"),
        Figure("Fallkontakte", b.totals["reach.contacts"]),
        Figure("Kurzkontakte", b.totals["reach.quick_contacts"]),
    ],
    table=lambda b: [
        (month, series, values[column])
        for month, values in b.months.items()
        for series, column in (("Fallkontakte", "contacts"), ("Kurzkontakte", "quick_contacts"))
    ],
    mark="columns",
    periods=True,
    rows={"reach": ROWS},
)
