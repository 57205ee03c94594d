"""Verwaltung → Kataloge: add, relabel, reorder, deactivate; delete only what no record uses."""

from __future__ import annotations

import streamlit as st

from components.formatting import plain
from components.forms import FieldErrors, save_and_rerun
from components.shell.db import session_scope
from components.tables import Columns, record_picker, record_table, yes_no
from db.models import CATALOGUES, CatalogueEntry
from services.actor import Actor
from services.catalogues import (
    EntryChange,
    EntryRow,
    add_entry,
    delete_entry,
    list_entries,
    move_entry,
    update_entry,
)
from services.errors import NotFound, max_length
from services.labels import CATALOGUE_LABELS
from services.referral_followup import FEEDBACK_DAYS

OUTREACH_LABEL = "Zählt als aufsuchend (Anteil aufsuchender Zugänge)"
LOW_THRESHOLD_LABEL = "Zählt als niedrigschwellig (aufsuchende Zugänge immer)"
_CONFIRM_DELETE = "_confirm_delete_entry"


def _columns(catalogue: str) -> Columns:
    columns: Columns = {
        "Nr.": lambda e: e.position,
        "Bezeichnung": lambda e: e.label,
        "Aktiv": lambda e: yes_no(e.active),
        "Verwendet in": lambda e: e.uses,
        "Schlüssel (für Auswertungen)": lambda e: e.key,
    }
    if catalogue == "access_route":
        columns["Aufsuchend"] = lambda e: yes_no(e.is_outreach)
        columns["Niedrigschwellig"] = lambda e: yes_no(e.is_low_threshold)
    if catalogue == "partner_kind":
        columns["Frist Rückmeldung (Tage)"] = lambda e: e.feedback_days or FEEDBACK_DAYS
    return columns


def catalogues_admin(actor: Actor) -> None:
    catalogue = st.selectbox(
        "Katalog",
        CATALOGUES,
        key="cat_pick",
        format_func=CATALOGUE_LABELS.get,
        placeholder="Bitte wählen",
    )
    with session_scope() as session:
        entries = list_entries(session, actor, catalogue)
    st.caption(
        "Die Reihenfolge hier ist die Reihenfolge in den Formularen. Umbenennen ändert die "
        "Auswertungen nicht: Sie rechnen mit dem festen Schlüssel. Was verwendet wird, kann "
        "nur deaktiviert werden – dann wird es nicht mehr angeboten."
    )
    record_table(entries, _columns(catalogue), "Dieser Katalog ist leer.")
    _add_form(actor, catalogue)
    if entries:
        _edit_entry(actor, catalogue, entries)


def _add_form(actor: Actor, catalogue: str) -> None:
    errors = FieldErrors()
    with st.form(f"add_entry_{catalogue}"):
        st.markdown("**Neuer Eintrag**")
        label = st.text_input(
            "Bezeichnung", key=f"ca_label_{catalogue}", max_chars=max_length(CatalogueEntry.label)
        )
        errors.slot("label")
        outreach = catalogue == "access_route" and st.checkbox(
            OUTREACH_LABEL, key=f"ca_outreach_{catalogue}"
        )
        low = catalogue == "access_route" and st.checkbox(
            LOW_THRESHOLD_LABEL, key=f"ca_low_{catalogue}"
        )
        if st.form_submit_button("Hinzufügen", type="primary"):
            save_and_rerun(
                errors,
                lambda s: add_entry(s, actor, catalogue, label, outreach, low),
                f"„{label.strip()}“ hinzugefügt.",
            )


def _edit_entry(actor: Actor, catalogue: str, entries: list[EntryRow]) -> None:
    st.subheader("Eintrag bearbeiten")
    entry = record_picker(
        "Eintrag",
        entries,
        f"ce_pick_{catalogue}",
        lambda e: e.label + ("" if e.active else " (inaktiv)"),
    )
    errors = FieldErrors()
    with st.form(f"edit_entry_{entry.id}"):
        label = st.text_input(
            "Bezeichnung",
            value=entry.label,
            key=f"ce_label_{entry.id}",
            max_chars=max_length(CatalogueEntry.label),
        )
        errors.slot("label")
        active = st.checkbox(
            "Aktiv (wird in Formularen angeboten)", value=entry.active, key=f"ce_active_{entry.id}"
        )
        errors.slot("active")
        outreach, low = entry.is_outreach, entry.is_low_threshold
        if catalogue == "access_route":
            outreach = st.checkbox(OUTREACH_LABEL, value=outreach, key=f"ce_outreach_{entry.id}")
            low = st.checkbox(LOW_THRESHOLD_LABEL, value=low, key=f"ce_low_{entry.id}")
        days = entry.feedback_days
        if catalogue == "partner_kind":
            days = st.number_input(
                "Rückmeldung einholen nach … Tagen ohne Antwort",
                min_value=1,
                max_value=365,
                value=entry.feedback_days,
                placeholder=f"{FEEDBACK_DAYS} (Standard)",
                key=f"ce_days_{entry.id}",
                help="Eine Vermittlung an Partner dieser Art, die so lange „angefragt“ ist, "
                f"erscheint auf der Startseite. Leer: {FEEDBACK_DAYS} Tage.",
            )
            errors.slot("feedback_days")
        if st.form_submit_button("Speichern", type="primary"):
            change = EntryChange(label, active, outreach, entry.version, low, days)
            save_and_rerun(
                errors,
                lambda s: update_entry(s, actor, entry.id, change),
                f"„{label.strip()}“ gespeichert.",
            )
    _order_and_delete(actor, entry, len(entries))


def _order_and_delete(actor: Actor, entry: EntryRow, count: int) -> None:
    """Put the entry at a chosen place in the forms' order; delete it while nothing uses it."""
    place, move, delete = st.columns([1, 1, 1], vertical_alignment="bottom")
    position = place.number_input(
        "Position in den Formularen",
        min_value=1,
        max_value=count,
        value=entry.position,
        step=1,
        key=f"ce_position_{entry.id}_{entry.position}",
    )
    if move.button("Verschieben", key=f"move_{entry.id}", width="stretch"):
        try:
            with session_scope() as session:
                move_entry(session, actor, entry.id, int(position))
        except NotFound as exc:  # deleted meanwhile by someone else
            st.error(str(exc), icon=":material/warning:")
        else:
            st.rerun()
    used = f"Wird in {entry.uses} Datensätzen verwendet – bitte stattdessen deaktivieren."
    if delete.button(
        "Löschen …",
        key=f"delete_{entry.id}",
        disabled=entry.uses > 0,
        help=used if entry.uses else "Nur möglich, solange nichts den Eintrag verwendet.",
        width="stretch",
    ):
        st.session_state[_CONFIRM_DELETE] = entry.id
    if entry.uses:
        st.caption(used)
    if st.session_state.get(_CONFIRM_DELETE) == entry.id:
        _confirm_delete(actor, entry)


def _confirm_delete(actor: Actor, entry: EntryRow) -> None:
    st.warning(f"„{plain(entry.label)}“ endgültig löschen?", icon=":material/delete:")
    errors = FieldErrors()
    yes, no = st.columns(2)
    if no.button("Abbrechen", key=f"delete_no_{entry.id}"):
        del st.session_state[_CONFIRM_DELETE]
        st.rerun()
    if yes.button("Endgültig löschen", key=f"delete_yes_{entry.id}", type="primary"):
        del st.session_state[_CONFIRM_DELETE]
        save_and_rerun(
            errors, lambda s: delete_entry(s, actor, entry.id), f"„{entry.label}“ gelöscht."
        )
