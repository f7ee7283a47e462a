"""Expected against actual response time: mean minutes per channel, with bases, flags and words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from caregap.labels import label
from caregap.readout import base_range
from caregap.stats import LOW_BASE, SUPPRESS_BASE
from caregap.views import ORDER

MEANS = ["expected_minutes", "actual_minutes"]


def gap_from(expected: pd.DataFrame, actual: pd.DataFrame) -> pd.DataFrame:
    """Mean expected and mean actual response minutes per channel, over contacts that have both.

    Channels with under 10 such contacts keep their base but not their means; under 30 are flagged.
    """
    means = {}
    for dist, column in ((expected, "expected_minutes"), (actual, "actual_minutes")):
        whole = dist[dist["segment"] == "All"].groupby("channel")
        means[column] = whole["hit_wx"].sum() / whole["hit_w"].sum()
        means["base_n"] = whole["hit_n"].sum()
    table = pd.DataFrame(means).rename_axis("channel").reset_index()
    table["suppressed"] = table["base_n"] < SUPPRESS_BASE
    table["low_base"] = (table["base_n"] < LOW_BASE) & ~table["suppressed"]
    table.loc[table["suppressed"], MEANS] = np.nan
    return table.sort_values("channel", key=lambda c: c.map(ORDER)).reset_index(drop=True)


def gap_note(gap: pd.DataFrame) -> str:
    """The bases under the chart: per channel, and what the marks mean."""
    notes = [
        f"Base: {base_range(gap['base_n'])} contacts per channel that have both an expected and an actual response time"
    ]
    if gap["low_base"].any():
        notes.append("* base under 30, read with caution")
    if gap["suppressed"].any():
        notes.append("channels with a base under 10 not shown")
    return "; ".join(notes) + "."


def gap_data(gap: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the chart, as people read them (Show data and the data exports)."""
    notes = np.where(gap["suppressed"], "base under 10: not shown", np.where(gap["low_base"], "base under 30", ""))
    return pd.DataFrame(
        {
            "Channel": [label(v) for v in gap["channel"]],
            "Expected (mean minutes)": gap["expected_minutes"].round(1),
            "Actual (mean minutes)": gap["actual_minutes"].round(1),
            "Base (n)": gap["base_n"].astype(int),
            "Note": notes,
        }
    )


def gap_alt_text(gap: pd.DataFrame) -> str:
    """A sentence a screen reader can read instead of the expected-versus-actual chart."""
    items = [
        f"{label(row.channel)}: not shown (base under 10)"
        if row.suppressed
        else f"{label(row.channel)}: expected {row.expected_minutes:,.0f} min, actual {row.actual_minutes:,.0f} min"
        for row in gap.itertuples()
    ]
    return "Chart: mean expected and actual response time by channel. " + "; ".join(items) + "."
