"""Compare by dataset: one share in the sidebar's dataset and, under the same filters, in others beside it."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from caregap.across import across_datasets
from caregap.labels import dataset_labels
from caregap.measures import resolve
from caregap.references import compare_references
from caregap.significance import CAVEATS
from caregap.slicing import Slice
from caregap.ui.blocks import show_compared
from caregap.ui.data import asked, datasets, run
from caregap.ui.plain import plain
from caregap.ui.url import KEEP, page_choices

KEY = "against"
BASELINE_KEY = "_against_baseline"  # the baseline at the last run: a swap keeps the comparison
DEFAULT_OTHERS = 3  # datasets compared with at first: a chart of four bars still reads on a phone
HELP = (
    "Other consumer surveys (a later wave of the same survey, say) under the same filters, each tested "
    "against the dataset chosen in the sidebar, the baseline. Your own surveys are listed first."
)


def survey_labels() -> dict[str, str]:
    """Every consumer survey, id -> label, the user's own first (the next wave of a survey, most likely)."""
    table = datasets()
    table = table[table["kind"] == "consumer_survey"].sort_values("synthetic", kind="stable")
    return dataset_labels(dict(zip(table["dataset_id"], table["title"], strict=True)))


def _swap(baseline: str, others: dict[str, str]) -> None:
    """When the sidebar's dataset becomes one of those compared with, the old baseline takes its place."""
    before, chosen = st.session_state.get(BASELINE_KEY), st.session_state.get(KEY)
    st.session_state[BASELINE_KEY] = baseline
    if before and before != baseline and before in others and chosen and baseline in chosen:
        st.session_state[KEY] = list(dict.fromkeys(before if d == baseline else d for d in chosen))


def choose_others(slc: Slice, question: str, labels: dict[str, str]) -> tuple[str, ...]:
    """The 'Compared with' choice, seeded from the link; at first up to three surveys that asked the question."""
    others = {d: name for d, name in labels.items() if d != slc.dataset}
    _swap(slc.dataset, others)
    asking = [dataset for dataset in others if question in asked(dataset)]
    name = plain(labels.get(slc.dataset, slc.dataset))
    baseline = f"“{name}” is the baseline (the sidebar's dataset), so it is not also compared with."
    page_choices(KEY, tuple(others), asking[:DEFAULT_OTHERS], why={slc.dataset: baseline})
    chosen = st.multiselect("Compared with", tuple(others), format_func=others.get, key=KEY, help=HELP, **KEEP)
    return tuple(chosen)


def published(slc: Slice, option: str, channel: str, labels: dict[str, str]) -> pd.DataFrame:
    """Each dataset's published figure of everyone in the slice, on its own bar (x and segment: its label)."""
    parts = [
        compare_references(replace(slc, dataset=dataset), option, "dataset", channel).assign(x=name, segment=name)
        for dataset, name in labels.items()
    ]
    return pd.concat(parts, ignore_index=True)


def unanswered(question: str, labels: dict[str, str], table: pd.DataFrame) -> str:
    """Why a chosen dataset has no bar, a sentence each: its survey did not ask, or nobody in the slice answered."""
    out, drawn = [], set(table["segment"])
    for dataset, name in labels.items():
        if name not in drawn:
            why = "its survey did not ask this" if question not in asked(dataset) else "nobody in this slice answered"
            out.append(f"No bar for {name}: {why}.")
    return " ".join(out)


def draw_across(slc: Slice, option: str, channel: str, name: str, every: dict[str, str]) -> tuple[str, ...]:
    """The share in the sidebar's dataset and the others chosen of every survey (survey_labels), as a chart and a
    table; returns the datasets."""
    measure = resolve(option)
    chosen = choose_others(slc, measure.question, every)
    labels = {d: every[d] for d in (slc.dataset, *chosen)}
    if chosen:
        labels[slc.dataset] += " (baseline)"
    table = across_datasets(run, measure, slc, labels, channel)
    marks = published(slc, option, channel, labels)
    drawn = show_compared(
        table,
        segments="Dataset",
        title=f"{name} across datasets ({slc.describe()})",
        reference=marks,
        noun=measure.base,
        slc=slc,
        name=name,
        by=" ".join(["dataset", *(["with", " and ".join(chosen)] if chosen else [])]),
        datasets=labels,
        remark=unanswered(measure.question, labels, table),
    )
    if not drawn:
        return tuple(labels)
    corrected = f"; {CAVEATS['fdr']}" if slc.tests == "fdr" else ""
    st.caption(
        f"▲▼ mark datasets whose share differs from {plain(labels[slc.dataset])}, the dataset chosen in the sidebar "
        f"(two-proportion z-test on the effective bases, 95%{corrected}; the datasets are independent "
        "samples, each with its own weights). The sidebar's filters apply to every dataset."
    )
    return tuple(labels)
