"""Response and resolution: how often brands answer, resolve and follow up on each channel, and how long."""

import streamlit as st

from caregap.charts import share_chart, stacked_chart
from caregap.measures import MEASURES
from caregap.ui.blocks import require_kind, require_respondents, show_chart, synthetic_notice
from caregap.ui.data import run
from caregap.ui.sidebar import current_slice
from caregap.ui.url import KEEP, page_choice
from caregap.views import measure_table, references

RATES = ("got_response", "no_response", "resolved", "followed_up", "needed_2_plus")

slc = current_slice()
st.title("Response and resolution")
require_kind(slc, "consumer_survey")
require_respondents(slc)
page_choice("rate", RATES, RATES[0])
key = st.segmented_control("Measure", RATES, format_func=lambda m: MEASURES[m].label, key="rate", **KEEP, required=True)
rates = measure_table(run, MEASURES[key], slc)
figure = share_chart(
    rates,
    x="channel",
    title=f"{MEASURES[key].label} by channel ({slc.describe()})",
    x_title="Channel",
    reference=references(slc.dataset, key),
)
show_chart(figure, rates, x="channel", x_title="Channel", noun=MEASURES[key].base, key="rates")

for measure_key, heading in (
    ("contacts_needed", "Contacts needed"),
    ("resolution_time", "Time to resolution"),
):
    st.subheader(heading)
    measure = MEASURES[measure_key]
    table = measure_table(run, measure, slc)
    figure = stacked_chart(
        table, y="channel", stack="answer", title=f"{heading} by channel ({slc.describe()})", y_title=""
    )
    show_chart(figure, table, x="answer", x_title=heading, noun=measure.base, key=measure_key)
synthetic_notice(slc)
