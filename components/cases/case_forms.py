"""Forms of case work: opening a case (find or create the person), and the person fields."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.cases.contact_forms import case_contact_fields
from components.formatting import plain_labels
from components.forms import FieldErrors, optional_select
from db.models import Person
from services.case_records import PersonData
from services.cases import NewCase, PersonMatch
from services.catalogues import Option
from services.errors import max_length
from services.labels import AGE_GROUP_LABELS, HOUSEHOLD_LABELS, URGENCY_LABELS
from services.signals import CaseDraft

NEW_PERSON = 0


def person_choice(matches: list[PersonMatch], searched: bool) -> int:
    """Pick a found person or a new one; returns the person id or NEW_PERSON."""
    if not searched:
        return NEW_PERSON
    if not matches:
        st.caption("Niemand gefunden – es wird eine neue Person angelegt.")
        return NEW_PERSON
    labels = {NEW_PERSON: "Neue Person anlegen"}
    for m in matches:
        extra = f", {m.open_cases} offene Fälle" if m.open_cases else ""
        labels[m.id] = f"{m.pseudonym} · {m.name or 'ohne Namen'} {m.address}{extra}".strip()
    return st.radio(
        "Für wen?", list(labels), format_func=plain_labels(labels), key="nc_person_pick"
    )


def person_fields(key: str, errors: FieldErrors, current: PersonData | None = None) -> PersonData:
    p = current or PersonData()
    c1, c2, c3 = st.columns(3)
    first = c1.text_input(
        "Vorname", value=p.first_name, key=f"{key}_first", max_chars=max_length(Person.first_name)
    )
    last = c2.text_input(
        "Nachname", value=p.last_name, key=f"{key}_last", max_chars=max_length(Person.last_name)
    )
    phone = c3.text_input(
        "Telefon", value=p.phone, key=f"{key}_phone", max_chars=max_length(Person.phone)
    )
    c4, c5, c6 = st.columns([2, 1, 1])
    street = c4.text_input(
        "Straße", value=p.street, key=f"{key}_street", max_chars=max_length(Person.street)
    )
    house = c5.text_input(
        "Hausnummer", value=p.house_no, key=f"{key}_house", max_chars=max_length(Person.house_no)
    )
    flat = c6.text_input(
        "Wohnung",
        value=p.flat,
        key=f"{key}_flat",
        placeholder="z. B. 2. OG links",
        max_chars=max_length(Person.flat),
    )
    for field in ("first_name", "last_name", "phone", "street", "house_no", "flat"):
        errors.slot(field)
    c7, c8 = st.columns(2)
    none = "– keine Angabe –"
    age = optional_select("Altersgruppe", AGE_GROUP_LABELS, f"{key}_age", none, p.age_group, c7)
    household = optional_select(
        "Haushalt", HOUSEHOLD_LABELS, f"{key}_household", none, p.household_type, c8
    )
    return PersonData(first, last, street, house, flat, phone, age, household)


def new_case_fields(
    key: str,
    person_id: int,
    choices: dict[str, list[Option]],
    errors: FieldErrors,
    today: dt.date,
    draft: CaseDraft | None = None,
) -> NewCase:
    """The new-case form; ``draft`` prefills it when the case comes from a signal."""
    errors.slot("person_id")
    person = PersonData()
    if person_id == NEW_PERSON:
        st.markdown("**Person** – alle Angaben freiwillig; der Code wird automatisch vergeben.")
        person = person_fields(f"{key}_p", errors)
    st.markdown("**Anliegen**")
    routes = {o.id: o.label for o in choices["access_route"]}
    areas = {o.id: o.label for o in choices["problem_area"]}
    c_route, c_urgency = st.columns([2, 1])
    route_ids = list(routes)
    route = c_route.selectbox(
        "Wie kam der Kontakt zustande? (Zugangsweg)",
        route_ids,
        index=route_ids.index(draft.access_route_id)
        if draft and draft.access_route_id in route_ids
        else None,
        placeholder="Bitte wählen",
        format_func=routes.get,
        key=f"{key}_route",
    )
    errors.slot("access_route_id")
    with c_urgency:
        urgency = st.segmented_control(
            "Dringlichkeit",
            list(URGENCY_LABELS),
            format_func=URGENCY_LABELS.get,
            default=draft.urgency if draft else None,
            key=f"{key}_urgency",
        )
        errors.slot("urgency")
    chosen_areas = st.pills(
        "Problemlagen (mindestens eine)",
        list(areas),
        selection_mode="multi",
        default=[i for i in draft.problem_area_ids if i in areas] if draft else None,
        format_func=plain_labels(areas),
        key=f"{key}_areas",
    )
    errors.slot("problem_area_ids")
    st.markdown("**Erster Kontakt** – sein Datum ist das Eröffnungsdatum des Falls.")
    contact = case_contact_fields(
        f"{key}_c",
        choices["contact_kind"],
        choices["intervention"],
        errors,
        today,
        error_prefix="contact_",
        note_default=draft.note if draft else "",
    )
    return NewCase(
        None if person_id == NEW_PERSON else person_id,
        person,
        route,
        tuple(chosen_areas or ()),
        urgency,
        contact,
    )
