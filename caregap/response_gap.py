"""Expected against actual response time: mean minutes per channel, with 95% intervals, bases, flags and words."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import t as t_dist

from caregap.bases import base_range
from caregap.labels import label
from caregap.readout import ADJUSTED, base_flag_note, p_rounded
from caregap.significance import ALPHA, deciding_p, marks_mean
from caregap.stats import LOW_BASE, SUPPRESS_BASE
from caregap.views import ORDER

MEANS = ["expected_minutes", "actual_minutes"]
INTERVALS = ["expected_low", "expected_high", "actual_low", "actual_high"]
GAP = ["gap_minutes", "gap_low", "gap_high", "gap_p"]  # actual minus expected, per contact that has both
PAIRED = ("expected_paired", "response_paired", "gap_paired")  # the questions of those contacts
GAP_MARK = {"longer": "▲", "shorter": "▼"}
P_GAP = "p-value of the difference"
GAP_NAMES, FLOORS = ("expected", "actual", "gap"), (0.0, 0.0, None)
GAP_NOTES = {
    "longer": "actual significantly longer than expected",
    "shorter": "actual significantly shorter than expected",
    "": "",
}
SUMS = ("n", "w", "wx", "w2", "w2x", "w2x2")  # the hits' sums a mean and its interval are computed from


def mean_interval(sums: pd.DataFrame, *, floor: float | None = 0.0) -> pd.DataFrame:
    """Weighted mean, its 95% t interval and the p-value of a zero mean, from the hits' sums (hit_* columns of SUMS).

    The variance is the linearised (Taylor) variance of the ratio Σwx / Σw, n / (n - 1) · Σw²(x - mean)² / (Σw)²,
    with n - 1 degrees of freedom: what survey packages give for independent contacts with unequal weights.
    The lower bound stops at floor (0 for times: a small, skewed base would otherwise reach below it; None for
    differences, which may be negative).
    """
    n, w, wx, w2, w2x, w2x2 = (sums[f"hit_{name}"].to_numpy(float) for name in SUMS)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = wx / w
        spread = np.clip(w2x2 - 2 * mean * w2x + mean * mean * w2, 0.0, None)  # Σw²(x - mean)², not below 0
        dof = np.where(n > 1, n - 1, np.nan)
        se = np.sqrt(n / dof * spread) / w
        half = t_dist.ppf(1 - ALPHA / 2, dof) * se
        p = np.where(se > 0, 2 * t_dist.sf(np.abs(mean) / se, dof), np.where(mean == 0, 1.0, 0.0))
    low = mean - half if floor is None else np.maximum(mean - half, floor)
    p = np.where(np.isnan(dof), np.nan, p)
    return pd.DataFrame({"mean": mean, "low": low, "high": mean + half, "p": p}, index=sums.index)


def _channel_means(dist: pd.DataFrame, name: str, floor: float | None = 0.0) -> pd.DataFrame:
    """One timed question's weighted mean minutes, 95% interval and p per channel (whole slice), with the base."""
    sums = dist[dist["segment"] == "All"].groupby("channel")[[f"hit_{c}" for c in SUMS]].sum()
    stats = mean_interval(sums, floor=floor)
    names = [f"{name}_minutes", f"{name}_low", f"{name}_high", f"{name}_p"]
    return stats.set_axis(names, axis=1).assign(base_n=sums["hit_n"])


