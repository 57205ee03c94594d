"""Verwaltung → Berichte: the organisation's name and logo on the Sachbericht's cover."""

from __future__ import annotations

import streamlit as st

from components.forms import FieldErrors, flash_and_rerun, run_service
from components.shell.db import session_scope
from services import issuer as issuers
from services.actor import Actor


def issuer_admin(actor: Actor) -> None:
    with session_scope() as session:
        current = issuers.issuer(session)
    st.subheader("Herausgeber der Berichte")
    st.caption(
        "Name und Logo stehen auf dem Deckblatt jedes Sachberichts. Das Logo wird verkleinert "
        f"und als PNG gespeichert; erlaubt sind PNG und JPEG bis {issuers.LOGO_MAX_MB} MB."
    )
    if current.logo:
        st.image(current.logo, caption="Aktuelles Logo", width=240)
    with st.form("issuer_form", enter_to_submit=False):
        errors = FieldErrors()
        name = st.text_input(
            "Name der herausgebenden Organisation",
            current.name,
            max_chars=issuers.NAME_MAX,
            placeholder="z. B. Verband Sächsischer Wohnungsgenossenschaften e. V.",
            key="issuer_name",
        )
        errors.slot("name")
        upload = st.file_uploader(
            "Neues Logo (PNG oder JPEG)",
            type=["png", "jpg", "jpeg"],
            max_upload_size=issuers.LOGO_MAX_MB,
        )
        errors.slot("logo")
        drop = st.checkbox("Logo entfernen", disabled=not current.logo)
        if st.form_submit_button("Herausgeber speichern", type="primary"):
            logo = upload.getvalue() if upload else None
            ok, _ = run_service(
                errors, lambda s: issuers.save_issuer(s, actor, name, logo, drop_logo=drop)
            )
            if ok:
                flash_and_rerun("Herausgeber gespeichert.")
