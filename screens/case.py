"""Fall-Seite: one case of the own cooperative, its actions and its timeline."""

import streamlit as st

from components import address
from components.address import NO_RECORD
from components.cases import case_page, closing_views, rating_views
from components.forms import show_flash
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import local_today
from services import cases, ratings
from services.case_queries import case_header, responsible_options, timeline
from services.catalogues import options
from services.contacts import usual_kind
from services.errors import NotFound
from services.partners import own_city, partner_cities

CATALOGUES = ("contact_kind", "intervention", "problem_area", "outcome")
actor = current_actor_or_stop()
today = local_today()
try:
    with session_scope() as session:
        header = case_header(session, actor, address.record_id("id") or NO_RECORD)
        items = timeline(session, actor, header.id)
        choices = {c: options(session, c) for c in CATALOGUES}
        responsible = responsible_options(session, actor)
        cities = partner_cities(session, actor)
        home_city = own_city(session, actor)
        tools = ratings.instruments(session, active_only=False)
        rated = ratings.case_ratings(session, actor, header.id)
        usual = usual_kind(session, actor, today)
        still_open = cases.open_items(session, actor, header.id)
except NotFound:
    st.title("Fall")
    st.error("Diesen Fall gibt es nicht.", icon=":material/warning:")
    st.page_link("screens/cases.py", label="Zur Fallliste", icon=":material/folder_open:")
    st.stop()

# Case-level changes are checked against what the user saw in the previous run: a change
# someone else made in between is reported, not overwritten.
seen_key = f"_seen_case_{header.id}"
seen = st.session_state.get(seen_key, header)
st.session_state[seen_key] = header

st.page_link("screens/cases.py", label="Alle Fälle", icon=":material/arrow_back:")
case_page.header_view(header)
show_flash(tabbed=True)
own_tool = next(t for t in tools if t.own)
if header.status == "abgeschlossen":
    closing_views.status_tab(actor, header, seen, choices["outcome"], today)
    with st.expander("Einschätzungen"):
        rating_views.history(rated, tools)
else:
    tabs = st.tabs(
        ["Kontakt", "Einschätzung", "Vermittlung", "Wiedervorlage", "Status / Abschluss",
         "Bearbeiten"],
        key=f"case_tabs_{header.id}",  # stays on the chosen tab when the page reruns
    )  # fmt: skip
    with tabs[0]:
        case_page.contact_tab(actor, header, choices, today, usual)
    with tabs[1]:
        rating_views.rating_tab(actor, header, rated, tools, today)
    with tabs[2]:
        case_page.referral_tab(actor, header, choices["problem_area"], cities, home_city, today)
    with tabs[3]:
        case_page.follow_up_tab(actor, header, today)
    with tabs[4]:
        closing_views.status_tab(
            actor, header, seen, choices["outcome"], today, own_tool, still_open
        )
    with tabs[5]:
        case_page.edit_tab(actor, header, seen, choices["problem_area"], responsible)
case_page.timeline_view(actor, items, header.status != "abgeschlossen", today)
