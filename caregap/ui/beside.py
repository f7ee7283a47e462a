"""The Overview of a survey of the user's own: the bundled studies' published figures as its yardsticks."""

from __future__ import annotations

import streamlit as st

from caregap.studies import survey_figures, yardstick_table, yardsticks
from caregap.ui.blocks import show_table
from caregap.ui.data import asked, run
from caregap.ui.url import KEEP, page_choice

CHOICES = {"headline": "The care gap in nine figures", "all": "Every published figure"}


def beside_the_studies(dataset: str) -> None:
    """The headline published figures (or all of them) recomputed from this survey, with intervals and bases."""
    page_choice("figures", tuple(CHOICES), "headline")
    choice = st.segmented_control(
        "Figures", tuple(CHOICES), format_func=CHOICES.get, key="figures", required=True, **KEEP
    )
    headline = choice == "headline"
    beside = yardsticks(run, dataset, asked(dataset), headline=headline)
    if beside.empty:
        st.write("This survey asks none of the questions these published figures come from.")
        return
    show_table(yardstick_table(beside), wide=("What was published",))
    st.caption(
        "Each figure a study published, recomputed from this dataset as the data contract defines it "
        f"({len(beside)} of {len(survey_figures(headline))}; any other has no base here: a question not asked, or "
        "nobody in the group the figure describes): weighted share, 95% Wilson interval on the effective base, "
        "base (n). The published figures are of the studies' own samples (data/published_figures.csv gives each "
        "source)."
    )
