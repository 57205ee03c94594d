"""Netzwerk: paged search results and the exports of the current selection."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.shell.db import session_scope
from services.actor import Actor
from services.partner_files import export_partners, phone_list_html
from services.partners import PartnerPage, PartnerQuery, all_matching_ids, search_partners

PAGE_SIZE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_of_results(actor: Actor, query: PartnerQuery, today: dt.date, key: str) -> PartnerPage:
    """One page of results for ``query`` (cards and how each partner answers referrals); a
    changed query starts at page 1."""
    if st.session_state.get(f"_{key}_query") != query:
        st.session_state[f"_{key}_query"] = query
        st.session_state[f"{key}_page"] = 1
    with session_scope() as session:
        counted = search_partners(session, actor, query, limit=0, today=today)
        total = counted.total
        pages = max(1, -(-total // PAGE_SIZE))
        page_no = min(st.session_state.get(f"{key}_page", 1), pages)
        result = search_partners(session, actor, query, PAGE_SIZE, (page_no - 1) * PAGE_SIZE, today)
    st.markdown(f"**{total} Partner** gefunden")
    if not total:
        st.info("Keine Partner für diese Auswahl. Versuchen Sie einen anderen Ort oder Bedarf.")
    if counted.inactive_matches:
        n = counted.inactive_matches
        st.caption(
            f"{n} {'inaktiver Partner passt' if n == 1 else 'inaktive Partner passen'} – "
            "„auch inaktive Partner“ anhaken, um sie zu sehen."
        )
    if pages > 1:
        st.number_input(f"Seite (von {pages})", 1, pages, step=1, key=f"{key}_page")
    return result


def export_buttons(actor: Actor, query: PartnerQuery) -> None:
    """Files are made only when a button is clicked, so each export is audited once."""

    def made(kind: str) -> bytes:
        with session_scope() as session:
            ids = all_matching_ids(session, actor, query)
            if kind == "html":
                return phone_list_html(session, actor, ids, "Telefonliste Netzwerk")
            return export_partners(session, actor, ids, kind)

    st.caption("Auswahl exportieren")
    c_csv, c_xlsx, c_html = st.columns(3)
    c_csv.download_button(
        "CSV", lambda: made("csv"), "partner.csv", "text/csv", on_click="ignore", key="px_csv"
    )
    c_xlsx.download_button(
        "Excel", lambda: made("xlsx"), "partner.xlsx", XLSX, on_click="ignore", key="px_xlsx"
    )
    c_html.download_button(
        "Telefonliste zum Drucken",
        lambda: made("html"),
        "telefonliste.html",
        "text/html",
        on_click="ignore",
        key="px_html",
    )
