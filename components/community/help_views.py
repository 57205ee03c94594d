"""Nachbarschaftshilfe on Quartier & Ehrenamt: post a need (without the tenant's name), see
who fits and why, confirm one, print the notice for the stairwell; a volunteer's offer."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.documents.need_notice import need_notice
from components.fieldsets import Field, Fieldset, render
from components.formatting import plain
from components.forms import (
    FieldErrors,
    generation,
    optional_select,
    run_service,
    save_and_rerun,
    save_new_entry_and_rerun,
)
from components.shell.db import session_scope
from components.tables import record_picker, record_table
from db.models import HelpNeed, Volunteer
from services import help_matching, help_needs
from services.actor import Actor
from services.catalogues import Option
from services.help_needs import NeedData, NeedRow, OfferData
from services.labels import NEED_FREQUENCY_LABELS
from services.users import account_info

NEED = Fieldset(
    (
        (Field("kind_id", choices="help_kind", widget="pills"),),
        (Field("area", placeholder="z. B. Albertstraße 12 oder Quartier Marienthal"),),
        (Field("weekdays", widget="pills"),),
        (Field("daytimes", widget="pills"),),
        (Field("on_date"),),
        (Field("frequency", widget="segmented", required=True), Field("hours")),
        (Field("note", widget="area",
               help="Wird verschlüsselt gespeichert und nicht auf dem Aushang gedruckt. "
                    "Bitte ohne Namen."),),
    ),
    of=NeedData,
    model=HelpNeed,
    fixed=("case_id",),
)  # fmt: skip
OFFER = Fieldset(
    (
        (Field("offer_ids", choices="help_kind", widget="pills"),),
        (Field("weekdays", widget="pills"),),
        (Field("daytimes", widget="pills"),),
        (Field("areas", width=2), Field("hours_per_month")),
        (Field("available_from"), Field("available_until")),
    ),
    of=OfferData,
    model=Volunteer,
)


def need_form(actor: Actor, kinds: list[Option], cases: dict[int, str], today: dt.date) -> None:
    form = "need"
    g = generation(form)
    errors = FieldErrors()
    with st.form(f"{form}_{g}"):
        data = render(NEED, f"nd{g}", errors, NeedData(), {"help_kind": kinds}, case_id=None)
        case_id = optional_select(
            "Für welchen Fall? (optional, bleibt in Ihrer Genossenschaft)",
            cases,
            f"nd{g}_case",
            "– ohne Fall –",
        )
        errors.slot("case_id")
        if st.form_submit_button("Hilfebedarf eintragen", type="primary"):
            data = NeedData(**{**data.__dict__, "case_id": case_id})
            save_new_entry_and_rerun(
                form,
                errors,
                lambda s: help_needs.post_need(s, actor, data, today),
                "Hilfebedarf eingetragen – passende Ehrenamtliche finden Sie darunter.",
            )


def need_list(needs: list[NeedRow]) -> None:
    record_table(
        needs,
        {
            "Was": lambda n: n.kind,
            "Stand": lambda n: n.status_label,
            "Wo": lambda n: n.area,
            "Wann": lambda n: n.when,
            "Wie oft": lambda n: NEED_FREQUENCY_LABELS[n.frequency],
            "Wer hilft": lambda n: n.volunteer or "",
            "Fall": lambda n: n.case or "",
        },
        "Noch kein Hilfebedarf eingetragen.",
        key="needs",
    )


def need_page(actor: Actor, needs: list[NeedRow], cooperative: str, today: dt.date) -> None:
    live = [n for n in needs if n.status in help_needs.LIVE]
    if not live:
        return
    st.subheader("Passende Ehrenamtliche")
    need = record_picker("Hilfebedarf", live, "need_pick", lambda n: n.summary)
    with session_scope() as session:
        need, matches, left_out = help_matching.suggestions(session, actor, need.id, today)
        phone = account_info(session, actor).phone
    if need.status == "vermittelt":
        st.success(f"Vermittelt an {plain(need.volunteer)}.", icon=":material/handshake:")
    elif not matches:
        st.info("Im Moment passt niemand. Ein Aushang im Haus findet vielleicht jemanden.")
    for rank, m in enumerate(matches if need.status == "offen" else [], start=1):
        with st.container(border=True):
            st.markdown(f"**{rank}. {plain(m.name)}**")
            st.caption(plain(" · ".join(m.reasons)))
            if st.button("Vorschlag bestätigen", key=f"match_{need.id}_{m.volunteer_id}"):
                save_and_rerun(
                    FieldErrors(),
                    lambda s, m=m: help_matching.confirm_match(
                        s, actor, need.id, need.version, m.volunteer_id, m.version, today
                    ),
                    f"{m.name} hilft: {need.kind}. Einsätze tragen Sie unter „Einsätze“ ein.",
                )
    if left_out and need.status == "offen":
        with st.expander(f"Nicht vorgeschlagen ({len(left_out)})"):
            for _, name, why in left_out:
                st.caption(plain(f"{name}: {why}"))
    _notice_and_close(actor, need, cooperative, phone)


def _notice_and_close(actor: Actor, need: NeedRow, cooperative: str, phone: str) -> None:
    c_notice, c_done, c_withdraw = st.columns(3)
    if phone:
        c_notice.download_button(
            "Aushang (PDF)",
            lambda: need_notice(need, cooperative, actor.display_name, phone),
            file_name="wir-suchen-unterstuetzung.pdf",
            mime="application/pdf",
            icon=":material/print:",
            on_click="ignore",
            key=f"notice_{need.id}",
            width="stretch",
        )
    else:
        c_notice.caption("Für den Aushang: Telefon unter „Mein Konto“ eintragen.")
    for column, status, label in (
        (c_done, "erledigt", "Bedarf erledigt"),
        (c_withdraw, "zurueckgezogen", "Nicht mehr nötig"),
    ):
        if column.button(label, key=f"need_{status}_{need.id}", width="stretch"):
            ok, _ = run_service(
                FieldErrors(),
                lambda s, status=status: help_needs.close_need(
                    s, actor, need.id, need.version, status
                ),
            )
            if ok:
                st.rerun()


def offer_form(actor: Actor, volunteer_id: int, kinds: list[Option]) -> None:
    """What the volunteer offers, when, where and how many hours a month."""
    with session_scope() as session:
        current, version = help_needs.offer_of(session, actor, volunteer_id)
    errors = FieldErrors()
    key = f"of{volunteer_id}_{version}"
    with st.form(key):
        data = render(OFFER, key, errors, current, {"help_kind": kinds})
        if st.form_submit_button("Angebot speichern", type="primary"):
            save_and_rerun(
                errors,
                lambda s: help_needs.save_offer(s, actor, volunteer_id, data, version),
                "Angebot gespeichert.",
            )


def counts_line(counts: help_matching.HelpCounts) -> None:
    """Open needs and volunteers without a plan, as one line (Start and this page)."""
    needs = (
        "1 Hilfebedarf sucht"
        if counts.open_needs == 1
        else f"{counts.open_needs} Hilfebedarfe suchen"
    )
    free = counts.free_volunteers
    people = "1 Ehrenamtliche/r" if free == 1 else f"{free} Ehrenamtliche"
    st.caption(f":material/volunteer_activism: {needs} Unterstützung · {people} ohne Einsatzplan")
