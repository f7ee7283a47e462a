"""Expected response time: how fast people expect an answer on each channel, and how fast it came."""

import streamlit as st

from caregap.bases import base_range
from caregap.charts import line_chart
from caregap.contract import CHANNELS
from caregap.labels import label
from caregap.measures import MEASURES, distributions
from caregap.references import within_references
from caregap.response_gap import PAIRED, gap_alt_text, gap_data, gap_from, gap_note
from caregap.stacked_charts import stacked_chart
from caregap.time_charts import gap_chart
from caregap.ui.blocks import by_channel, require_kind, require_respondents, show_chart, show_figure
from caregap.ui.data import asked, run
from caregap.ui.notices import synthetic_notice
from caregap.ui.plain import plain
from caregap.ui.sidebar import current_slice
from caregap.ui.url import KEEP, page_choice
from caregap.views import cumulative_from, expects_an_answer, table_from

slc = current_slice()
st.title("Expected response time")
require_kind(slc, "consumer_survey")
require_respondents(slc)
if "expected_response" not in asked(slc.dataset):
    st.info(
        "This survey did not ask how fast people expect an answer. How fast answers came, where it asked, is on "
        "the Response and resolution page.",
        icon=":material/info:",
    )
    st.stop()
slc = by_channel(slc)

dists = distributions(run, [MEASURES[k] for k in ("expected_response", *PAIRED)], slc.params())
expected = table_from(dists["expected_response"], MEASURES["expected_response"], slc.split, tests=slc.tests)
if not expects_an_answer(expected):
    st.info(
        f"No contact in this slice ({plain(slc.describe())}) expects an answer within any time.",
        icon=":material/info:",
    )
    st.stop()
title = f"Expected response time by channel ({slc.heading()})"
figure = stacked_chart(expected, y="channel", stack="answer", title=title, y_title="")
show_chart(
    figure,
    expected,
    x="answer",
    x_title="Expected within",
    noun="contacts",
    key="expected",
    slc=slc,
    by="Channel",
    name="Expected response time",
)

st.subheader("Expected within…")
channel = None
if slc.split != "none":  # one channel's lines, one per segment: of the channels this slice has contacts on
    present = set(expected["channel"])
    used = tuple(c for c in CHANNELS if c in present)
    page_choice("within", used, "social" if "social" in used else used[0])
    channel = st.selectbox("Channel", used, format_func=label, key="within", **KEEP)
cumulative = cumulative_from(dists["expected_response"], slc.split, channel=channel, tests=slc.tests)
on = f" on {label(channel)}" if channel else ""
title = f"Share expecting a response within each time{on} ({slc.heading()})"
marks = within_references(slc) if channel in (None, "social") and slc.split == "none" else None
figure = line_chart(
    cumulative, x="answer", series="segment" if channel else "channel", title=title, x_title="Within", reference=marks
)
if show_chart(
    figure,
    cumulative,
    x="answer",
    x_title="Expected within",
    noun="contacts",
    key="cumulative",
    slc=slc,
    by="Time",
    name=f"Expected within{on}",
    reference=marks,
):
    st.caption("Expecting no response at all counts as not within any time, so the lines stop short of 100%.")

st.subheader("Expected and actual response time")
gap = gap_from(dists, slc.tests)
if gap.empty:
    st.info("No contacts in this slice have both an expected and an actual response time.", icon=":material/info:")
elif gap["suppressed"].all():
    st.info(
        f"In this slice under 10 contacts per channel ({base_range(gap['base_n'])}) have both an expected and an "
        "actual response time, so no mean is shown. Widen the filters to see it.",
        icon=":material/info:",
    )
else:
    if slc.split != "none":
        st.caption("This chart is not split: each channel's means are over everyone in the slice.")
    figure = gap_chart(gap, title=f"Mean expected and actual response time ({slc.describe()})")
    alt, base = gap_alt_text(gap), gap_note(gap)
    show_figure(figure, gap_data(gap), alt=alt, base=base, slc=slc, name="Response time", by="Channel", key="gap")
synthetic_notice(slc)
