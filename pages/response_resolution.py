"""Response and resolution: how often brands answer, resolve and follow up on each channel, and how long."""

import streamlit as st

from caregap.measures import MEASURES
from caregap.references import references
from caregap.stacked_charts import stacked_chart
from caregap.ui.blocks import by_channel, require_kind, require_respondents, show_chart, show_shares
from caregap.ui.data import asked, run
from caregap.ui.notices import not_asked_note, synthetic_notice
from caregap.ui.sidebar import current_slice
from caregap.ui.url import KEEP, page_choice
from caregap.views import asked_only, available, measure_tables

RATES = (
    "got_response",
    "no_response",
    "resolved",
    "resolved_week_or_longer",
    "followed_up",
    "needed_2_plus",
    "could_not_reach_rep_elsewhere",
    "satisfied",
)
PARTS = {
    "response_time": "Time to a response",
    "contacts_needed": "Contacts needed",
    "resolution_time": "Time to resolution",
    "satisfaction": "Satisfaction rating (1–5)",
}

slc = current_slice()
st.title("Response and resolution")
require_kind(slc, "consumer_survey")
require_respondents(slc)
slc = by_channel(slc)
questions = asked(slc.dataset)
offered = available(RATES, questions)
parts_asked = asked_only(tuple(PARTS), questions)
page_choice("rate", offered, offered[0])
key = st.segmented_control(
    "Measure", offered, format_func=lambda m: MEASURES[m].label, key="rate", **KEEP, required=True
)
rates, *parts = measure_tables(run, slc, [(MEASURES[k], slc.split) for k in (key, *parts_asked)])

measure = MEASURES[key]
show_shares(
    rates,
    x="channel",
    x_title="Channel",
    title=f"{measure.label} by channel ({slc.heading()})",
    reference=references(slc, key),
    noun=measure.base,
    key="rates",
    slc=slc,
    name=measure.label,
)

for part, table in zip(parts_asked, parts, strict=True):
    heading = PARTS[part]
    st.subheader(heading)
    title = f"{heading} by channel ({slc.heading()})"
    figure = stacked_chart(table, y="channel", stack="answer", title=title, y_title="", rating=part == "satisfaction")
    show_chart(
        figure,
        table,
        x="answer",
        x_title=heading,
        noun=MEASURES[part].base,
        key=part,
        slc=slc,
        name=heading,
        by="Channel",
    )
not_asked_note([PARTS[part] for part in PARTS if part not in parts_asked])
synthetic_notice(slc)
