"""Social networks: favourite networks, Facebook for deals by age, posting on Twitter by gender, expectations."""

from dataclasses import replace

import streamlit as st

from caregap.charts import share_chart
from caregap.measures import MEASURES
from caregap.ui.blocks import require_kind, require_respondents, show_chart, synthetic_notice
from caregap.ui.data import run
from caregap.ui.sidebar import current_slice
from caregap.views import flag_references, measure_table, references

slc = current_slice()
st.title("Social networks")
require_kind(slc, "consumer_survey")
require_respondents(slc)

favorites = measure_table(run, MEASURES["favorite_networks"], slc)
figure = share_chart(
    favorites,
    x="answer",
    title=f"Favourite networks ({slc.describe()})",
    x_title="Network",
    reference=references(slc.dataset, "favorite_networks", x="answer"),
)
show_chart(figure, favorites, x="answer", x_title="Network", noun="respondents who answered", key="favorites")
st.caption("People could name several favourites, so the shares can add up to more than 100%.")

for key, split, heading in (
    ("uses_facebook_for_deals", "age_group", "Uses Facebook for deals, by age group"),
    ("posts_experiences_on_twitter", "gender", "Posts experiences with brands on Twitter, by gender"),
):
    st.subheader(heading)
    table = measure_table(run, MEASURES[key], slc.with_split(split))
    table = table[table["segment"] != "All"]
    figure = share_chart(
        table.assign(x=table["segment"]),
        x="x",
        title=f"{heading} ({slc.describe()})",
        x_title="",
        reference=references(slc.dataset, key, x="segment"),
    )
    show_chart(
        figure,
        table,
        x="segment",
        x_title=split.replace("_", " ").capitalize(),
        noun="respondents who answered",
        key=key,
    )

st.subheader("How often social media contacts get an answer")
answered = measure_table(run, MEASURES["rarely_or_never_answered"], slc)
figure = share_chart(
    answered.assign(x="rarely_or_never_answered"),
    x="x",
    x_title="",
    title=f"Say social media contacts are rarely or never answered ({slc.describe()})",
    reference=flag_references(slc.dataset, ("rarely_or_never_answered",)),
)
show_chart(
    figure,
    answered.assign(x="rarely_or_never_answered"),
    x="x",
    x_title="Statement",
    noun="respondents who used social media",
    key="rarely",
)

st.subheader("Expecting a response, by network")
expects = replace(MEASURES["expects_response"], by="network")
table = measure_table(run, expects, slc)
figure = share_chart(
    table,
    x="channel",
    title=f"Contacts on each network expecting a response ({slc.describe()})",
    x_title="Network",
    reference=references(slc.dataset, "expects_response", by="network"),
)
show_chart(figure, table, x="channel", x_title="Network", noun="social contacts", key="expects")
synthetic_notice(slc)
