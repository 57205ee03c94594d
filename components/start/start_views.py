"""The start page's content for each role."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.cases.referral_views import feedback_reminders, waiting_overview
from components.community.help_views import counts_line
from components.formatting import de_date, de_number, person_label, plain
from components.forms import FieldErrors, flash_and_rerun, run_service
from services import cases
from services.actor import Actor
from services.labels import ROLE_LABELS
from services.privacy import ConsentWarning
from services.start import AdminStart, KuemmererStart, OverviewStart
from services.suppression import EXPLANATION, format_cell

CASE_PAGE = "screens/case.py"


def consent_warnings(warnings: list[ConsentWarning]) -> None:
    """Open cases whose person withdrew a consent or whose consent ran out."""
    for w in warnings:
        with st.container(border=True):
            st.warning(
                f"{w.pseudonym}: {w.what}. Bitte klären, bevor Sie weiter dokumentieren "
                "oder Daten weitergeben.",
                icon=":material/gpp_maybe:",
            )
            left, right = st.columns(2)
            left.page_link(
                CASE_PAGE,
                label=f"Fall {w.pseudonym}",
                query_params={"id": w.case_id},
                icon=":material/folder:",
            )
            right.page_link(
                "screens/privacy.py",
                label="Einwilligungen ansehen",
                query_params={"person": w.person_id},
                icon=":material/shield_person:",
            )


def _more(shown: int, total: int, where: str) -> None:
    """A counter and its list agree: what the list leaves out is said."""
    if total > shown:
        st.page_link(
            "screens/cases.py",
            label=f"… und {de_number(total - shown)} weitere unter „Fälle“ ({where})",
            icon=":material/more_horiz:",
        )


def new_signals_card(count: int) -> None:
    if not count:
        return
    with st.container(border=True, key="start_signals"):
        words = "neuer Hinweis" if count == 1 else "neue Hinweise"
        st.markdown(f"**:orange[{de_number(count)} {words}]** der Genossenschaft")
        st.page_link(
            "screens/signal_inbox.py", label="Hinweise ansehen", icon=":material/campaign:"
        )


def due_list(actor: Actor, data: KuemmererStart, today: dt.date) -> None:
    """Due and overdue follow-ups, each with its person and "Erledigt" right there."""
    st.subheader(f"Heute fällig und überfällig ({de_number(data.due_count)})")
    if not data.due:
        st.success("Für heute ist nichts fällig.", icon=":material/check_circle:")
    errors = FieldErrors()
    for d in data.due:
        late = d.due_on < today
        when = f":red[überfällig seit {de_date(d.due_on)}]" if late else "heute"
        with st.container(
            horizontal=True, vertical_alignment="center", key=f"start_due_{d.follow_up_id}"
        ):
            st.page_link(
                CASE_PAGE,
                label=person_label(d.pseudonym, d.name),
                query_params={"id": d.case_id},
                icon=":material/folder:",
            )
            st.markdown(f"{when} · {plain(d.text)}", width="stretch")
            if st.button("Erledigt", icon=":material/done:", key=f"start_done_{d.follow_up_id}"):
                ok, _ = run_service(
                    errors,
                    lambda s, i=d.follow_up_id: cases.complete_follow_up(s, actor, i, today),
                )
                if ok:
                    flash_and_rerun(f"Erledigt: {plain(d.text)}")
    _more(len(data.due), data.due_count, "„nur überfällige Wiedervorlagen“")


def stale_list(data: KuemmererStart) -> None:
    if not data.stale:
        return
    st.subheader(
        f"Lange kein Kontakt (über {data.no_contact_days} Tage): "
        f"{de_number(data.cases_without_recent_contact)}"
    )
    for s in data.stale:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.page_link(
                CASE_PAGE,
                label=person_label(s.pseudonym, s.name),
                query_params={"id": s.case_id},
                icon=":material/folder:",
            )
            st.markdown(f"letzter Kontakt {de_date(s.last_contact)}", width="stretch")
    _more(len(data.stale), data.cases_without_recent_contact, "„Längster Kontakt zurück zuerst“")


def kuemmerer_view(actor: Actor, data: KuemmererStart, today: dt.date) -> None:
    st.caption(data.cooperative)
    a1, a2, a3 = st.columns(3)
    a1.page_link("screens/quick_contact.py", label="Kurzkontakt erfassen", icon=":material/bolt:")
    a2.page_link("screens/new_case.py", label="Neuen Fall anlegen", icon=":material/add_circle:")
    a3.page_link("screens/cases.py", label="Alle Fälle", icon=":material/folder_open:")
    new_signals_card(data.new_signals)
    consent_warnings(data.consent_warnings)
    with st.container(horizontal=True):  # side by side on a phone, too
        st.metric("Offene Fälle", de_number(data.open_cases))
        st.metric("Kurzkontakte heute", de_number(data.quick_contacts_today))
        st.metric("Wiedervorlagen fällig", de_number(data.due_count))
    if data.feedback_due:
        feedback_reminders(actor, data.feedback_due, today)
    due_list(actor, data, today)
    stale_list(data)
    if data.waiting:
        waiting_overview(data.waiting)
    if data.help and (data.help.open_needs or data.help.free_volunteers):
        st.subheader("Nachbarschaftshilfe")
        counts_line(data.help)
        st.page_link(
            "screens/community.py",
            label="Hilfebedarfe und Ehrenamtliche ansehen",
            icon=":material/volunteer_activism:",
        )


def overview_view(data: OverviewStart) -> None:
    st.write(
        "Überblick über alle Genossenschaften – nur Anzahlen. "
        f"Werte unter {data.threshold} werden als „<{data.threshold}“ angezeigt."
    )
    if not data.rows:
        st.info("Es sind noch keine Genossenschaften angelegt.")
        return
    t = data.threshold
    # A real HTML table (not the canvas grid): small, readable by screen readers, printable.
    st.table(
        {
            "Genossenschaft": [r.cooperative for r in data.rows],
            "Stadt": [r.city for r in data.rows],
            "Offene Fälle": [format_cell(r.open_cases, t) for r in data.rows],
            "Neue Fälle (30 Tage)": [format_cell(r.new_cases_30d, t) for r in data.rows],
            "Kontakte (30 Tage)": [format_cell(r.contacts_30d, t) for r in data.rows],
        },
        hide_index=True,
        border="horizontal",
    )
    st.caption(EXPLANATION)


def admin_view(data: AdminStart) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric("Aktive Konten", de_number(sum(data.users_by_role.values())))
    c2.metric("Gesperrte Konten", de_number(data.locked_users))
    c3.metric("Genossenschaften", de_number(data.cooperatives))
    st.caption(" · ".join(f"{ROLE_LABELS[r]}: {n}" for r, n in sorted(data.users_by_role.items())))
