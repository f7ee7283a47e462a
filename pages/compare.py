"""Compare: any share by age group, gender, channel used, region or dataset, as a table and a chart, significance
marked."""

import streamlit as st

from caregap.contract import CHANNELS
from caregap.labels import label
from caregap.measures import resolve, share_options
from caregap.pairs import pooling
from caregap.references import compare_references
from caregap.significance import CAVEATS
from caregap.slicing import SPLIT_LABELS
from caregap.ui.across_view import draw_across, survey_labels
from caregap.ui.blocks import require_kind, require_respondents, show_compared
from caregap.ui.data import asked, dataset_row, run
from caregap.ui.notices import synthetic_notice
from caregap.ui.sidebar import current_slice
from caregap.ui.url import KEEP, page_choice
from caregap.views import available, compared, option_label

OPTIONS = share_options()
DIMENSIONS = ("age_group", "gender", "channel", "region", "dataset")
POOLED = (
    " Contacts on several channels are counted together: someone who used two channels counts twice"
    " (bases under 30 and under 10 count people, not contacts)."
)
ALIKE = " allow for one person's contacts being alike (design effect of clustering by respondent, never below 1)."
AGAINST = " Each channel is tested against the contacts on every other channel, often of the same people"
ONE_EACH = " Under a social network filter the slice holds social contacts only, one per person: they are independent."
NOTES = {
    "pooled": POOLED + " The intervals and tests" + ALIKE,
    "channel": POOLED + AGAINST + ": the tests, and the interval of all channels together," + ALIKE,
    "independent": ONE_EACH,
}

slc = current_slice()
st.title("Compare")
require_kind(slc, "consumer_survey")
require_respondents(slc)
left, middle, right = st.columns([3, 2, 2])
options = available(tuple(OPTIONS), asked(slc.dataset))
has_regions = len(dataset_row(slc.dataset)["regions"]) > 0
surveys = survey_labels()
offered = {"region": has_regions, "dataset": len(surveys) > 1}
dimensions = tuple(d for d in DIMENSIONS if offered.get(d, True))
page_choice("measure", options, "resolved" if "resolved" in options else options[0])
page_choice("by", dimensions, slc.compare_by(dimensions))
option = left.selectbox("Measure", options, format_func=option_label, key="measure", **KEEP)
dimension = middle.selectbox("Compare by", dimensions, format_func=SPLIT_LABELS.get, key="by", **KEEP)
if slc.split not in ("none", dimension):  # the page's own "Compare by" splits it
    st.info(
        "Compare splits by its own choice (Compare by), so the sidebar's split does not apply here.",
        icon=":material/info:",
    )
measure = resolve(option)
channel = "all"
if measure.level == "contact" and dimension != "channel":
    page_choice("on", ("all", *CHANNELS), "all")
    channel = right.selectbox(
        "Contacts on",
        ("all", *CHANNELS),
        format_func=lambda c: "All channels" if c == "all" else label(c),
        key="on",
        **KEEP,
    )

name = option_label(option) + ("" if channel == "all" else f", {label(channel)} contacts")
if dimension == "dataset":
    shown = draw_across(slc, option, channel, name, surveys)
else:
    shown, table = (), compared(run, measure, slc, dimension, channel)
    by = "Channel" if measure.level == "contact" and dimension == "channel" else SPLIT_LABELS[dimension]
    published = compare_references(slc, option, dimension, channel)
    tested = show_compared(
        table,
        segments=by,
        title=f"{name} by {by.lower()} ({slc.describe()})",
        reference=published,
        noun=measure.base,
        slc=slc,
        name=name,
    )
    if tested:
        st.caption(
            "▲▼ mark segments whose share differs from everyone else in the slice (two-proportion z-test on the "
            f"effective bases, 95%; {CAVEATS[slc.tests]})."
            + (NOTES[pooling(slc, dimension)] if measure.level == "contact" and channel == "all" else "")
        )
synthetic_notice(slc, *shown)
