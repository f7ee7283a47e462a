"""Expected response time: how fast people expect an answer on each channel, and how fast it came."""

import streamlit as st

from caregap.charts import gap_chart, line_chart, stacked_chart
from caregap.contract import CHANNELS
from caregap.labels import label
from caregap.measures import MEASURES
from caregap.ui.blocks import PLOTLY_CONFIG, require_kind, require_respondents, show_chart, synthetic_notice
from caregap.ui.data import run
from caregap.ui.sidebar import current_slice
from caregap.ui.url import KEEP, page_choice
from caregap.views import cumulative_table, gap_alt_text, gap_table, measure_table, within_references

slc = current_slice()
st.title("Expected response time")
require_kind(slc, "consumer_survey")
require_respondents(slc)

expected = measure_table(run, MEASURES["expected_response"], slc)
title = f"Expected response time by channel ({slc.describe()})"
figure = stacked_chart(expected, y="channel", stack="answer", title=title, y_title="")
show_chart(figure, expected, x="answer", x_title="Expected within", noun="contacts", key="expected")

st.subheader("Expected within…")
channel = None
if slc.split != "none":
    page_choice("within", CHANNELS, "social")
    channel = st.selectbox("Channel", CHANNELS, format_func=label, key="within", **KEEP)
cumulative = cumulative_table(run, slc, channel=channel)
title = f"Share expecting a response within each time ({slc.describe()})"
marks = within_references(slc.dataset) if channel in (None, "social") and slc.split == "none" else None
figure = line_chart(
    cumulative, x="answer", series="segment" if channel else "channel", title=title, x_title="Within", reference=marks
)
show_chart(figure, cumulative, x="answer", x_title="Expected within", noun="contacts", key="cumulative")
st.caption("Expecting no response at all counts as not within any time, so the lines stop short of 100%.")

st.subheader("Expected and actual response time")
gap = gap_table(run, slc)
if gap.empty:
    st.info("No contacts in this slice have both an expected and an actual response time.", icon=":material/info:")
else:
    figure = gap_chart(gap, title=f"Mean expected and actual response time ({slc.describe()})")
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key="gap", alt=gap_alt_text(gap))
    st.caption(f"Base: {int(gap['base_n'].sum()):,} contacts that have both an expected and an actual response time.")
    with st.expander("Show data", icon=":material/table:"):
        st.dataframe(gap.round(1), hide_index=True)
synthetic_notice(slc)
