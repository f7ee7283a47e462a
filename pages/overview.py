"""Overview: what the dataset is, its size, its source, and its figures beside the published ones."""

import pandas as pd
import streamlit as st

from caregap.slicing import Slice
from caregap.stats import margin_of_error
from caregap.ui.beside import beside_the_studies, published_beside, read_in_full
from caregap.ui.data import datasets, run
from caregap.ui.sidebar import current_dataset, current_slice

dataset = current_dataset()
meta = datasets().set_index("dataset_id").loc[dataset]

st.title(meta["title"])
st.caption(" · ".join(str(part) for part in (meta["publisher"], meta["year"], meta["population"]) if pd.notna(part)))
survey = meta["kind"] == "consumer_survey"
if meta["synthetic"]:
    st.info(
        "**Synthetic data calibrated to published figures.** "
        + (
            "Every response here was generated to reproduce the figures the study published (within one "
            "percentage point). Anything the study did not publish, such as differences by age or gender beyond "
            "the published ones, is modelled for illustration."
            if survey
            else "Every test message here was generated to reproduce the counts the audit published, exactly. "
            "Anything it did not publish, such as the brands' names and which brands answered, is modelled for "
            "illustration."
        ),
        icon=":material/science:",
    )

if current_slice() != Slice(dataset):
    st.caption(":material/filter_alt: This overview is of the whole dataset; filters and splits apply on other pages.")
if survey:
    summary = run(
        "dataset_summary", dataset=dataset, age_groups=[], genders=[], regions=[], channels=[], networks=[]
    ).iloc[0]
    cols = st.columns(4)
    cols[0].metric("Respondents", f"{int(summary['respondents']):,}")
    cols[1].metric("Contacts with customer service", f"{int(summary['contacts']):,}")
    cols[2].metric(
        "Effective base (Kish)",
        f"{summary['effective_base']:,.0f}",
        help="The weighted sample is worth this many unweighted respondents.",
    )
    cols[3].metric(
        "Margin of error, 95%",
        f"±{margin_of_error(summary['effective_base']):.1f} pts",
        help="For a 50% share of the whole sample (Wilson interval on the effective base).",
    )
else:
    summary = run("audit_summary", dataset=dataset).iloc[0]
    cols = st.columns(2)
    cols[0].metric("Brands audited", f"{int(summary['brands']):,}")
    cols[1].metric("Test messages sent", f"{int(summary['probes']):,}")

compared = published_beside(dataset)
yardstick = compared.empty and survey  # a survey of the user's own: the studies' figures as yardsticks
st.subheader("This dataset beside the published studies" if yardstick else "Published figures and this dataset")
if yardstick:
    beside_the_studies(dataset)
elif compared.empty:
    st.write("No published figures are recorded for this dataset.")
else:
    read_in_full(compared)
    st.caption(
        (
            "Shares are weighted, over the people (or contacts) for whom the question applies"
            if survey
            else "Shares are of the brands (or the test messages) each figure counts"
        )
        + ", as the data contract defines each figure; the difference is this dataset's minus the published, in "
        "its unit. Source of each statement: data/published_figures.csv."
    )

with st.expander("About this dataset", icon=":material/info:"):
    st.markdown(f"**Source:** {meta['source'] if pd.notna(meta['source']) else 'not stated'}")
    st.markdown(f"**Method as published:** {meta['source_notes'] if pd.notna(meta['source_notes']) else 'not stated'}")
    st.markdown(f"**Fieldwork:** {meta['fieldwork'] if pd.notna(meta['fieldwork']) else 'not stated'}")
    st.markdown(f"**Weighting:** {meta['weighting'] if pd.notna(meta['weighting']) else 'not stated'}")
    if len(meta["published_fields"]):
        st.markdown("**Calibrated to published figures:** " + ", ".join(meta["published_fields"]))
    if len(meta["modelled_fields"]):
        st.markdown("**Modelled for illustration:** " + ", ".join(meta["modelled_fields"]))
    for pattern in meta["modelled_patterns"]:
        st.markdown(f"- {pattern}")
