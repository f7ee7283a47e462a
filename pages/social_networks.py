"""Social networks: favourite networks, Facebook for deals by age, posting on Twitter by gender, each network."""

from dataclasses import replace

import streamlit as st

from caregap.measures import MEASURES
from caregap.references import flag_references, references
from caregap.ui.blocks import require_kind, require_respondents, show_shares
from caregap.ui.data import asked, run
from caregap.ui.notices import not_asked_note, synthetic_notice
from caregap.ui.sidebar import current_slice
from caregap.ui.url import KEEP, page_choice
from caregap.views import asked_only, measure_tables

NETWORK_MEASURES = ("expects_response", "no_response", "got_response", "resolved")
BY_GROUP = {  # (split, chart title): the section's heading (SECTIONS) names it, the title says what is drawn
    "uses_facebook_for_deals": ("age_group", "Uses Facebook for deals, by age group"),
    "posts_experiences_on_twitter": ("gender", "Posts experiences with brands on Twitter, by gender"),
}
SECTIONS = {
    "favorite_networks": "Favourite networks",
    "uses_facebook_for_deals": "Facebook for deals",
    "posts_experiences_on_twitter": "Posting on Twitter",
    "rarely_or_never_answered": "How often social media contacts get an answer",
}

slc = current_slice()
st.title("Social networks")
require_kind(slc, "consumer_survey")
require_respondents(slc)
questions = asked(slc.dataset)
shown = asked_only(tuple(SECTIONS), questions)
on_networks = asked_only(NETWORK_MEASURES, questions) if "network" in questions else ()
on_social = slc.with_split("none") if slc.split == "channel" else slc  # all of them used social media
by_group = [(MEASURES[key], split) for key, (split, _) in BY_GROUP.items()]
wanted = [(MEASURES["favorite_networks"], slc.split), *by_group, (MEASURES["rarely_or_never_answered"], slc.split)]
if on_networks:  # seeded here, so that a link's bad value is said at the top of the page
    page_choice("on_network", on_networks, on_networks[0])
    on_network = replace(MEASURES[st.session_state["on_network"]], by="network")  # the choice below, as seeded
    wanted.append((on_network, on_social.split))
tables = measure_tables(run, slc, wanted)  # with the networks' table: every question asked at once
favorites, *grouped, rarely = tables[: len(BY_GROUP) + 2]
if "favorite_networks" in shown and show_shares(
    favorites,
    x="answer",
    x_title="Network",
    title=f"Favourite networks ({slc.heading()})",
    reference=references(slc, "favorite_networks", x="answer"),
    noun="respondents who answered",
    key="favorites",
    slc=slc,
    name="Favourite networks",
):
    st.caption("People could name several favourites, so the shares can add up to more than 100%.")

for (key, (split, title)), table in zip(BY_GROUP.items(), grouped, strict=True):
    if key in shown:
        st.subheader(SECTIONS[key])
        show_shares(
            table[table["segment"] != "All"],
            x="segment",
            x_title=split.replace("_", " ").capitalize(),
            title=f"{title} ({slc.describe()})",
            axis="",
            across=True,
            reference=references(slc, key, x="segment"),
            noun="respondents who answered",
            key=key,
            slc=slc,
            name=MEASURES[key].label,
        )

if "rarely_or_never_answered" in shown:
    st.subheader(SECTIONS["rarely_or_never_answered"])
    show_shares(
        rarely.assign(x="rarely_or_never_answered"),
        x="x",
        x_title="Statement",
        title=f"Say social media contacts are rarely or never answered ({slc.heading()})",
        axis="",
        reference=flag_references(slc, ("rarely_or_never_answered",)),
        noun="respondents who used social media",
        key="rarely",
        slc=slc,
        name="Rarely or never answered",
    )

if on_networks:
    st.subheader("Contacts on each network")
    st.segmented_control(
        "Measure", on_networks, format_func=lambda m: MEASURES[m].label, key="on_network", **KEEP, required=True
    )
    show_shares(
        tables[-1],
        x="channel",
        x_title="Network",
        title=f"{on_network.label}, by network ({on_social.heading()})",
        reference=references(on_social, on_network.key, by="network"),
        noun="social contacts",
        key="on_network_chart",
        slc=on_social,
        name=on_network.label,
    )
left_out = [MEASURES[key].label for key in SECTIONS if key not in shown]
not_asked_note(left_out + ([] if on_networks else ["Which network a social media contact was on"]))
synthetic_notice(slc)
