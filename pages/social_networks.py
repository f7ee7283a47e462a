"""Social networks: favourite networks, Facebook for deals by age, posting on Twitter by gender, each network."""

from dataclasses import replace

import streamlit as st

from caregap.charts import share_chart
from caregap.measures import MEASURES
from caregap.references import flag_references, references
from caregap.ui.blocks import not_asked_note, require_kind, require_respondents, show_chart, synthetic_notice
from caregap.ui.data import asked, run
from caregap.ui.sidebar import current_slice
from caregap.ui.url import KEEP, page_choice
from caregap.views import asked_only, measure_table, measure_tables

NETWORK_MEASURES = ("expects_response", "no_response", "got_response", "resolved")
BY_GROUP = {
    "uses_facebook_for_deals": ("age_group", "Uses Facebook for deals, by age group"),
    "posts_experiences_on_twitter": ("gender", "Posts experiences with brands on Twitter, by gender"),
}
SECTIONS = {
    "favorite_networks": "Favourite networks",
    **{key: heading for key, (_, heading) in BY_GROUP.items()},
    "rarely_or_never_answered": "How often social media contacts get an answer",
}

slc = current_slice()
st.title("Social networks")
require_kind(slc, "consumer_survey")
require_respondents(slc)
shown = asked_only(tuple(SECTIONS), asked(slc.dataset))

wanted = [(MEASURES[key], split) for key, (split, _) in BY_GROUP.items()]
favorites, *grouped, rarely = measure_tables(
    run, slc, [(MEASURES["favorite_networks"], slc.split), *wanted, (MEASURES["rarely_or_never_answered"], slc.split)]
)
if "favorite_networks" in shown:
    title = f"Favourite networks ({slc.heading()})"
    marks = references(slc, "favorite_networks", x="answer")
    figure = share_chart(favorites, x="answer", title=title, x_title="Network", reference=marks)
    show_chart(
        figure,
        favorites,
        x="answer",
        x_title="Network",
        noun="respondents who answered",
        key="favorites",
        slc=slc,
        name="Favourite networks",
        reference=marks,
    )
    st.caption("People could name several favourites, so the shares can add up to more than 100%.")

for (key, (split, heading)), table in zip(BY_GROUP.items(), grouped, strict=True):
    if key not in shown:
        continue
    st.subheader(heading)
    table = table[table["segment"] != "All"]
    marks = references(slc, key, x="segment")
    figure = share_chart(
        table.assign(x=table["segment"], segment="All"),
        x="x",
        title=f"{heading} ({slc.describe()})",
        x_title="",
        reference=marks.assign(segment="All"),
    )
    show_chart(
        figure,
        table,
        x="segment",
        x_title=split.replace("_", " ").capitalize(),
        noun="respondents who answered",
        key=key,
        slc=slc,
        name=MEASURES[key].label,
        reference=marks,
    )

if "rarely_or_never_answered" in shown:
    st.subheader(SECTIONS["rarely_or_never_answered"])
    rarely = rarely.assign(x="rarely_or_never_answered")
    title = f"Say social media contacts are rarely or never answered ({slc.heading()})"
    marks = flag_references(slc, ("rarely_or_never_answered",))
    figure = share_chart(rarely, x="x", x_title="", title=title, reference=marks)
    show_chart(
        figure,
        rarely,
        x="x",
        x_title="Statement",
        noun="respondents who used social media",
        key="rarely",
        slc=slc,
        name="Rarely or never answered",
        reference=marks,
    )

st.subheader("Contacts on each network")
page_choice("on_network", NETWORK_MEASURES, NETWORK_MEASURES[0])
key = st.segmented_control(
    "Measure", NETWORK_MEASURES, format_func=lambda m: MEASURES[m].label, key="on_network", **KEEP, required=True
)
measure = replace(MEASURES[key], by="network")
table = measure_table(run, measure, slc)
title = f"{measure.label}, by network ({slc.heading()})"
marks = references(slc, key, by="network")
figure = share_chart(table, x="channel", title=title, x_title="Network", reference=marks)
show_chart(
    figure,
    table,
    x="channel",
    x_title="Network",
    noun="social contacts",
    key="on_network_chart",
    slc=slc,
    name=measure.label,
    reference=marks,
)
not_asked_note([heading for key, heading in SECTIONS.items() if key not in shown])
synthetic_notice(slc)
