"""Expected against actual response time: mean minutes per channel, with 95% intervals, bases, flags and words."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import t as t_dist

from caregap.labels import label
from caregap.readout import base_range
from caregap.stats import ALPHA, LOW_BASE, SUPPRESS_BASE
from caregap.views import ORDER

MEANS = ["expected_minutes", "actual_minutes"]
INTERVALS = ["expected_low", "expected_high", "actual_low", "actual_high"]
SUMS = ("n", "w", "wx", "w2", "w2x", "w2x2")  # the hits' sums a mean and its interval are computed from


def mean_interval(sums: pd.DataFrame) -> pd.DataFrame:
    """Weighted mean and its 95% t interval from the hits' sums n, w, wx, w2, w2x and w2x2 (hit_* columns).

    The variance is the linearised (Taylor) variance of the ratio Σwx / Σw, n / (n - 1) · Σw²(x - mean)² / (Σw)²,
    with n - 1 degrees of freedom: what survey packages give for independent contacts with unequal weights.
    The lower bound stops at 0: no time is negative (a small, skewed base would otherwise reach below it).
    """
    n, w, wx, w2, w2x, w2x2 = (sums[f"hit_{name}"].to_numpy(float) for name in SUMS)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = wx / w
        spread = np.clip(w2x2 - 2 * mean * w2x + mean * mean * w2, 0.0, None)  # Σw²(x - mean)², not below 0
        dof = np.where(n > 1, n - 1, np.nan)
        half = t_dist.ppf(1 - ALPHA / 2, dof) * np.sqrt(n / dof * spread) / w
    low, high = np.maximum(mean - half, 0.0), mean + half
    return pd.DataFrame({"mean": mean, "low": low, "high": high}, index=sums.index)


def _channel_means(dist: pd.DataFrame, name: str) -> pd.DataFrame:
    """One timed question's weighted mean minutes and 95% interval per channel (whole slice), with the base."""
    sums = dist[dist["segment"] == "All"].groupby("channel")[[f"hit_{c}" for c in SUMS]].sum()
    stats = mean_interval(sums)
    return stats.set_axis([f"{name}_minutes", f"{name}_low", f"{name}_high"], axis=1).assign(base_n=sums["hit_n"])


def gap_from(expected: pd.DataFrame, actual: pd.DataFrame) -> pd.DataFrame:
    """Mean expected and mean actual response minutes per channel, over contacts that have both, with 95% intervals.

    Channels with under 10 such contacts keep their base but not their means or intervals; under 30 are flagged.
    """
    means = _channel_means(expected, "expected").join(_channel_means(actual, "actual").drop(columns="base_n"))
    table = means[[*MEANS, "base_n", *INTERVALS]].rename_axis("channel").reset_index()
    table["suppressed"] = table["base_n"] < SUPPRESS_BASE
    table["low_base"] = (table["base_n"] < LOW_BASE) & ~table["suppressed"]
    table.loc[table["suppressed"], MEANS + INTERVALS] = np.nan
    return table.sort_values("channel", key=lambda c: c.map(ORDER)).reset_index(drop=True)


def gap_note(gap: pd.DataFrame) -> str:
    """The bases under the chart: per channel, and what the dots, bars and marks mean."""
    base = f"Base: {base_range(gap['base_n'])} contacts per channel"
    base += " that have both an expected and an actual response time"
    notes = ["Mean with 95% confidence interval"]
    if gap["low_base"].any():
        notes.append("* base under 30, read with caution")
    if gap["suppressed"].any():
        notes.append("channels with a base under 10 not shown")
    return f"{base}. " + "; ".join(notes) + "."


def gap_data(gap: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the chart, as people read them (Show data and the data exports)."""
    notes = np.where(
        gap["suppressed"], "base under 10: not shown", np.where(gap["low_base"], "base under 30: read with caution", "")
    )
    return pd.DataFrame(
        {
            "Channel": [label(v) for v in gap["channel"]],
            "Expected (mean minutes)": gap["expected_minutes"].round(1),
            "Expected 95% CI low (min)": gap["expected_low"].round(1),
            "Expected 95% CI high (min)": gap["expected_high"].round(1),
            "Actual (mean minutes)": gap["actual_minutes"].round(1),
            "Actual 95% CI low (min)": gap["actual_low"].round(1),
            "Actual 95% CI high (min)": gap["actual_high"].round(1),
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
    return "Chart: mean expected and actual response time by channel, with 95% intervals. " + "; ".join(items) + "."
