"""Fälle: the own cooperative's cases, searchable and filtered, paged in the database."""

import streamlit as st

from components.cases.case_list import PAGE_SIZE, case_filter_bar, case_rows, page_number
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import local_today
from services.case_queries import list_cases, responsible_options
from services.catalogues import options

actor = current_actor_or_stop()
today = local_today()
st.title("Fälle")
st.page_link("screens/new_case.py", label="Neuen Fall anlegen", icon=":material/add_circle:")
with session_scope() as session:
    areas = options(session, "problem_area")
    responsible = responsible_options(session, actor)
flt, sort = case_filter_bar(areas, responsible)
with session_scope() as session:
    total = list_cases(session, actor, flt, today, sort, limit=0).total
    page_no = page_number(flt, sort, total)
    result = list_cases(
        session, actor, flt, today, sort, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE
    )
case_rows(result, today)
