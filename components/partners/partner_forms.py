"""Netzwerk: the partner form (new and edit, with duplicate hints) and the import screen."""

from __future__ import annotations

import streamlit as st

from components.formatting import plain
from components.forms import (
    FieldErrors,
    flash_and_rerun,
    generation,
    run_service,
    save_and_rerun,
    start_new_entry,
    stated_limit,
)
from components.shell.db import session_scope
from components.tables import record_table
from db.models import Partner, PartnerContactPerson
from services.actor import Actor
from services.catalogues import Option
from services.catalogues import labels as catalogue_labels
from services.errors import max_length
from services.partner_files import (
    FileProblem,
    ImportPreview,
    apply_import,
    preview_import,
    template,
)
from services.partners import (
    ContactPersonData,
    PartnerData,
    create_partner,
    similar_partners,
    update_partner,
)

CONTACT_SLOTS = 2


# a contact person's fields in the form's columns; their keys end in the name's first letter
CONTACT_FIELDS = {"name": "Ansprechperson {}", "function": "Funktion",
                  "phone": "Telefon direkt", "email": "E-Mail direkt"}  # fmt: skip


def partner_fields(
    key: str,
    kinds: list[Option],
    areas: list[Option],
    errors: FieldErrors,
    current: PartnerData | None = None,
) -> PartnerData:
    d = current or PartnerData("", None)
    kind_labels, area_labels = catalogue_labels(kinds), catalogue_labels(areas)
    c_name, c_kind = st.columns([2, 1])
    with c_name:
        name = st.text_input(
            "Name", value=d.name, key=f"{key}_name", max_chars=max_length(Partner.name)
        )
        errors.slot("name")
    with c_kind:
        kinds_list = list(kind_labels)
        kind = st.selectbox(
            "Art",
            kinds_list,
            index=kinds_list.index(d.kind_id) if d.kind_id in kinds_list else None,
            placeholder="Bitte wählen",
            format_func=kind_labels.get,
            key=f"{key}_kind",
        )
        errors.slot("kind_id")
    helps = st.multiselect(
        "Hilft bei",
        list(area_labels),
        default=[i for i in d.help_area_ids if i in area_labels],
        format_func=area_labels.get,
        placeholder="Bitte wählen",
        key=f"{key}_areas",
    )
    errors.slot("help_area_ids")
    c_street, c_code, c_city = st.columns([2, 1, 1])
    street = c_street.text_input(
        "Straße und Nr.", value=d.street, key=f"{key}_street", max_chars=max_length(Partner.street)
    )
    with c_code:
        postcode = st.text_input("PLZ", value=d.postcode, key=f"{key}_postcode")
        errors.slot("postcode")
    city = c_city.text_input(
        "Ort", value=d.city, key=f"{key}_city", max_chars=max_length(Partner.city)
    )
    others = st.text_input(
        "Weitere Orte, für die der Partner da ist (mit Komma getrennt)",
        value=", ".join(c for c in d.cities if c != d.city),
        key=f"{key}_cities",
    )
    c_phone, c_mail, c_web = st.columns(3)
    with c_phone:
        phone = st.text_input(
            "Telefon", value=d.phone, key=f"{key}_phone", max_chars=max_length(Partner.phone)
        )
        errors.slot("phone")
    with c_mail:
        email = st.text_input(
            "E-Mail", value=d.email, key=f"{key}_email", max_chars=max_length(Partner.email)
        )
        errors.slot("email")
    website = c_web.text_input(
        "Webseite", value=d.website, key=f"{key}_web", max_chars=max_length(Partner.website)
    )
    hours = st.text_input(
        "Erreichbar (Öffnungszeiten)",
        value=d.opening_hours,
        key=f"{key}_hours",
        max_chars=max_length(Partner.opening_hours),
    )
    people = []
    slots = list(d.contact_persons) + [ContactPersonData("")] * CONTACT_SLOTS
    for i, person in enumerate(slots[: max(CONTACT_SLOTS, len(d.contact_persons) + 1)]):
        cols = st.columns(4)
        values = {
            name: cols[n].text_input(
                label.format(i + 1),
                getattr(person, name),
                key=f"{key}_cp{i}_{name[0]}",
                max_chars=max_length(getattr(PartnerContactPerson, name)),
            )
            for n, (name, label) in enumerate(CONTACT_FIELDS.items())
        }
        people.append(ContactPersonData(**values))
        errors.slot(f"contact_{i}")
    notes = st.text_area(
        "Notizen", value=d.notes, key=f"{key}_notes", height=80, help=stated_limit(Partner.notes)
    )
    active = st.checkbox("Aktiv (wird in der Suche angeboten)", value=d.active, key=f"{key}_on")
    return PartnerData(
        name,
        kind,
        tuple(helps),
        tuple(c.strip() for c in others.split(",") if c.strip()),
        street,
        postcode,
        city,
        phone,
        email,
        website,
        hours,
        notes,
        active,
        tuple(people),
    )


