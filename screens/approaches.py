"""Ansätze: the Kümmerer posts' profiles side by side, each with its key figures (other
cooperatives' protected), and keeping a profile."""

import streamlit as st

from components.approaches import approach_views as views
from components.forms import show_flash
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import get_settings, local_today
from services import approach_figures as af
from services import approaches as ap
from services import dashboard as dash
from services.catalogues import options
from services.indicators import Scope

actor = current_actor_or_stop()
today = local_today()
st.title("Ansätze")
show_flash(tabbed=True)
st.caption(
    "Wie die Kümmerer-Stellen der Genossenschaften arbeiten: Stellen, Träger, Stunden, "
    "Finanzierung, Schwerpunkte. Kennzahlen je Vollzeitstelle (40 Std./Woche) machen eine "
    "kleine und eine volle Stelle vergleichbar."
)
overview, figures_tab, keep = st.tabs(
    ["Überblick", "Kennzahlen je Steckbrief", "Steckbrief pflegen"], key="approach_tabs"
)
with session_scope() as session:
    profiles = ap.list_profiles(session, actor)
    cooperatives = dash.scope_options(session, actor).cooperatives
    choices = {c: options(session, c) for c in ("funding", "focus_area", "job_title")}
# the own cooperative first (a Kümmerer looks for it between door-step talks)
current = sorted(
    (p for p in profiles if p.valid_on(today)),
    key=lambda p: p.cooperative_id != actor.cooperative_id,
)
with overview:
    st.caption(
        f"Heute gültige Steckbriefe ({len(current)} von {len(cooperatives)} Genossenschaften)"
    )
    views.overview(current)
with figures_tab:
    preset = st.selectbox(
        "Zeitraum", dash.PRESETS, index=2, key="approach_period", placeholder="Bitte wählen"
    )
    start, end = dash.preset_period(preset, today)
    with session_scope() as session:
        figures = af.per_cooperative(session, actor, Scope(start, end))
    views.key_figures(current, figures, get_settings().suppression_threshold)
with keep:
    views.editor(actor, cooperatives, profiles, choices, today)
    if actor.role == "kuemmerer" and actor.cooperative_id not in cooperatives:
        st.info("Ihre Genossenschaft ist nicht aktiv.")
