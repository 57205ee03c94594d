"""The start page's content for each role."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.formatting import de_date, de_number
from services.actor import Actor
from services.labels import ROLE_LABELS
from services.start import AdminStart, KuemmererStart, OverviewStart
from services.suppression import format_cell


def kuemmerer_view(data: KuemmererStart, today: dt.date) -> None:
    st.caption(data.cooperative)
    c1, c2, c3 = st.columns(3)
    c1.metric("Offene Fälle", de_number(data.open_cases))
    c2.metric("Kurzkontakte heute", de_number(data.quick_contacts_today))
    c3.metric("Fälle ohne Kontakt seit 30 Tagen", de_number(data.cases_without_recent_contact))
    st.subheader("Heute fällig und überfällig")
    if not data.due:
        st.success("Für heute ist nichts fällig.")
        return
    st.dataframe(
        {
            "Fällig am": [de_date(d.due_on) for d in data.due],
            "Überfällig": ["ja" if d.due_on < today else "" for d in data.due],
            "Fall": [d.pseudonym for d in data.due],
            "Wiedervorlage": [d.text for d in data.due],
        },
        hide_index=True,
        width="stretch",
    )


def overview_view(data: OverviewStart) -> None:
    st.write(
        "Überblick über alle Genossenschaften – nur Anzahlen. "
        f"Werte unter {data.threshold} werden als „<{data.threshold}“ angezeigt."
    )
    if not data.rows:
        st.info("Es sind noch keine Genossenschaften angelegt.")
        return
    t = data.threshold
    # A real HTML table (not the canvas grid): small, readable by screen readers, printable.
    st.table(
        {
            "Genossenschaft": [r.cooperative for r in data.rows],
            "Stadt": [r.city for r in data.rows],
            "Offene Fälle": [format_cell(r.open_cases, t) for r in data.rows],
            "Neue Fälle (30 Tage)": [format_cell(r.new_cases_30d, t) for r in data.rows],
            "Kontakte (30 Tage)": [format_cell(r.contacts_30d, t) for r in data.rows],
        },
        hide_index=True,
        border="horizontal",
    )


def admin_view(data: AdminStart) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric("Aktive Konten", de_number(sum(data.users_by_role.values())))
    c2.metric("Gesperrte Konten", de_number(data.locked_users))
    c3.metric("Genossenschaften", de_number(data.cooperatives))
    st.caption(" · ".join(f"{ROLE_LABELS[r]}: {n}" for r, n in sorted(data.users_by_role.items())))


def staff_view(actor: Actor) -> None:
    st.info(
        "Hier können Sie bald Hinweise an Ihre Kümmerin oder Ihren Kümmerer melden "
        "(z. B. ein überquellender Briefkasten oder ein Mietrückstand)."
    )
