"""Austauschtreffen: list, one meeting (agenda, methods, actions, files), open actions."""

from __future__ import annotations

import streamlit as st

from components.formatting import de_date, de_period, plain, web_link
from components.forms import (
    FieldErrors,
    flash_and_rerun,
    generation,
    optional_select,
    run_service,
    save_new_entry,
    save_new_entry_and_rerun,
    start_new_entry,
    stated_limit,
)
from components.shell.db import session_scope
from components.tables import record_table
from db.models import Meeting, MeetingAction, MeetingMethod, MeetingTopic
from services import meetings as m
from services.actor import Actor
from services.errors import max_length
from services.permissions import can

PICK_KEY = "mt_pick"  # the meeting picker on the Austauschtreffen page


def meeting_form(actor: Actor, people: dict[int, str], today, current: m.MeetingDetail | None):
    # a new meeting's form starts empty again after saving (generation in its key)
    key = f"mf_{current.id}" if current else f"mf_new{generation('meeting') or ''}"
    d = current.data if current else m.MeetingData(today)
    errors = FieldErrors()
    with st.form(key):
        c1, c2 = st.columns([1, 2])
        with c1:
            day = st.date_input("Datum", value=d.held_on, format="DD.MM.YYYY", key=f"{key}_day")
            errors.slot("held_on")
        with c2:
            place = st.text_input(
                "Ort", value=d.place, key=f"{key}_place", max_chars=max_length(Meeting.place)
            )
            errors.slot("place")
        who = st.multiselect(
            "Teilnehmende",
            list(people),
            default=list(d.attendee_ids),
            format_func=people.get,
            key=f"{key}_who",
            placeholder="Bitte wählen",
        )
        minutes = st.text_area(
            "Protokoll",
            value=d.minutes_text,
            key=f"{key}_minutes",
            help=stated_limit(Meeting.minutes_text),
        )
        if st.form_submit_button("Speichern" if current else "Treffen anlegen", type="primary"):
            data = m.MeetingData(day, place, minutes, tuple(who))
            meeting_id = current.id if current else None
            ok, saved_id = save_new_entry(
                "meeting" if current is None else f"meeting_{current.id}",
                errors,
                lambda s: m.save_meeting(s, actor, data, meeting_id).id,
                f"Austauschtreffen am {de_date(day)} gespeichert.",
            )
            if ok:
                if current is None:  # shown right away (its form comes before the picker)
                    st.session_state[PICK_KEY] = saved_id
                st.rerun()


def presentation_link(period: tuple) -> None:
    """The indicator slides for what this meeting looks back on (since the previous one)."""
    start, end = period
    st.page_link(
        "screens/presentation.py",
        label=f"Kennzahlen präsentieren ({de_period(start, end)})",
        icon=":material/slideshow:",
        query_params={"von": start.isoformat(), "bis": end.isoformat()},
    )


def meeting_view(actor: Actor, d: m.MeetingDetail, people: dict[int, str]) -> None:
    writes = can(actor, "meeting.write")
    place = f" · {plain(d.data.place)}" if d.data.place else ""
    st.subheader(f"Treffen am {de_date(d.data.held_on)}{place}")
    if d.attendees:
        st.caption("Teilnehmende: " + plain(", ".join(d.attendees)))
    st.markdown("**Themen**")
    for title, by in d.topics:
        st.markdown(f"- {plain(title)}" + (f" _(vorgeschlagen von {plain(by)})_" if by else ""))
    _topic_form(actor, d.id)
    st.markdown("**Kompetenzvermittlung**")
    for method, description, link in d.methods:
        line = f"- **{plain(method)}**" + (f": {plain(description)}" if description else "")
        material = web_link("Material", link)
        st.markdown(line + (f" – {material}" if material else ""))
    if writes:
        _method_form(actor, d.id)
    if d.data.minutes_text:
        st.markdown("**Protokoll**")
        st.markdown(plain(d.data.minutes_text))
    st.markdown("**Vereinbarungen**")
    for a in d.actions:
        done = f"erledigt {de_date(a.done_on)}" if a.done_on else f"fällig {de_date(a.due_on)}"
        c_text, c_button = st.columns([4, 1])
        c_text.markdown(f"- {plain(a.text)} · {plain(a.owner) or '–'} · {done}")
        if writes and not a.done_on and c_button.button("Erledigt", key=f"act_done_{a.id}"):
            ok, _ = run_service(FieldErrors(), lambda s, a=a: m.complete_action(s, actor, a.id))
            if ok:
                flash_and_rerun("Vereinbarung erledigt.")
    if writes:
        _action_form(actor, d.id, people)
    _files(actor, d)
    if writes:
        with st.expander("Treffen bearbeiten"):
            meeting_form(actor, people, d.data.held_on, d)