def new_partner_form(actor: Actor, kinds: list[Option], areas: list[Option]) -> None:
    form = "new_partner"
    errors = FieldErrors()
    confirm_key = f"_confirm_duplicates_{generation(form)}"
    with st.form(f"{form}_{generation(form)}"):
        data = partner_fields(f"np{generation(form)}", kinds, areas, errors)
        similar = st.session_state.get(confirm_key)
        confirmed = False
        if similar:
            st.warning(
                "Diesen Partner gibt es vielleicht schon: "
                + "; ".join(f"{s.name} ({s.city or '–'}, {s.reason})" for s in similar),
                icon=":material/content_copy:",
            )
            confirmed = st.checkbox("Das ist ein anderer Partner – trotzdem anlegen")
        if st.form_submit_button("Partner anlegen", type="primary"):
            if not confirmed:
                with session_scope() as session:
                    found = similar_partners(session, actor, data)
                if found:
                    st.session_state[confirm_key] = found
                    st.rerun()  # shows the hint; the typed values stay in their keys
            ok, _ = run_service(errors, lambda s: create_partner(s, actor, data))
            if ok:
                start_new_entry(form)
                flash_and_rerun(f"Partner „{plain(data.name.strip())}“ angelegt.")


def edit_partner_form(
    actor: Actor, partner_id: int, current: PartnerData, version: int, kinds, areas
) -> None:
    errors = FieldErrors()
    with st.form(f"edit_partner_{partner_id}"):
        data = partner_fields(f"ep{partner_id}", kinds, areas, errors, current)
        if st.form_submit_button("Änderungen speichern", type="primary"):
            save_and_rerun(
                errors,
                lambda s: update_partner(s, actor, partner_id, data, version),
                "Partner gespeichert.",
            )


def import_screen(actor: Actor) -> None:
    st.markdown(
        "Laden Sie eine Liste als **CSV** (wie Excel sie speichert, mit Semikolon) oder "
        "**Excel-Datei (.xlsx)** hoch. Pflichtspalten: Name, Art, Ort. Sie sehen zuerst eine "
        "Vorschau; gespeichert wird erst nach Ihrer Bestätigung. Bekannte Partner (gleicher "
        "Schlüssel oder gleicher Name und Ort) werden aktualisiert, nicht verdoppelt."
    )
    c_csv, c_xlsx = st.columns(2)
    c_csv.download_button(
        "Vorlage (CSV)", template("csv"), "partner-vorlage.csv", "text/csv", key="tpl_csv"
    )
    c_xlsx.download_button(
        "Vorlage (Excel)",
        template("xlsx"),
        "partner-vorlage.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="tpl_xlsx",
    )
    upload = st.file_uploader("Datei", type=["csv", "xlsx"], key=f"pi_file_{generation('import')}")
    if upload is None:
        return
    errors = FieldErrors()
    preview = _preview(actor, upload, errors)
    if preview is None:
        return
    st.markdown(
        f"**{preview.total} Zeilen:** {len(preview.valid)} gültig, "
        f"{len(preview.rejected)} abgelehnt."
    )
    if preview.unknown_columns:
        st.caption("Nicht verwendete Spalten: " + ", ".join(preview.unknown_columns))
    if preview.rejected:
        st.markdown("**Abgelehnte Zeilen** – bitte in der Datei korrigieren und erneut laden:")
        record_table(
            preview.rejected,
            {"Zeile": lambda r: r[0], "Grund": lambda r: r[1]},
            "",
            key="pi_rejected",
        )
    if not preview.valid:
        return
    label = f"{len(preview.valid)} gültige Zeilen importieren"
    if st.button(label, type="primary", key="pi_apply"):
        bar = st.progress(0.0, "Speichern …")
        ok, result = run_service(
            errors,
            lambda s: apply_import(s, actor, preview.valid, lambda x, t: bar.progress(x, t)),
        )
        if ok:
            start_new_entry("import")
            flash_and_rerun(
                f"Import abgeschlossen: {result.created} neu, {result.updated} aktualisiert."
            )


def _preview(actor: Actor, upload, errors: FieldErrors) -> ImportPreview | None:
    """Checked once per uploaded file; kept in this browser session only."""
    cache_key = f"_import_preview_{upload.file_id}"
    if cache_key not in st.session_state:
        bar = st.progress(0.0, "Datei wird geprüft …")
        try:
            with session_scope() as session:
                st.session_state[cache_key] = preview_import(
                    session,
                    actor,
                    upload.getvalue(),
                    upload.name,
                    lambda x, t: bar.progress(min(x, 1.0), t),
                )
        except FileProblem as exc:
            errors.show(exc)
            return None
        finally:
            bar.empty()
    return st.session_state[cache_key]
