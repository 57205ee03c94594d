"""Verwaltung → Benutzer: list, create, edit/deactivate, reset password, unlock."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.formatting import de_datetime
from components.forms import (
    FieldErrors,
    flash_and_rerun,
    generation,
    save_and_rerun,
    save_new_entry_and_rerun,
)
from components.shell.db import session_scope
from components.tables import Columns, record_picker, record_table, yes_no
from db.models import ROLES, User, utcnow
from services.actor import Actor
from services.cooperatives import CooperativeRow
from services.errors import max_length
from services.labels import ROLE_LABELS
from services.users import (
    NewUser,
    UserChange,
    UserRow,
    create_user,
    reset_password,
    unlock_user,
    update_user,
)


def _role_and_cooperative(
    prefix: str,
    coops: list[CooperativeRow],
    role: str = "kuemmerer",
    coop_id: int | None = None,
    errors: FieldErrors | None = None,
):
    role = st.selectbox(
        "Rolle",
        ROLES,
        index=ROLES.index(role),
        key=f"{prefix}_role",
        format_func=ROLE_LABELS.get,
        placeholder="Bitte wählen",
    )
    if errors:
        errors.slot("role")
    # a deactivated cooperative takes no new accounts, but an existing assignment stays visible
    ids = [None] + [c.id for c in coops if c.active or c.id == coop_id]
    names = {c.id: f"{c.name} ({c.city})" for c in coops}
    coop = st.selectbox(
        "Genossenschaft (für Kümmerer und Genossenschaft)",
        ids,
        index=ids.index(coop_id) if coop_id in ids else 0,
        key=f"{prefix}_coop",
        format_func=lambda i: "– keine –" if i is None else names[i],
        placeholder="Bitte wählen",
    )
    if errors:
        errors.slot("cooperative_id")
    return role, coop


def _locked_until(u: UserRow) -> dt.datetime | None:
    """Until when the account is locked, None if it is not (any more)."""
    now = utcnow()
    until = u.locked_until and u.locked_until.replace(tzinfo=now.tzinfo)
    return until if until and until > now else None


def users_table(users: list[UserRow]) -> None:
    def locked(u: UserRow) -> str:
        until = _locked_until(u)
        return de_datetime(until) if until else ""

    columns: Columns = {
        "Benutzername": lambda u: u.username,
        "Name": lambda u: u.display_name,
        "Rolle": lambda u: ROLE_LABELS[u.role],
        "Genossenschaft": lambda u: u.cooperative or "",
        "Aktiv": lambda u: yes_no(u.active),
        "Gesperrt bis": locked,
        "Letzte Anmeldung": lambda u: de_datetime(u.last_login_at),
    }
    record_table(users, columns, "Es gibt noch keine Konten.", whole=("Name", "Rolle"))


NEW_USER = "new_user"


def new_user_form(actor: Actor, coops: list[CooperativeRow]) -> None:
    """After "Konto angelegt" the form starts empty (no password left in it); a refused
    account keeps what was typed."""
    with st.expander("Neues Konto anlegen"):
        errors = FieldErrors()
        key = f"nu{generation(NEW_USER)}"
        with st.form(f"{NEW_USER}_{generation(NEW_USER)}"):
            username = st.text_input("Benutzername", key=f"{key}_username")
            errors.slot("username")
            name = st.text_input("Name", key=f"{key}_name", max_chars=max_length(User.display_name))
            errors.slot("display_name")
            email = st.text_input(
                "E-Mail (optional)", key=f"{key}_email", max_chars=max_length(User.email)
            )
            errors.slot("email")
            role, coop = _role_and_cooperative(key, coops, errors=errors)
            pw = st.text_input(
                "Erstes Passwort",
                type="password",
                key=f"{key}_pw",
                help="Die Person ändert es bei der ersten Anmeldung.",
            )
            errors.slot("password")
            repeat = st.text_input("Passwort wiederholen", type="password", key=f"{key}_repeat")
            errors.slot("password_repeat")
            if st.form_submit_button("Konto anlegen", type="primary"):
                data = NewUser(username, name, pw, repeat, role, email, coop)
                save_new_entry_and_rerun(
                    NEW_USER,
                    errors,
                    lambda s: create_user(s, actor, data),
                    f"Konto „{username.strip().lower()}“ angelegt.",
                )


def edit_user_forms(actor: Actor, users: list[UserRow], coops: list[CooperativeRow]) -> None:
    st.subheader("Konto bearbeiten")
    u = record_picker("Konto", users, "eu_pick", lambda u: f"{u.username} – {u.display_name}")
    if u is None:
        return
    errors = FieldErrors()
    with st.form(f"edit_user_{u.id}"):
        name = st.text_input(
            "Name",
            value=u.display_name,
            key=f"eu_name_{u.id}",
            max_chars=max_length(User.display_name),
        )
        errors.slot("display_name")
        email = st.text_input(
            "E-Mail", value=u.email or "", key=f"eu_email_{u.id}", max_chars=max_length(User.email)
        )
        errors.slot("email")
        role, coop = _role_and_cooperative(f"eu_{u.id}", coops, u.role, u.cooperative_id, errors)
        active = st.checkbox("Aktiv", value=u.active, key=f"eu_active_{u.id}")
        errors.slot("active")
        if st.form_submit_button("Speichern", type="primary"):
            change = UserChange(name, email, role, coop, active, u.version)
            save_and_rerun(
                errors,
                lambda s: update_user(s, actor, u.id, change),
                f"Konto „{u.username}“ gespeichert.",
            )
    col_reset, col_unlock = st.columns(2)
    with col_reset, st.form(f"reset_{u.id}"):
        st.markdown("**Passwort zurücksetzen**")
        reset_errors = FieldErrors()
        pw = st.text_input("Vorläufiges Passwort", type="password", key=f"rp_pw_{u.id}")
        reset_errors.slot("password")
        repeat = st.text_input("Wiederholen", type="password", key=f"rp_repeat_{u.id}")
        reset_errors.slot("password_repeat")
        if st.form_submit_button("Zurücksetzen"):
            save_and_rerun(
                reset_errors,
                lambda s: reset_password(s, actor, u.id, pw, repeat),
                f"Passwort von „{u.username}“ zurückgesetzt – es muss bei der nächsten "
                "Anmeldung geändert werden.",
            )
    until = _locked_until(u)
    if until is None:
        return  # "Entsperren" only for a locked account
    with col_unlock:
        st.markdown(f"**Gesperrt bis {de_datetime(until)}**")
        if st.button("Entsperren", key=f"unlock_{u.id}"):
            with session_scope() as session:
                unlock_user(session, actor, u.id)
            flash_and_rerun(f"Konto „{u.username}“ ist entsperrt.")
