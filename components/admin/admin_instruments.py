"""Verwaltung → Einschätzungen: the rating instruments. The app's own Einschätzung stays;
an admin adds an instrument the cooperatives hold the rights to (one question a line, its
points after a colon, separated by "/") and can set one aside (its ratings stay)."""

from __future__ import annotations

import streamlit as st

from components.formatting import plain
from components.forms import FieldErrors, save_and_rerun
from components.tables import Columns, record_table, yes_no
from services import ratings as rt
from services.actor import Actor

COLUMNS: Columns = {
    "Name": lambda i: i.name,
    "Fragen": lambda i: len(i.items),
    "Stufen": lambda i: ", ".join(str(len(item.points)) for item in i.items),
    "Wertung": lambda i: rt.SCORINGS[i.scoring],
    "Aktiv": lambda i: yes_no(i.active),
}
EXAMPLE = "Wie oft fühlen Sie sich allein?: nie / selten / manchmal / oft / immer"


def instruments_admin(actor: Actor, tools: list[rt.InstrumentView]) -> None:
    st.caption(
        "Die Einschätzung der App (Einsamkeit, Selbsthilfe, Wohnen) ist immer da. Ein "
        "weiteres Instrument – etwa ein Fragebogen, an dem Ihre Genossenschaft die Rechte hat – "
        "wird ohne Programmierung angelegt und dann wie die Einschätzung erfasst."
    )
    record_table(tools, COLUMNS, "", key="instrument_table")
    for tool in tools:
        if tool.own:
            continue
        label = "Nicht mehr anbieten" if tool.active else "Wieder anbieten"
        if st.button(f"{label}: {plain(tool.name)}", key=f"instrument_active_{tool.id}"):
            save_and_rerun(FieldErrors(),
                           lambda s, t=tool: rt.set_instrument_active(s, actor, t.id, not t.active),
                           "Gespeichert.")  # fmt: skip
    errors = FieldErrors()
    with st.form("new_instrument"):
        st.markdown("**Neues Instrument**")
        name = st.text_input("Name", max_chars=120, key="instrument_name")
        errors.slot("name")
        items = st.text_area(
            "Fragen – eine je Zeile: „Frage: Stufe 1 / Stufe 2 / …“ (mindestens zwei Stufen)",
            placeholder=EXAMPLE, height=140, key="instrument_items",
        )  # fmt: skip
        errors.slot("items")
        left, right = st.columns(2)
        scoring = left.segmented_control(
            "Wertung", list(rt.SCORINGS), default="mittelwert", format_func=rt.SCORINGS.get,
            key="instrument_scoring",
        )  # fmt: skip
        better = right.checkbox("Höhere Stufen sind besser", value=True, key="instrument_better")
        errors.slot("scoring")
        if st.form_submit_button("Instrument anlegen", type="primary"):
            data = rt.InstrumentData(name, items, scoring or "", better)
            save_and_rerun(errors, lambda s: rt.add_instrument(s, actor, data),
                           "Instrument angelegt.")  # fmt: skip
