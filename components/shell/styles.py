"""Static stylesheets for screens that need more than the theme (the presentation's large
type). The only module that calls st.html, and only with a CSS file of components/shell/stylesheets:
never with text, so nothing a user typed can become markup."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

STYLESHEETS = Path(__file__).parent / "stylesheets"


def use_stylesheet(name: str) -> None:
    st.html(STYLESHEETS / f"{name}.css")