def _topic_form(actor: Actor, meeting_id: int) -> None:
    form = f"topic_{meeting_id}"
    g = generation(form)
    errors = FieldErrors()
    with st.form(f"{form}_{g}"):
        title = st.text_input(
            "Thema vorschlagen",
            key=f"tp_{meeting_id}_{g}",
            max_chars=max_length(MeetingTopic.title),
        )
        errors.slot("title")
        if st.form_submit_button("Vorschlagen"):
            save_new_entry_and_rerun(
                form,
                errors,
                lambda s: m.propose_topic(s, actor, meeting_id, title),
                "Thema vorgeschlagen.",
            )


def _method_form(actor: Actor, meeting_id: int) -> None:
    form = f"method_{meeting_id}"
    g = generation(form)
    errors = FieldErrors()
    with st.form(f"{form}_{g}"):
        c1, c2 = st.columns(2)
        with c1:
            method = st.text_input(
                "Methode oder Werkzeug",
                key=f"me_{meeting_id}_m_{g}",
                max_chars=max_length(MeetingMethod.method),
            )
            errors.slot("method")
        with c2:
            link = st.text_input(
                "Link zum Material",
                key=f"me_{meeting_id}_l_{g}",
                max_chars=max_length(MeetingMethod.material_link),
            )
            errors.slot("link")
        description = st.text_input(
            "Kurzbeschreibung",
            key=f"me_{meeting_id}_d_{g}",
            max_chars=max_length(MeetingMethod.description),
        )
        if st.form_submit_button("Methode hinzufügen"):
            save_new_entry_and_rerun(
                form,
                errors,
                lambda s: m.add_method(s, actor, meeting_id, method, description, link),
                "Methode hinzugefügt.",
            )


def _action_form(actor: Actor, meeting_id: int, people: dict[int, str]) -> None:
    form = f"action_{meeting_id}"
    g = generation(form)
    errors = FieldErrors()
    with st.form(f"{form}_{g}"):
        text = st.text_input(
            "Neue Vereinbarung",
            key=f"ac_{meeting_id}_t_{g}",
            max_chars=max_length(MeetingAction.text),
        )
        errors.slot("action_text")
        c1, c2 = st.columns(2)
        with c1:
            owner = optional_select("Wer?", people, f"ac_{meeting_id}_o_{g}", "– offen –")
        due = c2.date_input("Bis", value=None, format="DD.MM.YYYY", key=f"ac_{meeting_id}_d_{g}")
        if st.form_submit_button("Vereinbarung hinzufügen"):
            save_new_entry_and_rerun(
                form,
                errors,
                lambda s: m.add_action(s, actor, meeting_id, text, owner, due),
                "Vereinbarung hinzugefügt.",
            )


def _files(actor: Actor, d: m.MeetingDetail) -> None:
    st.markdown("**Dateien**")
    for f in d.attachments:

        def content(attachment_id=f.id) -> bytes:
            with session_scope() as session:
                return m.attachment_content(session, actor, attachment_id)[2]

        st.download_button(
            f"{plain(f.filename)} ({max(1, f.size // 1024)} KB)",
            content,
            f.filename,
            on_click="ignore",
            key=f"att_{f.id}",
            icon=":material/download:",
        )
    if not can(actor, "meeting.write"):
        return
    errors = FieldErrors()
    upload = st.file_uploader(
        "Datei anhängen (PDF, Bilder, Office; höchstens 10 MB)",
        key=f"att_up_{d.id}_{generation(f'att_{d.id}')}",
    )
    errors.slot("file")
    if upload is not None and st.button("Hochladen", key=f"att_go_{d.id}"):
        ok, _ = run_service(
            errors, lambda s: m.attach_file(s, actor, d.id, upload.name, upload.getvalue())
        )
        if ok:
            start_new_entry(f"att_{d.id}")
            flash_and_rerun(f"„{plain(upload.name)}“ angehängt.")


def open_actions_view(actions: list[m.ActionRow]) -> None:
    record_table(
        actions,
        {
            "Vereinbarung": lambda a: a.text,
            "Wer": lambda a: a.owner or "–",
            "Fällig": lambda a: de_date(a.due_on),
            "Treffen vom": lambda a: de_date(a.meeting_on),
        },
        "Keine offenen Vereinbarungen.",
        key="open_actions",
    )
