"""Berichte: the annual Sachbericht as PDF and all indicators as an Excel workbook, for a year
and the cooperative(s) the user may report on."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.documents.chart_drawing import warm_up_soon
from components.documents.report_pdf import report_for, sachbericht_pdf
from components.documents.workbook import workbook_bytes
from components.forms import FieldErrors, run_service
from components.indicators import indicator_views
from config import get_settings
from services import dashboard as dash
from services import reports
from services.actor import Actor
from services.indicators import Scope

ALL = 0  # "Alle Genossenschaften" in the cooperative choice
PDF_KEY = "report_pdf"  # (choice, bytes) of the last report made in this session


def choose(actor: Actor, options: dash.ScopeOptions, today: dt.date) -> tuple[Scope, bool] | None:
    """Year and cooperative(s); for a Kümmerer whether small numbers are hidden."""
    year_col, coop_col = st.columns([1, 3])
    years = list(range(today.year, today.year - 6, -1))
    year = year_col.selectbox("Jahr", years, key="report_year", placeholder="Bitte wählen")
    if actor.is_kuemmerer:
        coop_col.text_input(
            "Genossenschaft", options.cooperatives.get(actor.cooperative_id, "–"), disabled=True
        )
        chosen = (actor.cooperative_id,)
        hide_small = st.checkbox(
            "Kleine Zahlen (1 bis 4) als „<5“ ausweisen",
            value=True,
            key="report_hide_small",
            help="Empfohlen, wenn der Bericht die Genossenschaft verlässt, z. B. an den "
            "Fördermittelgeber geht. Ohne Haken enthält er die genauen Zahlen.",
        )
    else:
        coop = coop_col.selectbox(
            "Genossenschaften",
            [ALL, *options.cooperatives],
            format_func=lambda c: "Alle Genossenschaften" if c == ALL else options.cooperatives[c],
            key="report_cooperative",
            placeholder="Bitte wählen",
        )
        chosen, hide_small = (None if coop == ALL else (coop,)), True
    return reports.report_scope(actor, year, chosen, today), hide_small


def _viewer(actor: Actor, hide_small: bool) -> Actor:
    return dash.audience(actor) if hide_small else actor


def sachbericht(actor: Actor, scope: Scope, hide_small: bool, where: str, today) -> None:
    # the chart renderer's start (once per process) while the user chooses and types
    warm_up_soon()
    st.subheader("Sachbericht (PDF)")
    st.caption(
        "Deckblatt, Kennzahlen im Vergleich zum Vorjahr, alle Indikatoren mit Diagramm und "
        "kurzem Text, Quartiersaktivitäten und Austauschtreffen des Jahres."
    )
    special = st.text_area(
        "Besondere Entwicklungen (erscheint im Bericht nach den Kennzahlen)",
        key="report_special",
        height=140,
        max_chars=4000,
        placeholder="z. B. neue Sprechstunde im Quartier, Personalwechsel, besondere Fälle "
        "ohne Namen …",
    )
    choice = (scope, hide_small, special)
    if st.button("Sachbericht erstellen", type="primary", icon=":material/picture_as_pdf:"):
        bar = st.progress(0.0, "Zahlen werden zusammengestellt …")

        def make(session):
            report = report_for(
                session, _viewer(actor, hide_small), scope, where, special, today, actor
            )
            reports.record_report(session, actor, scope)
            return report

        ok, report = run_service(FieldErrors(), make)
        if ok:
            threshold = get_settings().suppression_threshold
            data = sachbericht_pdf(report, threshold, lambda share, text: bar.progress(share, text))
            st.session_state[PDF_KEY] = (choice, data)
        bar.empty()
    made = st.session_state.get(PDF_KEY)
    if made and made[0] == choice:
        st.download_button(
            "Sachbericht herunterladen (PDF)",
            made[1],
            f"sachbericht_{scope.date_from.year}.pdf",
            "application/pdf",
            icon=":material/download:",
            on_click="ignore",
            key="report_download",
        )
    elif made:
        st.caption("Auswahl oder Text geändert: bitte den Bericht neu erstellen.")


def workbook(actor: Actor, scope: Scope, hide_small: bool, where: str) -> None:
    st.subheader("Excel-Arbeitsmappe")
    st.caption(
        "Alle Indikatoren des Jahres: ein Blatt je Indikator, Zahlen als Zahlen, dazu "
        "die Definitionen."
    )
    board = indicator_views.dashboard_for(_viewer(actor, hide_small), scope)
    threshold = get_settings().suppression_threshold
    st.download_button(
        "Arbeitsmappe herunterladen (Excel)",
        lambda: workbook_bytes(board, threshold, where),
        f"indikatoren_{scope.date_from.year}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        on_click="ignore",
        key="report_workbook",
    )
