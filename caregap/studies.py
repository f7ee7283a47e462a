"""The bundled studies' published shares as yardsticks for another survey: each recomputed from it, with its interval.

A survey of the user's own has no published figures; what it can show instead is where it stands against the
studies Care Gap grew from, figure by figure, as the data contract defines each one.
"""

from __future__ import annotations

import pandas as pd

from caregap.figures import METRICS, published_figures, survey_row
from caregap.measures import MEASURES, Runner
from caregap.stats import add_share_stats

FIGURE_COLUMNS = ["figure_id", "study", "statement", "value"]
OUTSIDE = "published figure outside this dataset's 95% interval"
BASE_NOTES = {"suppressed": "base under 10: not shown", "low_base": "base under 30: read with caution"}


def survey_figures() -> pd.DataFrame:
    """The published figures that are weighted shares of a consumer survey (not audit counts or margins)."""
    figures = published_figures()
    return figures[[bool(METRICS[m].measure) for m in figures["metric"]]].reset_index(drop=True)


def _asks(figure: pd.Series, asked: set[str]) -> bool:
    """Whether a survey that answered these questions asks a figure's (and, for a figure by network, names
    networks): a blank answer to a question never asked reads as an answer to some (no response expected)."""
    source = METRICS[figure["metric"]]
    return MEASURES[source.measure].question in asked and (source.by != "network" or "network" in asked)


def yardsticks(run: Runner, dataset_id: str, asked: set[str]) -> pd.DataFrame:
    """Every published survey share whose question the dataset asked (asked: the questions anyone in it answered),
    recomputed from it where it has a base: one row per figure with the published value, this dataset's share, its
    95% interval, base and flags."""
    rows = []
    for _, figure in survey_figures().iterrows():
        row = survey_row(run, dataset_id, figure) if _asks(figure, asked) else pd.DataFrame()
        if len(row) == 1 and row["base_n"].iat[0] > 0:
            study = f"{figure['publisher']} {figure['year']}"
            values = (figure["figure_id"], study, figure["statement"], figure["value"])
            rows.append(row.assign(**dict(zip(FIGURE_COLUMNS, values, strict=True))))
    if not rows:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "share", "ci_low", "ci_high", "base_n"])
    return add_share_stats(pd.concat(rows, ignore_index=True))


def yardstick_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The yardsticks as people read them (the Overview's table): figure, study, statement, both values, interval,
    base and a note (small base, or the published figure outside the interval)."""
    outside = (rows["value"] < rows["ci_low"].round(1)) | (rows["value"] > rows["ci_high"].round(1))
    notes = [
        next((note for flag, note in BASE_NOTES.items() if row[flag]), OUTSIDE if out else "")
        for (_, row), out in zip(rows.iterrows(), outside, strict=True)
    ]
    return pd.DataFrame(
        {
            "Figure": rows["figure_id"],
            "Study": rows["study"],
            "What was published": rows["statement"],
            "Published (%)": rows["value"].astype(float),
            "This dataset (%)": rows["share"].round(1),
            "95% CI low (%)": rows["ci_low"].round(1),
            "95% CI high (%)": rows["ci_high"].round(1),
            "Base (n)": rows["base_n"].astype(int),
            "Note": notes,
        }
    )
