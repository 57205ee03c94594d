"""Entry fields for contacts, declared once: the quick contact (few taps) and the contact of
a case (components/fieldsets.py)."""

from __future__ import annotations

import datetime as dt

from components.fieldsets import Field, Fieldset, render
from components.forms import FieldErrors
from db.models import Contact
from services.catalogues import Option
from services.contacts import ContactData

QUICK_MINUTES = (5, 10, 15, 20, 30, 45, 60)

# one tap each: kind (preset to the usual door-step talk), topics, minutes
QUICK_CONTACT = Fieldset(
    (
        (Field("kind_id", "Art", choices="contact_kind", widget="pills",
               default="tuer_und_angel", required=True),),
        (Field("topic_ids", "Thema (eins oder mehrere)", choices="topic", widget="pills"),),
        (Field("minutes", "Dauer in Minuten", choices=QUICK_MINUTES, widget="segmented",
               required=True),),
        (Field("contact_date", "Datum"),),
    ),
    of=ContactData,
    fixed=("intervention_ids", "note", "client_token"),
)  # fmt: skip

CASE_CONTACT = Fieldset(
    (
        (Field("contact_date", "Datum"), Field("minutes", "Minuten"),
         Field("kind_id", "Kontaktart", choices="contact_kind", placeholder="Bitte wählen",
               width=2)),
        (Field("intervention_ids", "Was haben Sie getan? (Interventionen)",
               choices="intervention"),),
        (Field("note", "Notiz (optional)", Contact.note_enc, widget="area",
               help="Wird verschlüsselt gespeichert und nur in Ihrer Genossenschaft angezeigt."),),
    ),
    of=ContactData,
    fixed=("topic_ids", "client_token"),
)  # fmt: skip


def quick_contact_fields(
    key: str,
    kinds: list[Option],
    topics: list[Option],
    errors: FieldErrors,
    today: dt.date,
    current: ContactData | None = None,
) -> ContactData:
    """``current``: what the fields start with (the kind chosen last), else today, 10 min."""
    start = current or ContactData(today, 10, None)
    options = {"contact_kind": kinds, "topic": topics}
    return render(QUICK_CONTACT, key, errors, start, options, intervention_ids=(), note="")


def case_contact_fields(
    key: str,
    kinds: list[Option],
    interventions: list[Option],
    errors: FieldErrors,
    today: dt.date,
    error_prefix: str = "",
    note_default: str = "",
    kind_id: int | None = None,
) -> ContactData:
    """Date, minutes, kind (``kind_id`` preset), interventions, note (stored encrypted)."""
    start = ContactData(today, 30, kind_id, note=note_default)
    options = {"contact_kind": kinds, "intervention": interventions}
    return render(CASE_CONTACT, key, errors, start, options, error_prefix, topic_ids=())
