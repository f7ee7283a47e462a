"""Channel preference: the channel people prefer, find fastest, use when urgent, and rate best."""

import streamlit as st

from caregap.measures import MEASURES
from caregap.references import flag_references, references
from caregap.ui.blocks import require_kind, require_respondents, show_shares
from caregap.ui.data import asked, run
from caregap.ui.notices import not_asked_note, synthetic_notice
from caregap.ui.sidebar import current_slice
from caregap.ui.url import KEEP, page_choice
from caregap.views import asked_only, available, flags_from, measure_tables

QUESTIONS = ("preferred_channel", "fastest_channel", "urgent_channel", "best_service_channel")
EXPECTATIONS = ("prefers_live_assistance", "expects_same_response_time_off_hours", "used_more_than_one_channel")

slc = current_slice()
st.title("Channel preference")
require_kind(slc, "consumer_survey")
require_respondents(slc)
questions = available(QUESTIONS, asked(slc.dataset))
statements = asked_only(EXPECTATIONS, asked(slc.dataset))
page_choice("question", questions, questions[0])
question = st.segmented_control(
    "Question", questions, format_func=lambda key: MEASURES[key].label, key="question", **KEEP, required=True
)
measure = MEASURES[question]
table, *expected = measure_tables(run, slc, [(MEASURES[key], slc.split) for key in (question, *statements)])
show_shares(
    table,
    x="answer",
    x_title="Channel",
    title=f"{measure.label} ({slc.heading()})",
    reference=references(slc, question, x="answer"),
    noun="respondents who answered",
    key="preference",
    slc=slc,
    name=measure.label,
)

if statements:
    st.subheader("What people expect")
    show_shares(
        flags_from(expected, statements),
        x="answer",
        x_title="Statement",
        title=f"Expectations of customer service ({slc.heading()})",
        axis="",
        reference=flag_references(slc, statements),
        noun="respondents who answered",
        key="expectations",
        slc=slc,
        name="Expectations",
    )
not_asked_note([MEASURES[key].label for key in EXPECTATIONS if key not in statements])
synthetic_notice(slc)
