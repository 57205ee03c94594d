"""The case page: header, the actions (contact, referral, follow-up, status, edit) and the
timeline. Case-level changes carry the header the user saw, so a concurrent edit is caught."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from components.cases.case_forms import person_fields
from components.cases.contact_forms import case_contact_fields
from components.cases.referral_views import handover_steps, referral_actions
from components.formatting import de_date, person_label, plain
from components.forms import (
    FieldErrors,
    client_token,
    flash_and_rerun,
    generation,
    optional_select,
    run_service,
    save_and_rerun,
    save_new_entry_and_rerun,
)
from components.shell.db import session_scope
from services import cases
from services.actor import Actor
from services.case_queries import CaseHeader, TimelineItem
from services.catalogues import Option
from services.catalogues import labels as catalogue_labels
from services.labels import (
    CASE_STATUS_LABELS,
    CONSENT_FORM_LABELS,
    URGENCY_LABELS,
)
from services.partners import partner_choices

ICONS = {
    "contact": ":material/forum:",
    "referral": ":material/handshake:",
    "follow_up": ":material/event:",
    "status": ":material/flag:",
}


def header_view(h: CaseHeader) -> None:
    st.title(person_label(h.pseudonym, h.name))
    status = CASE_STATUS_LABELS[h.status]
    closed = f" am {de_date(h.closed_on)}" if h.closed_on else ""
    st.markdown(
        f"**Status:** {status}{closed} · **Dringlichkeit bei Aufnahme:** "
        f"{URGENCY_LABELS[h.urgency]} · **eröffnet:** {de_date(h.opened_on)} · "
        f"**Verantwortlich:** {plain(h.responsible) or '–'}"
    )
    st.markdown("**Problemlagen:** " + plain(", ".join(o.label for o in h.problem_areas)))
    if h.outcomes:
        st.markdown("**Ergebnisse:** " + plain(", ".join(o.label for o in h.outcomes)))
    reachable = h.person.reachable and f"erreichbar: {h.person.reachable}"
    contact = " · ".join(p for p in (h.address, h.phone and f"Tel. {h.phone}", reachable) if p)
    st.caption(f"Zugangsweg: {plain(h.access_route)}" + (f" · {plain(contact)}" if contact else ""))


LAST_KIND = "_case_contact_kind"  # the kind of the contact saved last in this session


def contact_tab(
    actor: Actor, h: CaseHeader, choices: dict[str, list[Option]], today, usual: int | None
) -> None:
    """A contact of the case; its kind is preset to the last one saved, else the usual one."""
    form = f"contact_{h.id}"
    errors = FieldErrors()
    with st.form(f"{form}_{generation(form)}"):
        data = case_contact_fields(
            f"cc{h.id}_{generation(form)}",
            choices["contact_kind"],
            choices["intervention"],
            errors,
            today,
            kind_id=st.session_state.get(LAST_KIND, usual),
        )
        if st.form_submit_button("Kontakt speichern", type="primary"):
            data = dataclasses.replace(data, client_token=client_token(form))
            st.session_state[LAST_KIND] = data.kind_id
            save_new_entry_and_rerun(
                form,
                errors,
                lambda s: cases.add_contact(s, actor, h.id, data, today),
                "Kontakt gespeichert.",
            )


def referral_tab(
    actor: Actor,
    h: CaseHeader,
    areas: list[Option],
    cities: list[str],
    home_city: str | None,
    today,
) -> None:
    form = f"referral_{h.id}"
    g = generation(form)  # after a save the fields start empty again
    # the case's own problem areas first: the likely needs
    needs = catalogue_labels(h.problem_areas) | catalogue_labels(areas)
    c_need, c_city = st.columns(2)
    first_need = h.problem_areas[0].id if h.problem_areas else None
    need = optional_select(
        "Bedarf", needs, f"rf_need_{h.id}_{g}", "– alle –", current=first_need, where=c_need
    )
    city = optional_select(
        "Ort des Partners",
        {c: c for c in cities},
        f"rf_city_{h.id}_{g}",
        "– alle Orte –",
        current=home_city,  # where the cooperative is: the likely place
        where=c_city,
    )
    with session_scope() as session:
        partners = {p.id: p for p in partner_choices(session, actor, need, city)}
    errors = FieldErrors()
    partner_id = st.selectbox(
        "Partner",
        list(partners),
        index=None,
        placeholder=f"{len(partners)} passende Partner – bitte wählen",
        format_func=lambda i: f"{partners[i].name} ({partners[i].kind}, {partners[i].city or '–'})",
        key=f"rf_partner_{h.id}_{g}",
    )
    errors.slot("partner_id")
    day = st.date_input("Vermittelt am", value=today, format="DD.MM.YYYY", key=f"rf_day_{h.id}_{g}")
    errors.slot("referred_on")
    consent_form = None
    if partner_id is not None:
        with session_scope() as session:
            on_file = cases.consent_on_file(session, actor, h.id, partner_id, day)
        if on_file:
            st.success(
                f"Schweigepflichtentbindung gegenüber diesem Partner liegt vor "
                f"(seit {de_date(on_file)}).",
                icon=":material/verified_user:",
            )
        else:
            consent_form = st.radio(
                "Schweigepflichtentbindung gegenüber diesem Partner erteilt",
                [None, *CONSENT_FORM_LABELS],
                format_func=lambda f: "noch nicht" if f is None else CONSENT_FORM_LABELS[f],
                horizontal=True,
                key=f"rf_consent_{h.id}_{g}",
            )
    errors.slot("consent_form")
    if st.button("Vermittlung speichern", type="primary", key=f"rf_save_{h.id}_{g}"):
        data = cases.ReferralData(partner_id, need, day, consent_form)
        save_new_entry_and_rerun(
            form,
            errors,
            lambda s: cases.add_referral(s, actor, h.id, data, today),
            "Vermittlung gespeichert.",
        )


def follow_up_tab(actor: Actor, h: CaseHeader, today) -> None:
    form = f"follow_up_{h.id}"
    errors = FieldErrors()
    with st.form(f"{form}_{generation(form)}"):
        due = st.date_input(
            "Fällig am",
            value=today + dt.timedelta(days=7),
            format="DD.MM.YYYY",
            key=f"fu_due_{h.id}_{generation(form)}",
        )
        errors.slot("due_on")
        text = st.text_input(
            "Was ist zu tun?",
            max_chars=500,
            placeholder="z. B. Nachfragen, ob der Pflegedienst da war",
            key=f"fu_text_{h.id}_{generation(form)}",
        )
        errors.slot("text")
        if st.form_submit_button("Wiedervorlage speichern", type="primary"):
            save_new_entry_and_rerun(
                form,
                errors,
                lambda s: cases.add_follow_up(s, actor, h.id, due, text, today),
                f"Wiedervorlage für den {de_date(due)} gespeichert.",
            )


def edit_tab(
    actor: Actor,
    h: CaseHeader,
    seen: CaseHeader,
    areas: list[Option],
    responsible: dict[int, str],
) -> None:
    errors = FieldErrors()
    labels = catalogue_labels(areas)
    with st.form(f"edit_case_{h.id}"):
        person = person_fields(f"ed{h.id}", errors, h.person)
        chosen = st.multiselect(
            "Problemlagen",
            list(labels),
            default=[o.id for o in h.problem_areas if o.id in labels],
            format_func=labels.get,
            placeholder="Bitte wählen",
            key=f"ed_areas_{h.id}",
        )
        errors.slot("problem_area_ids")
        resp = optional_select(
            "Verantwortlich", responsible, f"ed_resp_{h.id}", "– niemand –", h.responsible_id
        )
        errors.slot("responsible_id")
        if st.form_submit_button("Änderungen speichern", type="primary"):
            change = cases.CaseEdit(tuple(chosen), resp, person)
            save_and_rerun(
                errors,
                lambda s: cases.edit_case(s, actor, h.id, change, seen),
                "Fall gespeichert.",
            )


FOLDED_AFTER = 280  # characters of a note shown in the timeline before "ganze Notiz"


def note_view(note: str) -> None:
    """A note; a long one folded after its beginning, so the timeline stays scannable."""
    if len(note) <= FOLDED_AFTER:
        st.markdown(plain(note))
        return
    cut = note[:FOLDED_AFTER].rsplit(" ", 1)[0]
    st.markdown(plain(cut) + " …")
    with st.expander(f"Ganze Notiz ({len(note):,} Zeichen)".replace(",", ".")):
        st.markdown(plain(note))


def timeline_view(actor: Actor, items: list[TimelineItem], case_open: bool, today) -> None:
    st.subheader("Verlauf")
    if not items:
        st.info("Noch keine Einträge.")
    for item in items:
        with st.container(border=True):
            overdue = item.kind == "follow_up" and not item.done and item.day < today
            when = f":red[**{de_date(item.day)}**]" if overdue else f"**{de_date(item.day)}**"
            st.markdown(f"{ICONS[item.kind]} {when} · **{plain(item.title)}**")
            st.caption(plain(item.detail))
            if item.note:
                note_view(item.note)
            if case_open and item.kind == "follow_up" and not item.done:
                _complete_button(actor, item, today)
            if item.kind == "referral":
                handover_steps(item)
            if case_open and item.kind == "referral":
                referral_actions(actor, item, today)


def _complete_button(actor: Actor, item: TimelineItem, today) -> None:
    if st.button("Erledigt", key=f"fu_done_{item.ref_id}", icon=":material/check:"):
        ok, _ = run_service(
            FieldErrors(), lambda s: cases.complete_follow_up(s, actor, item.ref_id, today)
        )
        if ok:
            flash_and_rerun("Wiedervorlage erledigt.")
