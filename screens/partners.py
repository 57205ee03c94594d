"""Netzwerk: find help by need and city; new partners; import; partners to check."""

import streamlit as st

from components.forms import show_flash
from components.partners.partner_forms import import_screen, new_partner_form
from components.partners.partner_search import export_buttons, page_of_results
from components.partners.partner_views import filter_bar, partner_card
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import local_today
from services.catalogues import options
from services.partners import PartnerQuery, own_city, partner_cities, stale_count

actor = current_actor_or_stop()
today = local_today()
with session_scope() as session:
    areas, kinds = options(session, "problem_area"), options(session, "partner_kind")
    cities, home_city = partner_cities(session, actor), own_city(session, actor)
    to_check = stale_count(session, actor, today)

st.title("Netzwerk")
show_flash(tabbed=True)
search, new, upload, check = st.tabs(
    ["Suchen", "Neuer Partner", "Import", f"Zu prüfen ({to_check})"], key="partner_tabs"
)
with search:
    query = filter_bar(areas, kinds, cities, home_city)
    found = page_of_results(actor, query, today, "pn")
    for card in found.cards:
        partner_card(card, today, found.responsiveness.get(card.id))
    export_buttons(actor, query)
with new:
    new_partner_form(actor, kinds, areas)
with upload:
    import_screen(actor)
with check:
    st.caption("Partner, deren Angaben seit über 12 Monaten nicht geprüft wurden.")
    for card in page_of_results(actor, PartnerQuery(only_stale=True), today, "pc").cards:
        partner_card(card, today)
