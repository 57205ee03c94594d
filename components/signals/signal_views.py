"""Hinweis-Eingang (Kümmerer): new signals, triage, and the signal figures."""

from __future__ import annotations

import streamlit as st

from components.formatting import de_datetime, de_number, plain
from components.forms import FieldErrors, optional_select, save_and_rerun
from services import signals as sg
from services.actor import Actor
from services.labels import URGENCY_LABELS
from services.suppression import EXPLANATION, format_cell


def signal_card(actor: Actor, item: sg.InboxItem, cases: dict[int, str]) -> None:
    with st.container(border=True):
        urgent = item.urgency in ("akut", "krise")
        level = URGENCY_LABELS[item.urgency]
        st.markdown(
            f"**{plain(item.observation)}** · {plain(item.location)} · "
            + (f":red[**{level}**]" if urgent else level)
        )
        informed = "Mieter/in weiß davon" if item.tenant_informed else "Mieter/in weiß nichts davon"
        st.caption(
            f"{de_datetime(item.reported_at)} · von {plain(item.reporter) or '–'} · {informed} · "
            f"{sg.STATUS_LABELS[item.status]}"
        )
        if item.note:
            st.markdown(plain(item.note))
        if item.status == "erledigt":
            return
        if item.case_id:
            st.page_link(
                "screens/case.py",
                label="Zum Fall",
                query_params={"id": item.case_id},
                icon=":material/folder:",
            )
            return
        errors = FieldErrors()
        c_new, c_link, c_close = st.columns(3)
        c_new.page_link(
            "screens/new_case.py",
            label="Fall eröffnen",
            icon=":material/add_circle:",
            query_params={"signal": item.id},
        )
        with c_link:
            case_id = optional_select("Zu bestehendem Fall", cases, f"sg_case_{item.id}", "–")
            if st.button("Zuordnen", key=f"sg_link_{item.id}", disabled=case_id is None):
                save_and_rerun(
                    errors,
                    lambda s: sg.link_case(s, actor, item.id, case_id),
                    "Hinweis dem Fall zugeordnet.",
                )
        with c_close:
            reasons = {k: v for k, v in sg.CLOSE_REASON_LABELS.items() if k != "fall"}
            reason = optional_select("Schließen, weil", reasons, f"sg_reason_{item.id}", "–")
            if st.button("Schließen", key=f"sg_close_{item.id}", disabled=reason is None):
                save_and_rerun(
                    errors,
                    lambda s: sg.close_signal(s, actor, item.id, reason),
                    "Hinweis geschlossen.",
                )


def figures_table(figures: list[sg.SignalFigures], threshold: int) -> None:
    if not figures:
        st.caption("Im Zeitraum gab es keine Hinweise.")
        return
    st.table(
        {
            "Genossenschaft": [f.cooperative for f in figures],
            "Hinweise": [format_cell(f.signals, threshold) for f in figures],
            "daraus Fälle": [format_cell(f.became_case, threshold) for f in figures],
            "Anteil": [
                "–" if f.case_share is None else f"{de_number(f.case_share * 100)} %"
                for f in figures
            ],
            "Stunden bis Erstkontakt (Median)": [
                "–"
                if f.median_hours_to_contact is None
                else de_number(f.median_hours_to_contact, 1)
                for f in figures
            ],
            "davon früh erkannt": [format_cell(f.early_cases, threshold) for f in figures],
        },
        hide_index=True,
    )
    st.caption(EXPLANATION)
    st.caption(
        f"Letzte 12 Monate. Andere Genossenschaften: Zahlen unter {threshold} als „<{threshold}“, "
        "Anteile und Mediane erst ab dieser Zahl. „Früh erkannt“: Fall mit Dringlichkeit "
        "früh/präventiv eröffnet – der Nachweis für den niedrigschwelligen Ansatz."
    )
