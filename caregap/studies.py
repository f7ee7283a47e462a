"""The bundled studies' published shares as yardsticks for another survey: each recomputed from it, with its interval.

A survey of the user's own has no published figures; what it can show instead is where it stands against the
studies Care Gap grew from, figure by figure, as the data contract defines each one.
"""

from __future__ import annotations

import pandas as pd

from caregap.figures import METRICS, published_figures, survey_row
from caregap.measures import Runner
from caregap.stats import add_share_stats

FIGURE_COLUMNS = ["figure_id", "study", "statement", "value"]
OUTSIDE = "published figure outside this dataset's 95% interval"
BASE_NOTES = {"suppressed": "base under 10: not shown", "low_base": "base under 30: read with caution"}


def survey_figures() -> pd.DataFrame:
    """The published figures that are weighted shares of a consumer survey (not audit counts or margins)."""
    figures = published_figures()
    return figures[[bool(METRICS[m].measure) for m in figures["metric"]]].reset_index(drop=True)


def yardsticks(run: Runner, dataset_id: str) -> pd.DataFrame:
    """Every published survey share, recomputed from this dataset where it has a base for it: one row per figure
    with the published value, this dataset's share, its 95% interval, base and flags."""
    rows = []
    for _, figure in survey_figures().iterrows():
        row = survey_row(run, dataset_id, figure)
        if len(row) == 1 and row["base_n"].iat[0] > 0:
            study = f"{figure['publisher']} {figure['year']}"
            rows.append(
                row.assign(
                    figure_id=figure["figure_id"], study=study, statement=figure["statement"], value=figure["value"]
                )
            )
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
