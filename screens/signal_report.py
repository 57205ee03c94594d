"""Hinweis melden (cooperative staff): report what you noticed; see the status of your own
reports — never anything from a case."""

import streamlit as st

from components.formatting import de_datetime, plain_labels
from components.forms import (
    FieldErrors,
    generation,
    save_new_entry_and_rerun,
    show_flash,
    stated_limit,
)
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from components.tables import record_table
from db.models import Signal
from services.catalogues import labels as catalogue_labels
from services.catalogues import options
from services.errors import max_length
from services.labels import URGENCY_LABELS
from services.signals import STATUS_LABELS, SignalData, my_reports, report_signal

FORM = "signal"
actor = current_actor_or_stop()
with session_scope() as session:
    kinds = catalogue_labels(options(session, "observation_kind"))
    reports = my_reports(session, actor)

st.title("Hinweis melden")
show_flash()
st.caption(
    "Ist Ihnen bei einer Mieterin oder einem Mieter etwas aufgefallen? Ihre Kümmerin oder Ihr "
    "Kümmerer kümmert sich darum. Bitte nur das Nötigste, keine Diagnosen."
)
errors = FieldErrors()
g = generation(FORM)
with st.form(f"{FORM}_{g}"):
    location = st.text_input(
        "Wo? Haus und Wohnung",
        placeholder="z. B. Lindenweg 3, 2. OG links",
        key=f"sg_where_{g}",
        max_chars=max_length(Signal.location),
    )
    errors.slot("location")
    noticed = st.pills(
        "Was ist Ihnen aufgefallen? (eins oder mehreres)",
        list(kinds),
        selection_mode="multi",
        format_func=plain_labels(kinds),
        key=f"sg_kind_{g}",
    )
    errors.slot("observation_ids")
    urgency = st.segmented_control(
        "Wie dringend?", list(URGENCY_LABELS), format_func=URGENCY_LABELS.get, key=f"sg_urg_{g}"
    )
    errors.slot("urgency")
    note = st.text_area(
        "Kurze Beschreibung (optional)",
        key=f"sg_note_{g}",
        height=80,
        help=stated_limit(Signal.note_enc, "Wird verschlüsselt gespeichert."),
    )
    errors.slot("note")
    informed = st.checkbox("Die Mieterin / der Mieter weiß von diesem Hinweis", key=f"sg_inf_{g}")
    if st.form_submit_button("Hinweis senden", type="primary", icon=":material/send:"):
        data = SignalData(location, tuple(noticed or ()), urgency, note, informed)
        save_new_entry_and_rerun(
            FORM,
            errors,
            lambda s: report_signal(s, actor, data),
            "Danke – Ihr Hinweis ist angekommen.",
        )

st.subheader("Ihre Hinweise")
record_table(
    reports,
    {  # what the staff look for first, first: on a phone the last columns are off-screen
        "Stand": lambda r: STATUS_LABELS[r.status],
        "Gemeldet": lambda r: de_datetime(r.reported_at),
        "Was": lambda r: r.observation,
        "Wo": lambda r: r.location,
    },
    "Sie haben noch keine Hinweise gemeldet.",
)
