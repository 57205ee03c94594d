"""Forms of case work: opening a case (find or create the person), and the person fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from components.cases.contact_forms import CASE_CONTACT, case_contact_fields
from components.fieldsets import Field, Fieldset, describe, render
from components.formatting import plain_labels
from components.forms import FieldErrors
from db.models import Person
from services.case_records import PersonData
from services.cases import NewCase, PersonMatch
from services.catalogues import Option
from services.labels import URGENCY_LABELS
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


# the person's fields, declared once: the new-case form and the case edit use them
# (labels, choices and limits as services.case_records.PersonData and Person declare them)
PERSON_FIELDS = Fieldset(
    (
        (Field("first_name"), Field("last_name"), Field("phone")),
        (Field("street", width=2), Field("house_no"),
         Field("flat", placeholder="z. B. 2. OG links")),
        (Field("age_group"), Field("household_type"),
         Field("reachable", placeholder="z. B. vormittags, lange klingeln lassen")),
    ),
    of=PersonData,
    model=Person,
)  # fmt: skip


# what the case is about: the new-case form (prefilled from a signal's draft)
CONCERN_FIELDS = Fieldset(
    (
        (Field("access_route_id", "Wie kam der Kontakt zustande? (Zugangsweg)",
               choices="access_route", placeholder="Bitte wählen", width=2),
         Field("urgency", "Dringlichkeit", choices=URGENCY_LABELS, widget="segmented")),
        (Field("problem_area_ids", "Problemlagen (mindestens eine)", choices="problem_area",
               widget="pills"),),
    ),
    of=NewCase,
    fixed=("person_id", "person", "first_contact"),
)  # fmt: skip


NEW_CASE_CATALOGUES = ("access_route", "problem_area", "contact_kind", "intervention")
# the new-case form's parts, in its order: the screen and the printed intake sheet
NEW_CASE_SECTIONS = (
    ("Person", PERSON_FIELDS),
    ("Anliegen", CONCERN_FIELDS),
    ("Erster Kontakt", CASE_CONTACT),
)


def intake_sections(choices: dict[str, list[Option]]) -> list[tuple[str, list]]:
    """The new-case form described for paper (components/documents/paper_sheets)."""
    return [(title, describe(fieldset, choices)) for title, fieldset in NEW_CASE_SECTIONS]


def person_fields(key: str, errors: FieldErrors, current: PersonData | None = None) -> PersonData:
    return render(PERSON_FIELDS, key, errors, current)


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
        st.markdown(
            f"**{NEW_CASE_SECTIONS[0][0]}** – alle Angaben freiwillig; der Code wird "
            "automatisch vergeben."
        )
        person = person_fields(f"{key}_p", errors, draft.person if draft else None)
    st.markdown(f"**{NEW_CASE_SECTIONS[1][0]}**")
    person_id = None if person_id == NEW_PERSON else person_id
    concern = render(
        CONCERN_FIELDS,
        key,
        errors,
        draft,
        choices,
        person_id=person_id,
        person=person,
        first_contact=None,
    )
    st.markdown(f"**{NEW_CASE_SECTIONS[2][0]}** – sein Datum ist das Eröffnungsdatum des Falls.")
    contact = case_contact_fields(
        f"{key}_c",
        choices["contact_kind"],
        choices["intervention"],
        errors,
        today,
        error_prefix="contact_",
        note_default=draft.note if draft else "",
    )
    return replace(concern, first_contact=contact)
