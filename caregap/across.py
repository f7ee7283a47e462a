"""One share in several datasets (waves of a survey, or a survey beside a published study), each tested against the
first: the same filters in each, each dataset with its own weights, its samples independent of the others'."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pandas as pd

from caregap import concurrency
from caregap.measures import Measure, Runner
from caregap.significance import with_marks
from caregap.slicing import Slice
from caregap.stats import two_proportion_p
from caregap.views import measure_table


def whole_slice(table: pd.DataFrame, channel: str) -> pd.DataFrame:
    """The whole slice's row of a measure table: on one channel's contacts, or of everyone ('all')."""
    rows = table[table["segment"] == "All"]
    if "channel" in rows.columns:
        rows = rows[rows["channel"] == channel].drop(columns="channel")
    return rows.reset_index(drop=True)


def versus_first(table: pd.DataFrame, baseline: str, tests: str = "each") -> pd.DataFrame:
    """Mark each row whose share differs from the baseline row's (two-proportion test on effective bases, 95%).

    The rows are independent samples (datasets, named by segment), each with add_share_stats applied; the
    baseline is named in the column 'against'. Adds p_value, significant and direction (tests: 'each' at 5%, or
    'fdr' over the table's tests); nothing is tested when the baseline has no row or a base under 10, nor a row
    with a base under 10.
    """
    out = table.reset_index(drop=True)
    first = out[out["segment"] == baseline].head(1)
    testable = not first.empty and not bool(first["suppressed"].iloc[0])
    share, n = (float(first["share"].iloc[0]), float(first["effective_base"].iloc[0])) if testable else (0.0, 0.0)
    p_values = [
        two_proportion_p(row["share"] / 100, row["effective_base"], share / 100, n)
        if testable and row["segment"] != baseline and not row["suppressed"]
        else float("nan")
        for _, row in out.iterrows()
    ]
    out = with_marks(out, p_values, (out["share"] > share).to_numpy(), tests)
    return out.assign(against=baseline if not first.empty and len(out) > 1 else "")  # alone: no baseline to speak of


def across_datasets(
    run: Runner, measure: Measure, slc: Slice, labels: dict[str, str], channel: str = "all"
) -> pd.DataFrame:
    """The measure in the same slice of each dataset in `labels` (at least one; the first is the baseline), a row each.

    channel: contacts on one channel, or on every channel together ('all'). A dataset whose survey did not
    ask the question has no row.
    """
    pooled = channel == "all" and measure.level == "contact"
    asks = [partial(measure_table, run, measure, replace(slc, dataset=d, split="none"), pooled=pooled) for d in labels]
    tables = concurrency.together(*asks)  # the datasets side by side, each one's queries one after the other
    names = labels.values()
    rows = [whole_slice(table, channel).assign(segment=name) for table, name in zip(tables, names, strict=True)]
    return versus_first(pd.concat(rows, ignore_index=True), next(iter(labels.values())), slc.tests)
