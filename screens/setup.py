"""First run: create the first admin account, optionally load demo data."""

import logging

import streamlit as st

from components.forms import FieldErrors, run_service
from components.shell.auth import MESSAGE_KEY
from services.catalogues import ensure_default_catalogues
from services.demo import seed_demo
from services.setup_code import code_file, ensure_setup_code, retire_setup_code
from services.users import NewUser, create_first_admin

st.title("Willkommen im Kümmerer-Cockpit")
st.write(
    "Es gibt noch kein Konto. Legen Sie jetzt das erste **Administrationskonto** an. "
    "Damit verwalten Sie später Benutzer, Genossenschaften und Kataloge."
)
if ensure_setup_code()[1]:  # the app was started without `manage.py init`
    logging.getLogger("kuemmerer.setup").warning("setup code written to %s", code_file())
st.caption(
    "Den **Einrichtungscode** hat der Start des Programms in der Konsole angezeigt "
    f"(„make run“ oder „manage.py init“); er steht auch in der Datei `{code_file()}`."
)

errors = FieldErrors()
with st.form("setup"):
    setup_code = st.text_input(
        "Einrichtungscode", key="setup_code", max_chars=40, placeholder="XXXX-XXXX-XXXX"
    )
    errors.slot("setup_code")
    username = st.text_input("Benutzername", key="setup_username", max_chars=64)
    errors.slot("username")
    display_name = st.text_input("Name", key="setup_name", max_chars=200)
    errors.slot("display_name")
    email = st.text_input("E-Mail (optional)", key="setup_email", max_chars=254)
    errors.slot("email")
    password = st.text_input(
        "Passwort", type="password", key="setup_password", help="Mindestens 10 Zeichen."
    )
    errors.slot("password")
    repeat = st.text_input("Passwort wiederholen", type="password", key="setup_repeat")
    errors.slot("password_repeat")
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

    def install(session):  # noqa: ANN001, ANN202
        ensure_default_catalogues(session)
        create_first_admin(session, data, setup_code=setup_code)
        return seed_demo(session) if demo else None

    with st.spinner("Die Einrichtung läuft …"):
        ok, summary = run_service(errors, install)
    if ok:
        retire_setup_code()
        st.session_state[MESSAGE_KEY] = (
            "Die Einrichtung ist abgeschlossen. Bitte melden Sie sich an."
        )
        if summary:
            st.session_state["kc_demo_accounts"] = summary.accounts
        st.rerun()
