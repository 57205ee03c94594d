"""A referral followed through: the partner's answer (status and what was said) and the
warm handover checklist, on the case page; the same answer form on Start."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.formatting import de_date, plain
from components.forms import FieldErrors, save_and_rerun, stated_limit
from components.tables import record_table
from db.models import HANDOVER_STEPS, Referral
from services import cases, referral_followup
from services.actor import Actor
from services.case_queries import TimelineItem
from services.labels import HANDOVER_STEP_LABELS, REFERRAL_STATUS_LABELS

SHOWN_REMINDERS = 5  # the longest waiting; the rest are counted


def answer_form(
    actor: Actor, referral_id: int, version: int, status: str, key: str, today: dt.date
) -> None:
    """Record what the partner said: the status (unchanged "angefragt": asked again, the
    reminder waits a new period) and the answer in words."""
    errors = FieldErrors()
    statuses = list(REFERRAL_STATUS_LABELS)
    with st.form(key):
        chosen = st.selectbox(
            "Stand der Vermittlung",
            statuses,
            index=statuses.index(status),
            format_func=REFERRAL_STATUS_LABELS.get,
            key=f"{key}_status",
            help="„angefragt“ lassen, wenn der Partner noch keine Antwort hat: Die Erinnerung "
            "kommt dann nach der üblichen Frist wieder.",
            placeholder="Bitte wählen",
        )
        errors.slot("status")
        said = st.text_area(
            "Rückmeldung des Partners (optional)",
            key=f"{key}_said",
            height=80,
            help=stated_limit(Referral.feedback),
        )
        errors.slot("feedback")
        if st.form_submit_button("Rückmeldung speichern", type="primary"):
            save_and_rerun(
                errors,
                lambda s: cases.update_referral_status(
                    s, actor, referral_id, chosen, version, today, said
                ),
                f"Vermittlung: {REFERRAL_STATUS_LABELS[chosen]}.",
            )


def handover_steps(item: TimelineItem) -> None:
    """The ticked steps of the warm handover, in one line."""
    if item.steps:
        st.caption(
            " · ".join(f"✓ {HANDOVER_STEP_LABELS[step]} {de_date(day)}" for step, day in item.steps)
        )


def referral_actions(actor: Actor, item: TimelineItem, today: dt.date) -> None:
    """Below an open case's referral: the answer and the next step of the handover."""
    with st.expander("Rückmeldung und Übergabe"):
        answer_form(
            actor, item.ref_id, item.ref_version, item.ref_status, f"answer_{item.ref_id}", today
        )
        _tick_step(actor, item, today)


def _tick_step(actor: Actor, item: TimelineItem, today: dt.date) -> None:
    done = dict(item.steps)
    open_steps = [s for s in HANDOVER_STEPS if s not in done]
    st.markdown("**Warme Übergabe**")
    errors = FieldErrors()
    if open_steps:
        c_step, c_day, c_button = st.columns([3, 2, 2], vertical_alignment="bottom")
        step = c_step.selectbox(
            "Nächster Schritt",
            open_steps,
            format_func=HANDOVER_STEP_LABELS.get,
            key=f"step_{item.ref_id}",
            placeholder="Bitte wählen",
        )
        day = c_day.date_input(
            "am", value=today, format="DD.MM.YYYY", key=f"step_day_{item.ref_id}"
        )
        if c_button.button("Abhaken", key=f"step_save_{item.ref_id}", icon=":material/check:"):
            save_and_rerun(
                errors,
                lambda s: referral_followup.record_step(s, actor, item.ref_id, step, day, today),
                f"Übergabe: {HANDOVER_STEP_LABELS[step]} abgehakt.",
            )
        errors.slot("done_on")
        errors.slot("step")
    else:
        st.caption("Alle Schritte der Übergabe sind abgehakt.")
    if done:
        last = list(done)[-1]
        if st.button(
            f"„{HANDOVER_STEP_LABELS[last]}“ zurücknehmen",
            key=f"step_undo_{item.ref_id}",
            type="tertiary",
        ):
            save_and_rerun(
                errors,
                lambda s: referral_followup.remove_step(s, actor, item.ref_id, last),
                f"„{HANDOVER_STEP_LABELS[last]}“ zurückgenommen.",
            )


def feedback_reminders(
    actor: Actor, due: list[referral_followup.DueFeedback], today: dt.date
) -> None:
    """Start: "Rückmeldung einholen: Schuldnerberatung, seit 16 Tagen", the answer one
    click away."""
    st.subheader(f"Rückmeldung einholen ({len(due)})")
    for d in due[:SHOWN_REMINDERS]:
        with st.container(border=True):
            st.markdown(
                f"**{plain(d.partner)}** ({plain(d.partner_kind)}) · seit {d.days} Tagen "
                f"keine Rückmeldung · Fall {plain(d.pseudonym)}"
            )
            c_case, c_answer = st.columns([1, 2])
            c_case.page_link(
                "screens/case.py",
                label=f"Fall {d.pseudonym}",
                query_params={"id": d.case_id},
                icon=":material/folder:",
            )
            with c_answer.expander("Antwort erfassen", icon=":material/reply:"):
                answer_form(
                    actor, d.referral_id, d.version, "angefragt", f"due_{d.referral_id}", today
                )
    if len(due) > SHOWN_REMINDERS:
        st.caption(
            f"… und {len(due) - SHOWN_REMINDERS} weitere – alle im Wochenüberblick unten und "
            "auf den Fallseiten."
        )


def waiting_overview(waiting: list[referral_followup.WaitingPartner]) -> None:
    """Start, the week's overview: referrals waiting for an answer, by partner."""
    total = sum(w.waiting for w in waiting)
    with st.expander(
        f"Wochenüberblick: {total} "
        + ("Vermittlung wartet" if total == 1 else "Vermittlungen warten")
        + " auf Antwort",
        icon=":material/hourglass_top:",
    ):
        record_table(
            waiting,
            {
                "Partner": lambda w: w.partner,
                "wartend": lambda w: w.waiting,
                "davon Rückmeldung fällig": lambda w: w.due,
                "längste Wartezeit (Tage)": lambda w: w.longest_days,
            },
            "Keine Vermittlung wartet auf Antwort.",
            key="waiting_by_partner",
        )
