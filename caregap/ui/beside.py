"""The Overview's figures: a dataset's published figures beside its own, or a survey of the user's own beside the
bundled studies' published figures (its yardsticks). Both depend on the dataset only, not on the slicers: they are
cached per dataset, so that a rerun after a slicer change does not recompute them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from caregap.figure_table import display_table
from caregap.figures import compare
from caregap.readout import decimals
from caregap.studies import survey_figures, yardstick_table, yardsticks
from caregap.ui.data import CACHE_MAX_ENTRIES, CACHE_TTL_SECONDS, asked, run
from caregap.ui.url import KEEP, page_choice

CHOICES = {"headline": "The care gap in nine figures", "all": "Every published figure"}


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def published_beside(dataset: str) -> pd.DataFrame:
    """The dataset's own published figures beside the values recomputed from it, as the Overview shows them (empty
    for a dataset with none)."""
    compared = compare(run, dataset)
    return compared if compared.empty else display_table(compared)


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _yardstick_table(dataset: str, headline: bool) -> pd.DataFrame:
    """The yardsticks of a survey as the Overview shows them (empty where it has none)."""
    beside = yardsticks(run, dataset, asked(dataset), headline=headline)
    return beside if beside.empty else yardstick_table(beside)


def read_in_full(table: pd.DataFrame) -> None:
    """A table of statements and notes shown whole, wrapped, not cut off in a grid: by its first column, its
    percentages to one decimal, its counts with separators, a dash where it has no number."""
    formats = {c: "{:,.1f}" for c in table.columns if decimals(c) == 1}
    formats |= {c: "{:,}" for c in table.columns if pd.api.types.is_integer_dtype(table[c])}
    st.table(table.set_index(table.columns[0]).style.format(formats, na_rep="–"))


def beside_the_studies(dataset: str) -> None:
    """The headline published figures (or all of them) recomputed from this survey, with intervals and bases."""
    page_choice("figures", tuple(CHOICES), "headline")
    choice = st.segmented_control(
        "Figures", tuple(CHOICES), format_func=CHOICES.get, key="figures", required=True, **KEEP
    )
    headline = choice == "headline"
    beside = _yardstick_table(dataset, headline)
    if beside.empty:
        st.write("This survey asks none of the questions these published figures come from.")
        return
    read_in_full(beside)
    st.caption(
        "Each figure a study published, recomputed from this dataset as the data contract defines it "
        f"({len(beside)} of {len(survey_figures(headline))}; any other has no base here: a question not asked, or "
        "nobody in the group the figure describes): weighted share, 95% Wilson interval on the effective base, "
        "base (n). The published figures are of the studies' own samples (data/published_figures.csv gives each "
        "source)."
    )
