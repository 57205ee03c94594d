"""Static stylesheets for screens that need more than the theme (the presentation's large
type), and the one static script that puts Streamlit's own English labels into German. The
only module that calls st.html, and only with a file of components/shell/stylesheets: never
with text, so nothing a user typed can become markup or script."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

STYLESHEETS = Path(__file__).parent / "stylesheets"


def use_stylesheet(name: str) -> None:
    st.html(STYLESHEETS / f"{name}.css")


SCRIPTS = ("german", "unsaved")  # the labels in German; a warning before typed input is lost


def use_scripts() -> None:
    """The static scripts of SCRIPTS (german.html, unsaved.html), on every page."""
    with st.container(key="page_scripts"):  # hidden: the scripts need no room
        for name in SCRIPTS:
            st.html(STYLESHEETS / f"{name}.html", unsafe_allow_javascript=True)
