"""Verwaltung (Admin): accounts, cooperatives, catalogues, rating instruments, the reports'
issuer."""

import streamlit as st

from components.admin.admin_catalogues import catalogues_admin
from components.admin.admin_cooperatives import cooperatives_admin
from components.admin.admin_instruments import instruments_admin
from components.admin.admin_reports import issuer_admin
from components.admin.admin_users import edit_user_forms, new_user_form, users_table
from components.forms import show_flash
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from services import ratings
from services.cooperatives import list_cooperatives
from services.users import list_users

actor = current_actor_or_stop()
st.title("Verwaltung")
show_flash(tabbed=True)
with session_scope() as session:
    users = list_users(session, actor)
    coops = list_cooperatives(session, actor)

    tools = ratings.instruments(session, active_only=False)

tab_users, tab_coops, tab_catalogues, tab_instruments, tab_reports = st.tabs(
    ["Benutzer", "Genossenschaften", "Kataloge", "Einschätzungen", "Berichte"], key="admin_tabs"
)
with tab_users:
    users_table(users)
    new_user_form(actor, coops)
    edit_user_forms(actor, users, coops)
with tab_coops:
    cooperatives_admin(actor, coops)
with tab_catalogues:
    catalogues_admin(actor)
with tab_instruments:
    instruments_admin(actor, tools)
with tab_reports:
    issuer_admin(actor)