def gap_from(dists: dict[str, pd.DataFrame], tests: str = "each") -> pd.DataFrame:
    """Mean expected and actual response minutes per channel, over contacts that have both, with 95% intervals,
    and the gap (actual minus expected, per contact) with its interval, p-value and direction where significant.

    dists: the distributions of PAIRED. Channels with under 10 such contacts keep their base but none of the
    rest; under 30 are flagged. tests: each channel's test at 5% ('each'), or corrected over the channels
    ('fdr', which adds gap_p_adjusted; see significance.deciding_p).
    """
    expected, actual, gap = (_channel_means(dists[q], n, f) for q, n, f in zip(PAIRED, GAP_NAMES, FLOORS, strict=True))
    means = expected.join(actual.drop(columns="base_n")).join(gap.drop(columns="base_n"))
    table = means[[*MEANS, "base_n", *INTERVALS, *GAP]].rename_axis("channel").reset_index()
    table["suppressed"] = table["base_n"] < SUPPRESS_BASE
    table["low_base"] = (table["base_n"] < LOW_BASE) & ~table["suppressed"]
    table.loc[table["suppressed"], MEANS + INTERVALS + GAP] = np.nan
    deciding = deciding_p(table["gap_p"], tests)
    if tests != "each":
        table["gap_p_adjusted"] = deciding
    significant = deciding < ALPHA
    table["gap_direction"] = np.where(significant, np.where(table["gap_minutes"] > 0, "longer", "shorter"), "")
    return table.sort_values("channel", key=lambda c: c.map(ORDER)).reset_index(drop=True)


def gap_note(gap: pd.DataFrame) -> str:
    """The bases under the chart: per channel, and what the dots, bars and marks mean."""
    base = f"Base: {base_range(gap['base_n'], 'contacts')} per channel"
    base += " that have both an expected and an actual response time"
    notes = ["Mean with 95% confidence interval"]
    if (gap["gap_direction"] != "").any():
        test = f"paired t-test on the same contacts, {marks_mean(gap, 'gap_p_adjusted')}"
        notes.append(f"▲▼ actual significantly longer / shorter than expected ({test})")
    if gap["low_base"].any():
        notes.append("* base under 30, read with caution")
    if gap["suppressed"].any():
        notes.append("channels with a base under 10 not shown")
    return f"{base}. " + "; ".join(notes) + "."


def gap_data(gap: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the chart, as people read them (Show data and the data exports)."""
    notes = [
        "; ".join(filter(None, [base_flag_note(row), GAP_NOTES[row["gap_direction"]]])) for _, row in gap.iterrows()
    ]
    data = pd.DataFrame(
        {
            "Channel": [label(v) for v in gap["channel"]],
            "Expected (mean minutes)": gap["expected_minutes"].round(1),
            "Expected 95% CI low (min)": gap["expected_low"].round(1),
            "Expected 95% CI high (min)": gap["expected_high"].round(1),
            "Actual (mean minutes)": gap["actual_minutes"].round(1),
            "Actual 95% CI low (min)": gap["actual_low"].round(1),
            "Actual 95% CI high (min)": gap["actual_high"].round(1),
            "Actual minus expected (mean minutes)": gap["gap_minutes"].round(1),
            "Difference 95% CI low (min)": gap["gap_low"].round(1),
            "Difference 95% CI high (min)": gap["gap_high"].round(1),
            P_GAP: p_rounded(gap["gap_p"]),
            "Base (n)": gap["base_n"].astype(int),
            "Note": notes,
        }
    )
    if "gap_p_adjusted" in gap.columns:  # corrected over the channels: the p-value that decided, beside the test's
        data.insert(data.columns.get_loc("Base (n)"), P_GAP + ADJUSTED, p_rounded(gap["gap_p_adjusted"]))
    return data


def gap_alt_text(gap: pd.DataFrame) -> str:
    """A sentence a screen reader can read instead of the expected-versus-actual chart."""
    items = [
        f"{label(row.channel)}: not shown (base under 10)"
        if row.suppressed
        else f"{label(row.channel)}: expected {row.expected_minutes:,.0f} min, actual {row.actual_minutes:,.0f} min"
        + (f" (significantly {row.gap_direction})" if row.gap_direction else "")
        for row in gap.itertuples()
    ]
    return "Chart: mean expected and actual response time by channel, with 95% intervals. " + "; ".join(items) + "."
