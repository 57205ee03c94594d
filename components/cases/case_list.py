"""Fälle: filter bar and the list of cases, each a link to its case page."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.formatting import de_date, de_number, person_label, plain
from components.forms import optional_select
from services.case_queries import SORTS, CaseFilter, CaseListPage
from services.catalogues import Option
from services.catalogues import labels as catalogue_labels
from services.labels import CASE_STATUS_LABELS, URGENCY_LABELS

PAGE_SIZE = 25
CASE_PAGE = "screens/case.py"
STATUS_CHOICES = {"aktiv": "alle offenen", **CASE_STATUS_LABELS, "": "alle, auch abgeschlossene"}


# each filter's widget key and what it shows unchosen (a select box: its first choice)
FILTER_KEYS = {
    "cl_status": next(iter(STATUS_CHOICES)),
    "cl_sort": next(iter(SORTS)),
    "cl_area": None,
    "cl_urgency": None,
    "cl_resp": None,
    "cl_overdue": False,
}


def case_filter_bar(areas: list[Option], responsible: dict[int, str]) -> tuple[CaseFilter, str]:
    """The search in sight; status, sorting and the filters folded (six stacked fields on a
    phone), the fold saying how many of them are set."""
    area_labels = catalogue_labels(areas)
    search = st.text_input(
        "Suche", placeholder="Code oder Name, z. B. CSG-0012 oder Krause", key="cl_search"
    )
    chosen = sum(
        st.session_state.get(key, default) not in (default, None)
        for key, default in FILTER_KEYS.items()
    )
    label = "Filter und Sortierung" + (f" ({chosen} gewählt)" if chosen else "")
    with st.expander(label, key="cl_filters"):  # stays open while filters are chosen
        c_status, c_sort = st.columns(2)
        status = c_status.selectbox(
            "Status",
            list(STATUS_CHOICES),
            format_func=STATUS_CHOICES.get,
            key="cl_status",
            placeholder="Bitte wählen",
        )
        sort = c_sort.selectbox(
            "Sortierung",
            list(SORTS),
            format_func=SORTS.get,
            key="cl_sort",
            placeholder="Bitte wählen",
        )
        c_area, c_urgency, c_resp = st.columns([2, 1, 1])
        area = optional_select("Problemlage", area_labels, "cl_area", "alle", where=c_area)
        urgency = optional_select(
            "Dringlichkeit", URGENCY_LABELS, "cl_urgency", "alle", where=c_urgency
        )
        resp = optional_select("Verantwortlich", responsible, "cl_resp", "alle", where=c_resp)
        overdue = st.checkbox("nur überfällige Wiedervorlagen", key="cl_overdue")
    flt = CaseFilter(search, status or None, area, urgency, resp, overdue)
    return flt, sort


def page_number(flt: CaseFilter, sort: str, total: int) -> int:
    """The page to show; a changed filter starts at page 1."""
    if st.session_state.get("_cl_last") != (flt, sort):
        st.session_state["_cl_last"] = (flt, sort)
        st.session_state["cl_page"] = 1
    pages = max(1, -(-total // PAGE_SIZE))
    return min(st.session_state.get("cl_page", 1), pages)


def case_rows(result: CaseListPage, today: dt.date) -> None:
    pages = max(1, -(-result.total // PAGE_SIZE))
    st.markdown(f"**{de_number(result.total)} {'Fall' if result.total == 1 else 'Fälle'}**")
    if not result.rows:
        st.info("Keine Fälle für diese Auswahl.")
        return
    head = st.columns([2.2, 1.3, 2.2, 1.1, 1.3])
    for column, title in zip(
        head, ["Fall", "Status", "Problemlagen", "Letzter Kontakt", "Wiedervorlage"]
    ):
        column.caption(title)
    for row in result.rows:
        c_case, c_status, c_areas, c_contact, c_due = st.columns([2.2, 1.3, 2.2, 1.1, 1.3])
        label = person_label(row.pseudonym, row.name)
        c_case.page_link(
            CASE_PAGE, label=label, query_params={"id": row.id}, icon=":material/folder:"
        )
        c_status.write(CASE_STATUS_LABELS[row.status])
        c_areas.markdown(plain(row.problem_areas) or "–")
        c_contact.write(de_date(row.last_contact))
        if row.next_due and row.next_due < today:
            c_due.markdown(f":red[**{de_date(row.next_due)}** überfällig]")
        else:
            c_due.write(de_date(row.next_due))
    if pages > 1:
        st.number_input(f"Seite (von {pages})", min_value=1, max_value=pages, step=1, key="cl_page")
