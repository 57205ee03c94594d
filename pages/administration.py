"""Verwaltung (Admin): accounts and cooperatives."""

import streamlit as st

from components.admin_users import edit_user_forms, new_user_form, users_table
from components.db import session_scope
from components.formatting import de_number
from components.forms import show_flash
from components.layout import current_actor_or_stop
from services.users import list_cooperatives, list_users

actor = current_actor_or_stop()
st.title("Verwaltung")
show_flash()
with session_scope() as session:
    users = list_users(session, actor)
    coops = list_cooperatives(session, actor)

tab_users, tab_coops = st.tabs(["Benutzer", "Genossenschaften"])
with tab_users:
    users_table(users)
    new_user_form(actor, coops)
    edit_user_forms(actor, users, coops)
with tab_coops:
    if not coops:
        st.info("Es sind noch keine Genossenschaften angelegt.")
    else:
        st.dataframe(
            {
                "Genossenschaft": [c.name for c in coops],
                "Kürzel": [c.code for c in coops],
                "Stadt": [c.city for c in coops],
                "Wohneinheiten": [de_number(c.housing_units) for c in coops],
                "Aktiv": ["ja" if c.active else "nein" for c in coops],
            },
            hide_index=True,
            width="stretch",
        )
