"""Kurzkontakt on the phone: one contact in three taps, a paper tally at once, today's list
with a way back, and the paper sheets for days without a device."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import streamlit as st

from components.cases.case_forms import NEW_CASE_CATALOGUES, intake_sections
from components.cases.contact_forms import QUICK_MINUTES, quick_contact_fields
from components.documents.paper_sheets import intake_sheet, tally_sheet
from components.formatting import de_number, plain
from components.forms import FieldErrors, client_token, generation, run_service, start_new_entry
from components.shell.db import session_scope
from services.actor import Actor
from services.catalogues import Option, options
from services.contacts import ContactData
from services.cooperatives import own_cooperative_name
from services.quick_contacts import (
    MAX_PER_CELL,
    QuickContactLine,
    TallyData,
    record_quick_contact,
    record_tally,
    remove_quick_contacts,
)

FORM, TALLY = "quick_contact", "quick_tally"
UNDO_SECONDS = 60
_SAVED = "_quick_contact_saved"  # what was saved last: ids, words, when (for "Rückgängig")
_LAST_KIND = "_quick_contact_kind"  # a phone call after a phone call
TABS = "quick_contact_tab"  # Einzeln, Strichliste, Papier: the chosen one in session state
TALLY_OPENED = "_quick_tally_opened"


def _words(kind: str, topics: list[str], minutes: int | None, count: int = 1) -> str:
    head = f"{count} × {kind}" if count > 1 else kind
    return ", ".join([head, *topics, f"{minutes} Min."])


def _remember(ids: list[int], words: str) -> None:
    st.session_state[_SAVED] = {"ids": ids, "words": words, "at": time.monotonic()}


def confirmation(actor: Actor, today: dt.date) -> None:
    """What was saved last, in words, with "Rückgängig" for a minute; while that is offered
    it stays at the top of the screen (stylesheet: .st-key-qc_undoable), clear of the form's
    buttons."""
    saved = st.session_state.get(_SAVED)
    if not saved:
        return
    undoable = not saved.get("undone") and time.monotonic() - saved["at"] <= UNDO_SECONDS
    with st.container(key="qc_undoable" if undoable else "qc_said"):
        if saved.get("undone"):
            st.info(f"Zurückgenommen: {plain(saved['words'])}", icon=":material/undo:")
            return
        st.success(f"Gespeichert: {plain(saved['words'])}", icon=":material/check_circle:")
        errors = FieldErrors()
        if undoable and st.button("Rückgängig", icon=":material/undo:", key="qc_undo"):
            undo = saved["ids"]
            ok, _ = run_service(errors, lambda s: remove_quick_contacts(s, actor, undo, today))
            if ok:
                st.session_state[_SAVED] = {**saved, "undone": True}
                st.rerun()


def single_form(actor: Actor, kinds: list[Option], topics: list[Option], today: dt.date) -> None:
    """Art (the last one chosen stays), topic, minutes, date: "Speichern" stays in reach at
    the bottom of the screen (stylesheet: .st-key-qc_save)."""
    errors = FieldErrors()
    last = ContactData(today, 10, st.session_state.get(_LAST_KIND))
    with st.form(f"{FORM}_{generation(FORM)}", border=False):
        data = quick_contact_fields(f"qc{generation(FORM)}", kinds, topics, errors, today, last)
        if st.form_submit_button(
            "Speichern", type="primary", icon=":material/check:", key="qc_save", width="stretch"
        ):
            data = dataclasses.replace(data, client_token=client_token(FORM))
            ok, contact_id = run_service(
                errors, lambda s: record_quick_contact(s, actor, data, today), client_token(FORM)
            )
            if ok:
                start_new_entry(FORM)
                st.session_state[_LAST_KIND] = data.kind_id
                kind = {o.id: o.label for o in kinds}[data.kind_id]
                chosen = [o.label for o in topics if o.id in data.topic_ids]
                _remember([contact_id], _words(kind, chosen, data.minutes))
                st.rerun()


def tally_tab(
    open_now: bool, actor: Actor, kinds: list[Option], topics: list[Option], today: dt.date
) -> None:
    """The tally's fields (a number per kind and topic, over a hundred) cost two thirds of
    the page's time: they are drawn once the tab has been opened, and from then on in every
    run, so nothing typed into them is lost when another tab is chosen."""
    if open_now or st.session_state.get(TALLY_OPENED):
        st.session_state[TALLY_OPENED] = True
        tally_form(actor, kinds, topics, today)


def tally_form(actor: Actor, kinds: list[Option], topics: list[Option], today: dt.date) -> None:
    """A paper tally entered at once: the day and the usual duration, then how many talks of
    each kind about each topic (one stroke, one quick contact)."""
    errors = FieldErrors()
    key = f"tally{generation(TALLY)}"
    st.caption(
        "Mehrere Kurzkontakte auf einmal, zum Beispiel vom Sommerfest oder von der Strichliste "
        "auf Papier. Jedes Gespräch zählt einzeln."
    )
    with st.form(f"{TALLY}_{generation(TALLY)}", border=False):
        day = st.date_input("Tag", value=today, format="DD.MM.YYYY", key=f"{key}_date")
        errors.slot("contact_date")
        minutes = st.segmented_control(
            "Dauer je Gespräch in Minuten", QUICK_MINUTES, default=10, required=True,
            key=f"{key}_minutes",
        )  # fmt: skip
        errors.slot("minutes")
        counts: dict[tuple[int, int], int] = {}
        usual = next((k.key for k in kinds if k.key == "tuer_und_angel"), kinds[0].key)
        for kind in kinds:
            with st.expander(kind.label, expanded=kind.key == usual):
                for topic in topics:
                    counts[kind.id, topic.id] = int(
                        st.number_input(
                            topic.label, min_value=0, max_value=MAX_PER_CELL, value=0, step=1,
                            key=f"{key}_{kind.id}_{topic.id}",
                        )
                    )  # fmt: skip
        errors.slot("counts")
        if st.form_submit_button(
            "Alle speichern", type="primary", icon=":material/done_all:", key="tally_save",
            width="stretch",
        ):  # fmt: skip
            tally = TallyData(day, minutes, counts)
            ok, ids = run_service(
                errors, lambda s: record_tally(s, actor, tally, today), client_token(TALLY)
            )
            if ok:
                start_new_entry(TALLY)
                total = sum(counts.values())
                when = "heute" if day == today else f"am {day:%d.%m.%Y}"
                _remember(ids, f"{de_number(total)} Kurzkontakte {when}, je {minutes} Min.")
                st.rerun()


def todays_list(actor: Actor, lines: list[QuickContactLine], today: dt.date) -> None:
    """Today's quick contacts of the cooperative; one's own can be taken back the same day."""
    st.subheader(f"Heute erfasst: {de_number(len(lines))}")
    if not lines:
        st.caption("Heute noch keine Kurzkontakte.")
    errors = FieldErrors()
    for line in lines:
        with st.container(horizontal=True, vertical_alignment="center", key=f"qc_line_{line.id}"):
            st.markdown(
                f"{line.entered} · {plain(line.kind)} · "
                f"{plain(', '.join(line.topics) or 'ohne Thema')} · {line.minutes} Min."
            )
            if line.removable and st.button(
                "Entfernen", icon=":material/delete:", key=f"qc_remove_{line.id}",
                type="tertiary",
            ):  # fmt: skip
                ok, _ = run_service(
                    errors, lambda s, i=line.id: remove_quick_contacts(s, actor, [i], today)
                )
                if ok:
                    words = _words(line.kind, list(line.topics), line.minutes)
                    st.session_state[_SAVED] = {"words": words, "undone": True, "ids": []}
                    st.rerun()


def paper_downloads(actor: Actor, kinds: list[Option], topics: list[Option], today: dt.date):
    """The week's tally sheet and the intake sheet as PDF, drawn when asked for."""
    st.caption("Zum Ausdrucken für Tage ohne Handy – später in der App nachtragen.")
    monday = today - dt.timedelta(days=today.weekday())
    with session_scope() as session:
        name = own_cooperative_name(session, actor)
        choices = {c: options(session, c) for c in NEW_CASE_CATALOGUES}
    st.download_button(
        "Strichliste für diese Woche (PDF)",
        lambda: tally_sheet(name, [k.label for k in kinds], [t.label for t in topics], monday),
        file_name=f"strichliste-{monday:%Y-%m-%d}.pdf",
        mime="application/pdf",
        icon=":material/print:",
        key="paper_tally",
    )
    st.download_button(
        "Aufnahmebogen „Neuer Fall“ (PDF)",
        lambda: intake_sheet(name, intake_sections(choices), today),
        file_name="aufnahmebogen-neuer-fall.pdf",
        mime="application/pdf",
        icon=":material/print:",
        key="paper_intake",
    )
