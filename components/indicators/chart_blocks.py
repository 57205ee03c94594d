"""A chart on a page and its downloads (CSV, Excel, PNG and SVG images), shared by the
Indikatoren page's blocks and the presentation."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.documents import chart_drawing as drawing
from components.documents import goal_charts
from components.documents import indicator_charts as charts
from components.formatting import file_name


def content_key(frame: pd.DataFrame) -> str:
    """A table's content as a cache key: 0.06 ms, where Streamlit's own hashing of a frame
    argument takes 1.5 ms (a dozen charts on every rerun of a page). Equal bytes, equal key;
    a table built another way may miss the cache, never find another table's entry."""
    return hashlib.sha256(pickle.dumps(frame, protocol=5)).hexdigest()


def chart_spec(frame: pd.DataFrame, mark: str = "bar", unit: str = "count", medium="screen"):
    """The Vega-Lite spec of a chart, keyed by the table's content: building and validating
    an Altair chart costs ~20 ms, a dozen per page on every rerun. The table is an aggregate
    already suppressed for its viewer, and the spec depends on nothing else."""
    return _chart_spec(content_key(frame), mark, unit, medium, _frame=frame)


@st.cache_data(max_entries=1024, ttl=3600, show_spinner=False)
def _chart_spec(content: str, mark: str, unit: str, medium: str, _frame: pd.DataFrame) -> dict:
    # keyed by `content` (the frame's content_key) and the arguments; `_frame` is not hashed
    return drawing.chart(_frame, mark, unit, medium).to_dict()


def goal_spec(frame: pd.DataFrame, large: bool = False) -> dict:
    """The goals' bullet chart as a Vega-Lite spec, keyed by its table like ``chart_spec``:
    building and validating its six layers took 55 ms on every rerun of the page. The table
    holds the goals' figures as shown to this viewer (suppressed) and their titles."""
    return _goal_spec(content_key(frame), large, _frame=frame)


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def _goal_spec(content: str, large: bool, _frame: pd.DataFrame) -> dict:
    return goal_charts.bullet_chart(_frame, large).to_dict()


@dataclass(frozen=True)
class Picture:
    """A chart as it leaves the page: what it shows and what the image says beside it."""

    frame: pd.DataFrame
    mark: str
    unit: str
    title: str  # what the chart shows
    about: tuple[str, ...]  # period and cooperatives, the protection note, the date

    def spec(self) -> dict:
        image = drawing.chart(self.frame, self.mark, self.unit, "image")
        return drawing.titled(image, self.title, list(self.about)).to_dict()


def downloads(key: str, title: str, frame, picture: Picture | None, file: str = "") -> None:
    """CSV, Excel and the chart as images; the files named after ``file`` (default: the
    title), in German like the page: 'fruehkennung.png'."""
    name = file_name(file or title)
    row = st.container(horizontal=True)  # side by side, wrapping on a phone
    row.download_button(
        "CSV",
        lambda: charts.csv_bytes(frame),
        f"{name}.csv",
        "text/csv",
        key=f"csv_{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        "Excel",
        lambda: charts.xlsx_bytes(frame, title),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    if picture is None:
        return
    for kind, mime, render in (
        ("PNG", "image/png", lambda: drawing.png_bytes(picture.spec(), scale=1)),
        ("SVG", "image/svg+xml", lambda: drawing.svg_bytes(picture.spec())),
    ):
        row.download_button(
            f"Bild ({kind})",
            render,
            f"{name}.{kind.lower()}",
            mime,
            key=f"{kind.lower()}_{key}",
            on_click="ignore",
            icon=":material/image:",
            help="1600 × 900 Pixel mit Titel, Zeitraum und Datenschutzhinweis"
            + (" – für den Druck in jeder Größe scharf" if kind == "SVG" else ""),
        )
