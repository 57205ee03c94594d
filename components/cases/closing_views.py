"""Fall-Seite → Status / Abschluss: the status, the closing (what it achieved, a last
Einschätzung, and what becomes of open follow-ups and unanswered referrals) and reopening."""

from __future__ import annotations

import streamlit as st

from components.cases.rating_views import rating_fields
from components.formatting import de_date, plain, plain_labels
from components.forms import FieldErrors, save_and_rerun
from services import cases, ratings
from services.actor import Actor
from services.case_queries import CaseHeader
from services.catalogues import Option
from services.catalogues import labels as catalogue_labels
from services.labels import CASE_STATUS_LABELS, ON_CLOSING_FOLLOW_UPS, ON_CLOSING_REFERRALS
from services.ratings import InstrumentView


def status_tab(
    actor: Actor,
    h: CaseHeader,
    seen: CaseHeader,
    outcomes: list[Option],
    today,
    tool: InstrumentView | None = None,
    items: cases.OpenItems | None = None,
) -> None:
    """Status, closing (with a last Einschätzung, optional, and what becomes of the open
    items) and reopening."""
    items = items or cases.OpenItems([], [])
    if h.status == "abgeschlossen":
        errors = FieldErrors()
        st.info(f"Der Fall ist seit {de_date(h.closed_on)} abgeschlossen.")
        if st.button("Fall wieder öffnen", key=f"reopen_{h.id}"):
            save_and_rerun(
                errors,
                lambda s: cases.reopen_case(s, actor, h.id, seen),
                "Der Fall ist wieder geöffnet.",
            )
        return
    errors = FieldErrors()
    c_status, c_button = st.columns([2, 1], vertical_alignment="bottom")
    open_statuses = [s for s in CASE_STATUS_LABELS if s != "abgeschlossen"]
    status = c_status.selectbox(
        "Status",
        open_statuses,
        index=open_statuses.index(h.status),
        format_func=CASE_STATUS_LABELS.get,
        key=f"st_status_{h.id}",
        placeholder="Bitte wählen",
    )
    errors.slot("status")
    if c_button.button("Status ändern", key=f"st_save_{h.id}"):
        save_and_rerun(
            errors,
            lambda s: cases.change_status(s, actor, h.id, status, seen),
            f"Status: {CASE_STATUS_LABELS[status]}.",
        )
    st.divider()
    labels = catalogue_labels(outcomes)
    close_errors = FieldErrors()
    with st.form(f"close_{h.id}"):
        st.markdown("**Fall abschließen**")
        chosen = st.pills(
            "Ergebnisse (mindestens eins)",
            list(labels),
            selection_mode="multi",
            format_func=plain_labels(labels),
            key=f"cl_outcomes_{h.id}",
        )
        close_errors.slot("outcome_ids")
        closed_on = st.date_input(
            "Abgeschlossen am", value=today, format="DD.MM.YYYY", key=f"cl_day_{h.id}"
        )
        close_errors.slot("closed_on")
        follow_ups, referrals = _open_items_choice(h, items, close_errors)
        last = None
        if tool is not None:
            st.markdown("**Letzte Einschätzung** – wie geht es der Person jetzt? (freiwillig)")
            last = rating_fields(f"cl_rt_{h.id}", tool, close_errors, today, closed_on,
                                 prefix="last_", stage="abschluss")  # fmt: skip
        if st.form_submit_button("Fall abschließen", type="primary"):

            def close(s):  # noqa: ANN001, ANN202 - one transaction: both or neither
                cases.close_case(s, actor, h.id, tuple(chosen or ()), closed_on, seen, today,
                                 follow_ups, referrals)  # fmt: skip
                if last is not None and not last.empty:
                    ratings.add_rating(s, actor, h.id, last, today, prefix="last_")

            save_and_rerun(close_errors, close, "Der Fall ist abgeschlossen.")


def _open_items_choice(
    h: CaseHeader, items: cases.OpenItems, errors: FieldErrors
) -> tuple[str | None, str | None]:
    """Ask what becomes of open follow-ups and unanswered referrals (nothing closed
    silently); None while unanswered, and the service says so beside the question."""
    follow_ups = referrals = None
    if items.follow_ups:
        follow_ups = st.radio(
            f"Offene Wiedervorlagen ({len(items.follow_ups)}): "
            + plain(", ".join(items.follow_ups)[:300]),
            list(ON_CLOSING_FOLLOW_UPS),
            index=None,
            format_func=ON_CLOSING_FOLLOW_UPS.get,
            key=f"cl_follow_ups_{h.id}",
        )
        errors.slot("follow_ups")
    if items.referrals:
        referrals = st.radio(
            f"Vermittlungen ohne Antwort ({len(items.referrals)}): "
            + plain(", ".join(partner for _, partner in items.referrals)[:300]),
            list(ON_CLOSING_REFERRALS),
            index=None,
            format_func=ON_CLOSING_REFERRALS.get,
            key=f"cl_referrals_{h.id}",
        )
        errors.slot("referrals")
    return follow_ups, referrals
