"""Pieces every page uses: guards for the kind of dataset and empty slices, and the chart block."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from caregap.slicing import Slice
from caregap.ui.data import datasets, run
from caregap.views import alt_text, base_note, chart_data

PLOTLY_CONFIG = {"displaylogo": False}


def dataset_row(dataset: str) -> pd.Series:
    """The metadata of a loaded dataset."""
    return datasets().set_index("dataset_id").loc[dataset]


def require_kind(slc: Slice, kind: str) -> None:
    """Stop the page, with a plain explanation, when the dataset is not of the kind the page shows."""
    if dataset_row(slc.dataset)["kind"] != kind:
        wanted = "consumer survey" if kind == "consumer_survey" else "brand audit"
        st.info(f"This page shows a {wanted}. Choose one in the sidebar.", icon=":material/swap_horiz:")
        st.stop()


def require_respondents(slc: Slice) -> None:
    """Stop the page, saying so plainly, when the filters leave nobody."""
    summary = run("dataset_summary", **slc.filters()).iloc[0]
    if summary["respondents"] == 0:
        st.warning(
            f"No respondents match these filters ({slc.describe()}). Remove a filter in the sidebar to see results.",
            icon=":material/filter_alt_off:",
        )
        st.stop()


def show_chart(fig: go.Figure, table: pd.DataFrame, *, x: str, x_title: str, noun: str, key: str) -> None:
    """A chart with its alt text, its bases and marks, and its numbers under 'Show data'."""
    title = fig.layout.title.text or ""
    if table.empty:
        st.info(f"{title}: no {noun} in this slice.", icon=":material/info:")
        return
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, alt=alt_text(table, x, title))
    st.caption(base_note(table, noun))
    with st.expander("Show data", icon=":material/table:"):
        st.dataframe(chart_data(table, x, x_title), hide_index=True, width="stretch")


def synthetic_notice(slc: Slice) -> None:
    """The label every view of a bundled dataset carries: what is published and what is modelled."""
    if dataset_row(slc.dataset)["synthetic"]:
        st.caption(
            ":material/science: Synthetic data calibrated to published figures: only the published figures (◆) "
            "are real; every other pattern, including differences between groups, is modelled for illustration."
        )
