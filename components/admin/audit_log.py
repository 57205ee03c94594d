"""Protokoll: the audit log with filters, paging in the database and a CSV download."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.formatting import de_datetime, de_number
from components.forms import optional_select
from components.shell.db import session_scope
from components.tables import Columns, record_table
from services.actor import Actor
from services.approaches import PROFILE_FIELDS
from services.audit import (
    AuditFilter,
    AuditPage,
    audit_filter_options,
    export_audit_csv,
    list_audit,
)
from services.labels import AUDIT_ACTION_LABELS, CATALOGUE_LABELS, ENTITY_LABELS, ROLE_LABELS
from services.partner_files import FIELD_NAMES

PAGE_SIZE = 50
DETAIL_NAMES = {
    "fields": "Felder",
    "signals": "Hinweise",
    "persons": "Personen",
    "keys": "Schlüssel",
    "catalogue": "Katalog",
    "role": "Rolle",
    "old": "bisher",
    "new": "neu",
    "reason": "Grund",
    "locked": "gesperrt",
    "rows": "Zeilen",
    "via": "über",
    "cases": "Fälle",
    "seed": "Startwert",
    "relabelled": "umbenannt",
    "activated": "aktiviert",
    "deactivated": "deaktiviert",
    "outreach_changed": "„aufsuchend“ geändert",
    "status": "Stand",
    "created": "neu",
    "updated": "aktualisiert",
    "low_threshold_changed": "„niedrigschwellig“ geändert",
    "cooperative": "Genossenschaft",
    "figure": "Kennzahl",
    "scope": "für",
    "approach": "Ansatz",
    "direction": "Richtung",
    "baseline": "Ausgangswert",
    "baseline_from": "Ausgang von",
    "baseline_to": "Ausgang bis",
    "target": "Zielwert",
    "target_date": "bis",
    "case": "Fall",
    "stage": "Zeitpunkt",
    "items": "Fragen",
}
VALUE_NAMES_EXTRA = {"kein_handlungsbedarf": "kein Handlungsbedarf", "bereits_bekannt":
                     "bereits bekannt", "nicht_zustaendig": "nicht zuständig"}  # fmt: skip
VALUE_NAMES = {**ROLE_LABELS, **CATALOGUE_LABELS, **VALUE_NAMES_EXTRA, "cli": "Kommandozeile",
               "import": "Import"}  # fmt: skip


# a changed partner's fields (`fields`): the import's German column names, and the rest
FIELD_LABELS = {**FIELD_NAMES, "kind_id": "Art", "cities": "Orte", "active": "aktiv",
                "contact_persons": "Ansprechpersonen", **PROFILE_FIELDS}  # fmt: skip


def describe_details(details: dict | None) -> str:
    """Readable details: keys and values in German where known (the CSV keeps raw keys)."""
    parts = []
    for key, value in (details or {}).items():
        name = DETAIL_NAMES.get(key, key)
        if isinstance(value, list):
            parts.append(f"{name}: " + ", ".join(FIELD_LABELS.get(v, v) for v in value))
        elif value is True or value is False:
            parts.append(name if value else f"{name}: nein")
        else:
            parts.append(f"{name}: {VALUE_NAMES.get(value, value)}")
    return ", ".join(parts)


COLUMNS: Columns = {
    "Zeitpunkt": lambda r: de_datetime(r.at),
    "Benutzer": lambda r: r.username or "System",
    "Aktion": lambda r: AUDIT_ACTION_LABELS.get(r.action, r.action),
    "Objekt": lambda r: " ".join(
        str(p) for p in (ENTITY_LABELS.get(r.entity, r.entity), r.entity_id) if p is not None
    ),
    "Details": lambda r: describe_details(r.details),
}


def audit_filter_bar(actor: Actor, today: dt.date) -> AuditFilter | None:
    with session_scope() as session:
        users, actions = audit_filter_options(session, actor)
    c_from, c_to, c_user, c_action = st.columns([1, 1, 1.2, 1.6])
    date_from = c_from.date_input(
        "Von", value=today - dt.timedelta(days=30), format="DD.MM.YYYY", key="al_from"
    )
    date_to = c_to.date_input("Bis", value=today, format="DD.MM.YYYY", key="al_to")
    user_id = optional_select("Benutzer", users, "al_user", "Alle", where=c_user)
    action_labels = {a: AUDIT_ACTION_LABELS.get(a, a) for a in actions}
    action = optional_select("Aktion", action_labels, "al_action", "Alle", where=c_action)
    if date_from > date_to:
        st.error(
            "„Von“ liegt nach „Bis“ – bitte prüfen Sie den Zeitraum.", icon=":material/warning:"
        )
        return None
    return AuditFilter(date_from, date_to, user_id, action)


def audit_table(actor: Actor, flt: AuditFilter) -> None:
    # a changed filter starts again at page 1
    if st.session_state.get("_al_filter") != flt:
        st.session_state["_al_filter"] = flt
        st.session_state["al_page"] = 1
    with session_scope() as session:
        total = list_audit(session, actor, flt, limit=0).total
    pages = max(1, -(-total // PAGE_SIZE))
    page_no = min(st.session_state.get("al_page", 1), pages)
    with session_scope() as session:
        page: AuditPage = list_audit(
            session, actor, flt, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE
        )
    info, pager, download = st.columns([2, 1, 1], vertical_alignment="bottom")
    info.markdown(f"**{de_number(page.total)} Einträge** im gewählten Zeitraum")
    if pages > 1:
        pager.number_input("Seite", min_value=1, max_value=pages, step=1, key="al_page")
    download.download_button(
        "Als CSV herunterladen",
        data=lambda: _csv(actor, flt),
        file_name=f"protokoll_{flt.date_from:%Y-%m-%d}_{flt.date_to:%Y-%m-%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        disabled=page.total == 0,
        on_click="ignore",
        key="al_download",
    )
    record_table(page.rows, COLUMNS, "Keine Einträge für diese Auswahl.")
    if pages > 1:
        st.caption(f"Seite {page_no} von {pages} · {PAGE_SIZE} Einträge je Seite, neueste zuerst")


def _csv(actor: Actor, flt: AuditFilter) -> bytes:
    # generated only when the button is clicked, so that each export is audited once
    with session_scope() as session:
        return export_audit_csv(session, actor, flt)
