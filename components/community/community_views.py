"""Quartier & Ehrenamt: activities, volunteers, assignments; Koordination's overview."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.community.help_views import offer_form
from components.formatting import de_date, de_month, de_number, plain
from components.forms import (
    FieldErrors,
    flash_and_rerun,
    generation,
    optional_select,
    run_service,
    save_and_rerun,
    save_new_entry_and_rerun,
    stated_limit,
)
from components.shell.db import session_scope
from components.tables import record_picker, record_table, yes_no
from db.models import Activity, Volunteer, VolunteerAssignment
from services import community as c
from services.actor import Actor
from services.catalogues import Option
from services.catalogues import labels as catalogue_labels
from services.errors import max_length
from services.help_needs import NeedRow
from services.suppression import EXPLANATION, format_cell


def activity_form(actor: Actor, kinds: list[Option], volunteers: list[c.VolunteerRow], today):
    form = "activity"
    errors = FieldErrors()
    labels = catalogue_labels(kinds)
    helpers = {v.id: v.name for v in volunteers if v.active}
    with st.form(f"{form}_{generation(form)}"):
        g = generation(form)
        c1, c2 = st.columns([1, 2])
        with c1:
            day = st.date_input("Datum", value=today, format="DD.MM.YYYY", key=f"ac_day_{g}")
            errors.slot("held_on")
        with c2:
            title = st.text_input(
                "Titel",
                key=f"ac_title_{g}",
                placeholder="z. B. Kaffeenachmittag",
                max_chars=max_length(Activity.title),
            )
            errors.slot("title")
        c3, c4 = st.columns([2, 1])
        with c3:
            kind = st.selectbox(
                "Art",
                list(labels),
                index=None,
                placeholder="Bitte wählen",
                format_func=labels.get,
                key=f"ac_kind_{g}",
            )
            errors.slot("kind_id")
        with c4:
            people = st.number_input("Teilnehmende", value=0, step=1, key=f"ac_people_{g}")
            errors.slot("participants")
        chosen = st.multiselect(
            "Ehrenamtliche dabei",
            list(helpers),
            format_func=helpers.get,
            key=f"ac_helpers_{g}",
            placeholder="optional",
        )
        notes = st.text_area(
            "Notizen", key=f"ac_notes_{g}", height=70, help=stated_limit(Activity.notes)
        )
        if st.form_submit_button("Aktivität speichern", type="primary"):
            data = c.ActivityData(day, title, kind, int(people), tuple(chosen), (), notes)
            save_new_entry_and_rerun(
                form, errors, lambda s: c.record_activity(s, actor, data), "Aktivität gespeichert."
            )


def activity_list(actor: Actor, kinds: list[Option], today: dt.date) -> None:
    c1, c2, c3 = st.columns(3)
    since = c1.date_input(
        "Von", value=today - dt.timedelta(days=180), format="DD.MM.YYYY", key="al_since"
    )
    until = c2.date_input(
        "Bis", value=today + dt.timedelta(days=60), format="DD.MM.YYYY", key="al_until"
    )
    kind = optional_select("Art", catalogue_labels(kinds), "al_kind", "alle", where=c3)
    with session_scope() as session:
        rows = c.list_activities(session, actor, since, until, kind)
    record_table(
        rows,
        {
            "Datum": lambda r: de_date(r.held_on),
            "Titel": lambda r: r.title,
            "Art": lambda r: r.kind,
            "Teilnehmende": lambda r: r.participants,
            "Ehrenamtliche": lambda r: r.volunteers,
        },
        "Keine Aktivitäten in diesem Zeitraum.",
        key="activities",
    )
    if not rows:
        return
    st.markdown("**Wiederkehrende Aktivität an einem neuen Tag**")
    c_pick, c_day, c_button = st.columns([2, 1, 1], vertical_alignment="bottom")
    with c_pick:
        source = record_picker(
            "Aktivität", rows, "copy_pick", lambda r: f"{de_date(r.held_on)} · {r.title}"
        )
    new_day = c_day.date_input("Neuer Tag", value=today, format="DD.MM.YYYY", key="copy_day")
    if c_button.button("Kopieren", key="copy_go", icon=":material/content_copy:"):
        ok, _ = run_service(FieldErrors(), lambda s: c.copy_activity(s, actor, source.id, new_day))
        if ok:
            flash_and_rerun(f"„{plain(source.title)}“ für den {de_date(new_day)} angelegt.")


def volunteer_form(actor: Actor, current: c.VolunteerRow | None = None, email: str | None = None):
    # a new person's form starts empty again after saving (and is saved once)
    key = f"vf_{current.id}" if current else f"vf_new{generation('volunteer') or ''}"
    errors = FieldErrors()
    first, _, last = (current.name if current else "").partition(" ")
    with st.form(key):
        c1, c2 = st.columns(2)
        with c1:
            first = st.text_input(
                "Vorname",
                value=first,
                key=f"{key}_first",
                max_chars=max_length(Volunteer.first_name),
            )
            errors.slot("first_name")
        with c2:
            last = st.text_input(
                "Nachname", value=last, key=f"{key}_last", max_chars=max_length(Volunteer.last_name)
            )
            errors.slot("last_name")
        c3, c4 = st.columns(2)
        phone = c3.text_input(
            "Telefon", value=(current.phone if current else "") or "", key=f"{key}_phone"
        )
        with c4:
            mail = st.text_input(
                "E-Mail",
                value=email or "",
                key=f"{key}_mail",
                max_chars=max_length(Volunteer.email),
            )
            errors.slot("email")
        qualification = st.text_input(
            "Qualifikation",
            value=(current.qualification if current else "") or "",
            placeholder="z. B. Alltagsbegleiter-Schulung abgeschlossen",
            key=f"{key}_qual",
        )
        availability = st.text_input(
            "Verfügbar",
            value=(current.availability if current else "") or "",
            placeholder="z. B. dienstags vormittags",
            key=f"{key}_avail",
        )
        active = st.checkbox("Aktiv", value=current.active if current else True, key=f"{key}_on")
        label = "Speichern" if current else "Ehrenamtliche Person anlegen"
        if st.form_submit_button(label, type="primary"):
            data = c.VolunteerData(first, last, phone, mail, qualification, availability, active)
            message = f"{first.strip()} {last.strip()} gespeichert."

            def save(session):  # noqa: ANN001, ANN202
                return c.save_volunteer(session, actor, data, current.id if current else None)

            if current:
                save_and_rerun(errors, save, message)
            else:
                save_new_entry_and_rerun("volunteer", errors, save, message)


def volunteer_list(actor: Actor, volunteers: list[c.VolunteerRow], today: dt.date) -> None:
    record_table(
        volunteers,
        {
            "Name": lambda v: v.name,
            "Qualifikation": lambda v: v.qualification or "",
            "Verfügbar": lambda v: v.availability or "",
            "Aktiv": lambda v: yes_no(v.active),
            "Letzter Einsatz": lambda v: de_date(v.last_assignment),
            "Stunden (12 Monate)": lambda v: de_number(v.hours_12m, 1),
            "Lange ohne Einsatz": lambda v: "ja" if v.idle(today) else "",
        },
        "Noch keine Ehrenamtlichen erfasst.",
        key="volunteers",
    )
    idle = [v.name for v in volunteers if v.idle(today)]
    if idle:
        st.caption(f"Seit über {c.IDLE_DAYS} Tagen ohne Einsatz: " + plain(", ".join(idle)))


def volunteer_page(
    actor: Actor, volunteers: list[c.VolunteerRow], today: dt.date, help_kinds: list[Option]
) -> None:
    chosen = record_picker("Ehrenamtliche Person", volunteers, "vp_pick", lambda v: v.name)
    if chosen is None:
        return
    with session_scope() as session:
        detail = c.volunteer_detail(session, actor, chosen.id, today)
    c1, c2 = st.columns([1, 2])
    with c1:
        st.markdown("**Stunden je Monat**")
        record_table(
            detail.hours_by_month,
            {"Monat": lambda m: de_month(m[0]), "Stunden": lambda m: de_number(m[1], 1)},
            "Noch keine Einsätze.",
        )
    with c2:
        st.markdown("**Einsätze**")
        record_table(
            detail.assignments,
            {
                "Datum": lambda a: de_date(a[0]),
                "Stunden": lambda a: de_number(a[1], 1),
                "Was": lambda a: a[2] or "",
                "Für": lambda a: "einen Fall" if a[3] else "anonym",
            },
            "Noch keine Einsätze.",
        )
    with st.expander("Was, wann, wo: Angebot für die Nachbarschaftshilfe"):
        offer_form(actor, chosen.id, help_kinds)
    with st.expander("Angaben bearbeiten"):
        volunteer_form(actor, detail.row, detail.email)


def assignment_form(
    actor: Actor,
    volunteers: list[c.VolunteerRow],
    cases: dict[int, str],
    needs: list[NeedRow],
    today: dt.date,
) -> None:
    form = "assignment"
    errors = FieldErrors()
    helpers = {v.id: v.name for v in volunteers if v.active}
    with st.form(f"{form}_{generation(form)}"):
        g = generation(form)
        who = st.selectbox(
            "Ehrenamtliche Person",
            list(helpers),
            index=None,
            placeholder="Bitte wählen",
            format_func=helpers.get,
            key=f"as_who_{g}",
        )
        errors.slot("volunteer_id")
        c1, c2 = st.columns(2)
        with c1:
            day = st.date_input("Datum", value=today, format="DD.MM.YYYY", key=f"as_day_{g}")
            errors.slot("assigned_on")
        with c2:
            hours = st.number_input("Stunden", value=1.0, step=0.5, key=f"as_hours_{g}")
            errors.slot("hours")
        what = st.text_input(
            "Was wurde getan?",
            key=f"as_what_{g}",
            placeholder="z. B. Begleitung zum Arzt, Einkauf",
            max_chars=max_length(VolunteerAssignment.activity),
        )
        case_id = optional_select(
            "Für welchen Fall? (optional)", cases, f"as_case_{g}", "– anonym, ohne Fall –"
        )
        errors.slot("case_id")
        planned = {n.id: f"{n.kind} · {n.area} ({n.volunteer})" for n in needs
                   if n.status == "vermittelt"}  # fmt: skip
        need_id = optional_select(
            "Für welchen Hilfebedarf? (optional)", planned, f"as_need_{g}", "– keiner –"
        )
        errors.slot("need_id")
        if st.form_submit_button("Einsatz speichern", type="primary"):
            data = c.AssignmentData(who, day, hours, case_id, what, need_id)
            save_new_entry_and_rerun(
                form,
                errors,
                lambda s: c.record_assignment(s, actor, data, today),
                "Einsatz gespeichert.",
            )


def overview(figures: list[c.CommunityFigures], threshold: int) -> None:
    st.write(
        f"Letzte 12 Monate je Genossenschaft – nur Anzahlen. Werte unter {threshold} werden als "
        f"„<{threshold}“ gezeigt, die Stunden weniger Ehrenamtlicher nicht."
    )
    st.caption(EXPLANATION)
    st.table(
        {
            "Genossenschaft": [f.cooperative for f in figures],
            "Aktivitäten": [format_cell(f.activities, threshold) for f in figures],
            "Teilnehmende": [format_cell(f.participants, threshold) for f in figures],
            "Aktive Ehrenamtliche": [format_cell(f.active_volunteers, threshold) for f in figures],
            "Stunden": [
                "–" if f.volunteer_hours is None else de_number(f.volunteer_hours) for f in figures
            ],
            "Offene Hilfebedarfe": [format_cell(f.open_needs, threshold) for f in figures],
            "Ehrenamtliche ohne Einsatzplan": [
                format_cell(f.free_volunteers, threshold) for f in figures
            ],
        },
        hide_index=True,
    )
