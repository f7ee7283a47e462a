"""The bundled studies' published shares as yardsticks for another survey: each recomputed from it, with its interval.

A survey of the user's own has no published figures; what it can show instead is where it stands against the
studies Care Gap grew from, figure by figure, as the data contract defines each one.
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from caregap import concurrency
from caregap.figures import METRICS, NO_SLICE, figure_measure, figure_row, published_figures, split_of
from caregap.measures import MEASURES, Runner, distributions
from caregap.readout import base_flag_note
from caregap.stats import add_share_stats

FIGURE_COLUMNS = ["figure_id", "study_label", "statement", "value"]
OUTSIDE = "published figure outside this dataset's 95% interval"
# The care gap in a few figures, shown first: social media left unanswered and unresolved against the answer
# within the hour people expect, and the phone still the channel they call, find fastest and rate best.
HEADLINE = ("NG01", "AX04", "NG12", "NG05", "NG04", "NG08", "NG09", "AC01", "AX01")


def survey_figures(headline: bool = False) -> pd.DataFrame:
    """The published figures that are weighted shares of a consumer survey (not audit counts or margins), or only
    the HEADLINE ones, each with its study as people name it (study_label: 'The Northridge Group 2015')."""
    figures = published_figures()
    figures = figures[[bool(METRICS[m].measure) for m in figures["metric"]]]
    figures = (figures[figures["figure_id"].isin(HEADLINE)] if headline else figures).reset_index(drop=True)
    return figures.assign(study_label=figures["publisher"] + " " + figures["year"].astype(str))


def _asks(figure: pd.Series, asked: set[str]) -> bool:
    """Whether a survey that answered these questions asks a figure's (and, for a figure by network, names
    networks): a blank answer to a question never asked reads as an answer to some (no response expected)."""
    source = METRICS[figure["metric"]]
    return MEASURES[source.measure].question in asked and (source.by != "network" or "network" in asked)


def _answers(run: Runner, dataset_id: str, figures: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The answers every figure's measure needs (measure key -> rows), asked once per kind of question, all at
    once: each level split by what its figures need (the respondent figures of one age group or gender)."""
    needed = [(figure, figure_measure(figure)) for _, figure in figures.iterrows()]
    asks = []
    for level in ("respondent", "contact"):
        mine = [(figure, measure) for figure, measure in needed if measure.level == level]
        measures = list({measure.key: measure for _, measure in mine}.values())
        splits = sorted({split for figure, _ in mine if (split := split_of(figure))})
        asks.append(partial(distributions, run, measures, {**NO_SLICE, "dataset": dataset_id, "splits": splits}))
    return {key: rows for answers in concurrency.together(*asks) for key, rows in answers.items()}


def yardsticks(run: Runner, dataset_id: str, asked: set[str], *, headline: bool = False) -> pd.DataFrame:
    """Every published survey share (or the headline ones) whose question the dataset asked (asked: the questions
    anyone in it answered), recomputed from it where it has a base: one row per figure with the published value,
    this dataset's share, its 95% interval, base and flags."""
    figures = survey_figures(headline)
    figures = figures[[_asks(f, asked) for _, f in figures.iterrows()]]
    answers = _answers(run, dataset_id, figures)
    rows = []
    for _, figure in figures.iterrows():
        row = figure_row(answers[figure_measure(figure).key], figure)
        if len(row) == 1 and row["base_n"].iat[0] > 0:
            rows.append(row.assign(**figure[FIGURE_COLUMNS].to_dict()))
    if not rows:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "share", "ci_low", "ci_high", "base_n"])
    return add_share_stats(pd.concat(rows, ignore_index=True))


def yardstick_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The yardsticks as people read them (the Overview's table): figure, statement, both values, interval, base, a
    note (small base, or the published figure outside the interval) and the study."""
    outside = (rows["value"] < rows["ci_low"].round(1)) | (rows["value"] > rows["ci_high"].round(1))
    notes = [
        base_flag_note(row) or (OUTSIDE if out else "") for (_, row), out in zip(rows.iterrows(), outside, strict=True)
    ]
    return pd.DataFrame(
        {
            "Figure": rows["figure_id"],
            "What was published": rows["statement"],
            "Published (%)": rows["value"].astype(float),
            "This dataset (%)": rows["share"].round(1),
            "95% CI low (%)": rows["ci_low"].round(1),
            "95% CI high (%)": rows["ci_high"].round(1),
            "Base (n)": rows["base_n"].astype(int),
            "Note": notes,
            "Study": rows["study_label"],
        }
    )
