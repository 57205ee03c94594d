"""A chart on a page and its downloads (CSV, Excel, PNG), shared by the Indikatoren page's
blocks and the presentation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.documents import indicator_charts as charts


@st.cache_data(max_entries=1024, ttl=3600, show_spinner=False)
def chart_spec(frame: pd.DataFrame, mark: str = "bar", unit: str = "count", large: bool = False):
    """The Vega-Lite spec of a chart, keyed by the table's content: building and validating
    an Altair chart costs ~20 ms, a dozen per page on every rerun. The table is an aggregate
    already suppressed for its viewer, and the spec depends on nothing else."""
    return charts.chart(frame, mark, unit, large).to_dict()


def downloads(key: str, title: str, frame, chart) -> None:
    csv, xlsx, png = st.columns(3)
    csv.download_button(
        "CSV",
        lambda: charts.csv_bytes(frame),
        f"{key}.csv",
        "text/csv",
        key=f"csv_{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    xlsx.download_button(
        "Excel",
        lambda: charts.xlsx_bytes(frame, title),
        f"{key}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    if chart is not None:
        png.download_button(
            "Bild (PNG)",
            lambda: charts.png_bytes(chart),
            f"{key}.png",
            "image/png",
            key=f"png_{key}",
            on_click="ignore",
            icon=":material/image:",
        )
