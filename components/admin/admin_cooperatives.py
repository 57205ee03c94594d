"""Verwaltung → Genossenschaften: list, create, edit, deactivate."""

from __future__ import annotations

import streamlit as st

from components.formatting import de_number
from components.forms import FieldErrors, save_and_rerun
from components.tables import Columns, record_picker, record_table, yes_no
from db.models import Cooperative
from services.actor import Actor
from services.cooperatives import (
    CooperativeData,
    CooperativeRow,
    create_cooperative,
    update_cooperative,
)
from services.errors import max_length

COLUMNS: Columns = {
    "Genossenschaft": lambda c: c.name,
    "Kürzel": lambda c: c.code,
    "Stadt": lambda c: c.city,
    "Wohneinheiten": lambda c: de_number(c.housing_units),
    "Aktiv": lambda c: yes_no(c.active),
    "Aktive Konten": lambda c: c.active_accounts,
}


def _fields(prefix: str, errors: FieldErrors, row: CooperativeRow | None = None) -> CooperativeData:
    name = st.text_input(
        "Name",
        value=row.name if row else "",
        key=f"{prefix}_name",
        max_chars=max_length(Cooperative.name),
    )
    errors.slot("name")
    code = st.text_input(
        "Kürzel",
        value=row.code if row else "",
        key=f"{prefix}_code",
        max_chars=10,
        help="Vorsilbe der Pseudonyme, z. B. CSG → CSG-0142. Nur Buchstaben und Ziffern.",
    )
    errors.slot("code")
    city = st.text_input(
        "Stadt",
        value=row.city if row else "",
        key=f"{prefix}_city",
        max_chars=max_length(Cooperative.city),
    )
    errors.slot("city")
    units = st.number_input(
        "Wohneinheiten",
        min_value=0,
        step=1,
        value=row.housing_units if row else 0,
        key=f"{prefix}_units",
        help="Bezugsgröße für die Reichweite (Personen je 100 Wohneinheiten).",
    )
    errors.slot("housing_units")
    active = st.checkbox("Aktiv", value=row.active if row else True, key=f"{prefix}_active")
    return CooperativeData(name, code, city, int(units), active, row.version if row else None)


def cooperatives_admin(actor: Actor, coops: list[CooperativeRow]) -> None:
    record_table(coops, COLUMNS, "Es sind noch keine Genossenschaften angelegt.")
    with st.expander("Neue Genossenschaft anlegen"):
        errors = FieldErrors()
        with st.form("new_cooperative"):
            data = _fields("nc", errors)
            if st.form_submit_button("Genossenschaft anlegen", type="primary"):
                save_and_rerun(
                    errors,
                    lambda s: create_cooperative(s, actor, data),
                    f"Genossenschaft „{data.name.strip()}“ angelegt.",
                )
    if not coops:
        return
    st.subheader("Genossenschaft bearbeiten")
    row = record_picker("Genossenschaft", coops, "ec_pick", lambda c: f"{c.name} ({c.city})")
    errors = FieldErrors()
    with st.form(f"edit_cooperative_{row.id}"):
        data = _fields(f"ec_{row.id}", errors, row)
        if st.form_submit_button("Speichern", type="primary"):
            message = f"Genossenschaft „{data.name.strip()}“ gespeichert."
            if row.active and not data.active and row.active_accounts:
                message += (
                    f" Hinweis: Ihr sind noch {row.active_accounts} aktive Konten zugeordnet – "
                    "bitte prüfen Sie diese unter „Benutzer“."
                )
            save_and_rerun(errors, lambda s: update_cooperative(s, actor, row.id, data), message)
