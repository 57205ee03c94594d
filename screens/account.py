"""Mein Konto: who am I, which role, when did I last log in."""

import streamlit as st

from components.formatting import de_datetime, plain
from components.forms import FieldErrors, save_and_rerun, show_flash
from components.password_form import password_change_form
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from db.models import User, max_length
from services.labels import ROLE_LABELS
from services.users import account_info, set_own_phone

actor = current_actor_or_stop()
with session_scope() as session:
    info = account_info(session, actor)

st.title("Mein Konto")
show_flash()
st.markdown(f"**Name:** {plain(info.display_name)}")
st.markdown(f"**Benutzername:** {plain(info.username)}")
st.write(f"**Rolle:** {ROLE_LABELS[info.role]}")
if info.cooperative:
    st.write(f"**Genossenschaft:** {info.cooperative}")
if info.previous_login_at:
    st.write(f"**Vorherige Anmeldung:** {de_datetime(info.previous_login_at)}")
else:
    st.write("**Vorherige Anmeldung:** keine – dies ist Ihre erste Anmeldung.")

if actor.role == "kuemmerer":
    st.subheader("Telefon")
    errors = FieldErrors()
    with st.form("own_phone"):
        phone = st.text_input(
            "Telefon für Rückfragen",
            value=info.phone,
            max_chars=max_length(User.phone),
            help="Steht auf Aushängen wie „Wir suchen Unterstützung“ – Ihre Dienstnummer.",
        )
        errors.slot("phone")
        if st.form_submit_button("Telefon speichern"):
            save_and_rerun(errors, lambda s: set_own_phone(s, actor, phone), "Telefon gespeichert.")

st.subheader("Passwort ändern")
if password_change_form(actor):
    st.success("Ihr Passwort wurde geändert.")
