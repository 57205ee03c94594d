"""First run: create the first admin account, optionally load demo data."""

import streamlit as st

from components.auth import MESSAGE_KEY
from components.db import session_scope
from components.forms import set_errors, show_field_error, show_form_message
from services.catalogues import ensure_default_catalogues
from services.demo import seed_demo
from services.errors import Invalid
from services.users import NewUser, create_first_admin

FORM = "setup"

st.title("Willkommen im Kümmerer-Cockpit")
st.write(
    "Es gibt noch kein Konto. Legen Sie jetzt das erste **Administrationskonto** an. "
    "Damit verwalten Sie später Benutzer, Genossenschaften und Kataloge."
)

show_form_message(FORM)
with st.form(FORM):
    username = st.text_input("Benutzername", key="setup_username", max_chars=64)
    show_field_error(FORM, "username")
    display_name = st.text_input("Name", key="setup_name", max_chars=200)
    show_field_error(FORM, "display_name")
    email = st.text_input("E-Mail (optional)", key="setup_email", max_chars=254)
    show_field_error(FORM, "email")
    password = st.text_input(
        "Passwort", type="password", key="setup_password", help="Mindestens 10 Zeichen."
    )
    show_field_error(FORM, "password")
    repeat = st.text_input("Passwort wiederholen", type="password", key="setup_repeat")
    show_field_error(FORM, "password_repeat")
    demo = st.checkbox(
        "Demo-Daten laden",
        key="setup_demo",
        help="Acht Beispiel-Genossenschaften mit erfundenen Fällen und Demo-Konten – "
        "nur zum Ausprobieren, nicht für den echten Betrieb.",
    )
    submitted = st.form_submit_button("Konto anlegen", type="primary")

if submitted:
    data = NewUser(
        username=username,
        display_name=display_name,
        email=email,
        password=password,
        password_repeat=repeat,
        role="admin",
    )
    try:
        with st.spinner("Die Einrichtung läuft …"), session_scope() as session:
            ensure_default_catalogues(session)
            create_first_admin(session, data)
            summary = seed_demo(session) if demo else None
    except Invalid as exc:
        set_errors(FORM, exc)
        st.rerun()
    set_errors(FORM, None)
    st.session_state[MESSAGE_KEY] = "Die Einrichtung ist abgeschlossen. Bitte melden Sie sich an."
    if summary:
        st.session_state["kc_demo_accounts"] = summary.accounts
    st.rerun()
