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


def use_german_labels() -> None:
    """Streamlit's English screen-reader labels and a few words in German (german.html)."""
    with st.container(key="german_labels"):  # hidden: the script needs no room
        st.html(STYLESHEETS / "german.html", unsafe_allow_javascript=True)
