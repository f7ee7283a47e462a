"""Compare by dataset: one share in the sidebar's dataset and, under the same filters, in others beside it."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from caregap.across import across_datasets, dataset_labels
from caregap.measures import resolve
from caregap.references import compare_references
from caregap.slicing import Slice
from caregap.ui.blocks import show_compared
from caregap.ui.data import asked, dataset_row, datasets, run
from caregap.ui.plain import plain
from caregap.ui.url import KEEP, page_choices

DEFAULT_OTHERS = 3  # datasets compared with at first: a chart of four bars still reads on a phone
HELP = (
    "Other consumer surveys (a later wave of the same survey, say) under the same filters, each tested "
    "against the dataset chosen in the sidebar."
)


def other_surveys(baseline: str) -> dict[str, str]:
    """The consumer surveys besides the sidebar's: id -> title, in the sidebar's order."""
    table = datasets()
    table = table[(table["kind"] == "consumer_survey") & (table["dataset_id"] != baseline)]
    return dict(zip(table["dataset_id"], table["title"], strict=True))


def choose_others(slc: Slice, question: str) -> tuple[str, ...]:
    """The 'Compared with' choice, seeded from the link; at first the surveys that asked the question."""
    others = other_surveys(slc.dataset)
    asking = [dataset for dataset in others if question in asked(dataset)]
    page_choices("against", tuple(others), asking[:DEFAULT_OTHERS])
    chosen = st.multiselect("Compared with", tuple(others), format_func=others.get, key="against", help=HELP, **KEEP)
    return tuple(chosen)


def published(slc: Slice, option: str, channel: str, labels: dict[str, str]) -> pd.DataFrame:
    """Each dataset's published figure of everyone in the slice, on its own bar (x and segment: its label)."""
    parts = [
        compare_references(replace(slc, dataset=dataset), option, "dataset", channel).assign(x=name, segment=name)
        for dataset, name in labels.items()
    ]
    return pd.concat(parts, ignore_index=True)


def unanswered(question: str, labels: dict[str, str], table: pd.DataFrame) -> list[str]:
    """Why a chosen dataset has no bar, one sentence each: its survey did not ask, or nobody in the slice answered."""
    out = []
    for dataset, name in labels.items():
        if name not in set(table["segment"]):
            why = "its survey did not ask this" if question not in asked(dataset) else "nobody in this slice answered"
            out.append(f"{plain(name)}: {why}.")
    return out


def draw_across(slc: Slice, option: str, channel: str, name: str) -> tuple[str, ...]:
    """The share in the sidebar's dataset and the others chosen, as a chart and a table; returns the datasets."""
    measure = resolve(option)
    chosen = choose_others(slc, measure.question)
    titles = {d: str(dataset_row(d)["title"]) for d in (slc.dataset, *chosen)}
    labels = dataset_labels(titles)
    table = across_datasets(run, measure, slc, labels, channel)
    marks = published(slc, option, channel, labels)
    show_compared(
        table,
        segments="Dataset",
        title=f"{name} across datasets ({slc.describe()})",
        reference=marks,
        noun=measure.base,
        slc=slc,
        name=name,
        by=" ".join(["dataset", *(["with", " and ".join(chosen)] if chosen else [])]),
        datasets=tuple(labels),
    )
    st.caption(
        f"▲▼ mark datasets whose share differs from {plain(labels[slc.dataset])}, the dataset chosen in the sidebar "
        "(two-proportion z-test on the effective bases, 95%; the datasets are independent samples, each with its "
        "own weights). The sidebar's filters apply to every dataset. "
        + " ".join(unanswered(measure.question, labels, table))
    )
    return tuple(labels)
