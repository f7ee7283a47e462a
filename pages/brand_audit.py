"""Brand audit: how audited brands answered test messages, how fast, and each brand's record."""

import streamlit as st

from caregap.audit_views import account_table, probe_table, unsent
from caregap.charts import share_chart
from caregap.readout import probe_minutes_data
from caregap.references import account_references, audit_references
from caregap.time_charts import minutes_chart
from caregap.ui.blocks import require_kind, show_chart, show_figure, show_table
from caregap.ui.data import run
from caregap.ui.notices import synthetic_notice
from caregap.ui.sidebar import current_slice

slc = current_slice()
st.title("Brand audit")
require_kind(slc, "brand_audit")

rates = probe_table(run, slc.dataset)
marks = audit_references(slc.dataset)
title = "Test messages answered, by network and type"
figure = share_chart(rates.assign(x=rates["answer"]), x="x", title=title, x_title="Message type", reference=marks)
if show_chart(
    figure,
    rates,
    x="answer",
    x_title="Message type",
    noun="test messages per bar",
    key="audit_rates",
    slc=slc,
    name="Test messages answered",
    by="Network and message type",
    reference=marks,
):
    st.caption(f"Bars are coloured by network; each brand got at most one message of each type. {unsent(rates)}")

st.subheader("Accounts")
accounts, marks = account_table(run, slc.dataset), account_references(slc.dataset)
figure = share_chart(accounts, x="measure", title="Brands on social networks", x_title="", reference=marks)
show_chart(
    figure,
    accounts,
    x="measure",
    x_title="Measure",
    noun="brands",
    key="audit_accounts",
    slc=slc,
    name="Brand accounts",
    reference=marks,
)

st.subheader("How long answers took")
probes = run("audit_probes", dataset=slc.dataset)
if probes.empty:
    st.info("No brand answered any test message.", icon=":material/info:")
else:
    show_figure(
        minutes_chart(probes, title="Time to respond, each answered message"),
        probe_minutes_data(probes),
        alt=f"Chart: minutes to respond for {len(probes)} answered messages, "
        f"from {probes['response_minutes'].min():,} to {probes['response_minutes'].max():,} minutes.",
        base=f"Base: {len(probes):,} answered test messages.",
        slc=slc,
        name="Minutes to respond",
        by="Message type",
        key="audit_minutes",
    )

st.subheader("Each brand")
show_table(
    run("audit_brands", dataset=slc.dataset).round({"mean_minutes": 0}),
    {
        "brand": "Brand",
        "sector": "Sector",
        "country": "Country",
        "has_twitter": "On Twitter",
        "has_facebook": "On Facebook",
        "followed_back": "Followed back",
        "probes": "Test messages",
        "answered": "Answered",
        "mean_minutes": "Mean minutes to respond",
    },
)
synthetic_notice(slc)
