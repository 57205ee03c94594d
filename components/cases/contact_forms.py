"""Entry fields for contacts: the quick contact (few clicks) and the contact of a case."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.formatting import plain_labels
from components.forms import FieldErrors, stated_limit
from db.models import Contact
from services.catalogues import Option
from services.contacts import ContactData

QUICK_MINUTES = (5, 10, 15, 20, 30, 45, 60)
DEFAULT_QUICK_KIND = "tuer_und_angel"


def _labels(options: list[Option]) -> dict[int, str]:
    return {o.id: o.label for o in options}


def quick_contact_fields(
    key: str, kinds: list[Option], topics: list[Option], errors: FieldErrors, today: dt.date
) -> ContactData:
    """One click each: kind (preset to the usual door-step talk), topics, minutes."""
    kind_labels, topic_labels = _labels(kinds), _labels(topics)
    default_kind = next((o.id for o in kinds if o.key == DEFAULT_QUICK_KIND), None)
    kind = st.pills(
        "Art",
        list(kind_labels),
        default=default_kind,
        required=True,
        format_func=plain_labels(kind_labels),
        key=f"{key}_kind",
    )
    errors.slot("kind_id")
    chosen_topics = st.pills(
        "Thema (eins oder mehrere)",
        list(topic_labels),
        selection_mode="multi",
        format_func=plain_labels(topic_labels),
        key=f"{key}_topics",
    )
    errors.slot("topic_ids")
    minutes = st.segmented_control(
        "Dauer in Minuten",
        QUICK_MINUTES,
        default=10,
        required=True,
        key=f"{key}_minutes",
    )
    errors.slot("minutes")
    day = st.date_input("Datum", value=today, format="DD.MM.YYYY", key=f"{key}_date")
    errors.slot("contact_date")
    return ContactData(day, minutes, kind, tuple(chosen_topics or ()))


def case_contact_fields(
    key: str,
    kinds: list[Option],
    interventions: list[Option],
    errors: FieldErrors,
    today: dt.date,
    error_prefix: str = "",
    note_default: str = "",
) -> ContactData:
    """Date, minutes, kind, interventions, note (stored encrypted)."""
    kind_labels, intervention_labels = _labels(kinds), _labels(interventions)
    c_date, c_minutes, c_kind = st.columns([1, 1, 2])
    with c_date:
        day = st.date_input("Datum", value=today, format="DD.MM.YYYY", key=f"{key}_date")
        errors.slot(error_prefix + "contact_date")
    with c_minutes:
        minutes = st.number_input("Minuten", value=30, step=5, key=f"{key}_minutes")
        errors.slot(error_prefix + "minutes")
    with c_kind:
        kind = st.selectbox(
            "Kontaktart",
            list(kind_labels),
            index=None,
            placeholder="Bitte wählen",
            format_func=kind_labels.get,
            key=f"{key}_kind",
        )
        errors.slot(error_prefix + "kind_id")
    chosen = st.multiselect(
        "Was haben Sie getan? (Interventionen)",
        list(intervention_labels),
        format_func=intervention_labels.get,
        placeholder="optional",
        key=f"{key}_interventions",
    )
    errors.slot(error_prefix + "intervention_ids")
    note = st.text_area(
        "Notiz (optional)",
        value=note_default,
        key=f"{key}_note",
        height=100,
        help=stated_limit(
            Contact.note_enc,
            "Wird verschlüsselt gespeichert und nur in Ihrer Genossenschaft angezeigt.",
        ),
    )
    errors.slot(error_prefix + "note")
    return ContactData(day, int(minutes), kind, (), tuple(chosen), note)
