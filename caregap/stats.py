"""Survey statistics on share tables: weighted shares, Wilson intervals on the Kish base, base flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from caregap.significance import ALPHA, with_marks

LOW_BASE = 30  # bases (unweighted respondents or contacts; people, for contacts pooled over channels) under this
SUPPRESS_BASE = 10  # are flagged; under this, not shown at all
PAIR_COLUMNS = ("hit_w2", "pair_hh", "pair_hm", "pair_mm")  # sums over respondents: a segment's rest subtracts them


def effective_base(base_w: pd.Series | float, base_w2: pd.Series | float) -> pd.Series | float:
    """Kish effective base: (sum of weights)^2 / sum of squared weights; 0 for an empty base."""
    w, w2 = np.asarray(base_w, dtype=float), np.asarray(base_w2, dtype=float)
    out = np.divide(w * w, w2, out=np.zeros_like(w), where=w2 > 0)
    return pd.Series(out, index=base_w.index) if isinstance(base_w, pd.Series) else float(out)


def counted_base(table: pd.DataFrame) -> pd.Series:
    """The base small-base flags count: the people a base's contacts come from where a table carries them
    (base_people: contacts pooled over channels), else base_n (respondents, or contacts, one per person)."""
    return table["base_people"] if "base_people" in table.columns else table["base_n"]


def clustering_effect(table: pd.DataFrame, p: np.ndarray) -> np.ndarray:
    """Design effect of pooling several contacts of one person: variance with / without the pairs, at least 1.

    From a share table with pair_hh, pair_hm, pair_mm (pairs of one respondent's different contacts: both hits,
    the first a hit, all; see queries/contact_pair_sums.sql) and hit_w2, base_w2; 1 where there are no pairs.
    Linearised variance of a ratio clustered by respondent, over the same without clusters (Kish's assumption).
    """
    if "pair_mm" not in table.columns:
        return np.ones(len(table))
    alone = _alone(table, p)
    ratio = np.divide(alone + _paired(table, "pair", p), alone, out=np.ones(len(table)), where=alone > 1e-12)
    return np.maximum(ratio, 1.0)


def _alone(table: pd.DataFrame, p: np.ndarray) -> np.ndarray:
    """Each contact's own weighted squared deviation from p, summed: Σ w²(h - p)² (h is 0 or 1)."""
    return table["hit_w2"].to_numpy(float) * (1 - 2 * p) + p * p * table["base_w2"].to_numpy(float)


def _paired(table: pd.DataFrame, prefix: str, p: np.ndarray, q: np.ndarray | None = None) -> np.ndarray:
    """Over pairs of one person's two contacts, Σ w_a w_b (h_a - p)(h_b - q), from their sums (hh, hm, mh, mm)."""
    q = p if q is None else q
    col = {c: table[f"{prefix}_{c}"].to_numpy(float) for c in ("hh", "hm", "mm")}
    second = table[f"{prefix}_mh"].to_numpy(float) if f"{prefix}_mh" in table.columns else col["hm"]  # symmetric
    return col["hh"] - q * col["hm"] - p * second + p * q * col["mm"]


def difference_effect(table: pd.DataFrame, rest: pd.DataFrame, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Design effect of a segment's share minus the rest's when both hold contacts of the same people (channels).

    table: the segments (channels), with their own sums and the pairs of one person's contacts both in the rest
    (rest_*) and the first in the segment, the second in the rest (cross_*); rest: the rest's own sums; p, q: the
    two shares. A person has one contact per channel (contract.GRAINS), so no pair lies inside one segment.
    Linearised variance of the difference clustered by respondent over the same without clusters (a positive
    cross term, one person alike on both sides, narrows it); at least 1.
    """
    w1, w2 = table["base_w"].to_numpy(float), rest["base_w"].to_numpy(float)
    alone1, alone2 = _alone(table, p), _alone(rest, q)
    with np.errstate(divide="ignore", invalid="ignore"):
        independent = alone1 / w1**2 + alone2 / w2**2
        clustered = alone1 / w1**2 + (alone2 + _paired(table, "rest", q)) / w2**2
        clustered -= 2 * _paired(table, "cross", p, q) / (w1 * w2)
        ratio = np.where(np.isfinite(independent) & (independent > 1e-15), clustered / independent, 1.0)
    return np.maximum(np.nan_to_num(ratio, nan=1.0), 1.0)


def wilson(share: np.ndarray, n_eff: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson interval of proportions (0-1) on effective bases."""
    share, n_eff = np.asarray(share, dtype=float), np.asarray(n_eff, dtype=float)
    safe = np.where(n_eff > 0, n_eff, 1.0)
    low, high = proportion_confint(share * safe, safe, alpha=ALPHA, method="wilson")
    empty = n_eff <= 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def add_share_stats(table: pd.DataFrame) -> pd.DataFrame:
    """Add share, ci_low, ci_high (percent), effective_base, low_base and suppressed to a share table.

    A share table has base_n, base_w, base_w2 and hit_w columns (as every share query returns); contacts pooled
    over channels may also carry their pairs (see clustering_effect), which widen the interval.
    """
    out = table.copy()
    prop = np.divide(
        out["hit_w"].to_numpy(float),
        out["base_w"].to_numpy(float),
        out=np.full(len(out), np.nan),
        where=out["base_w"].to_numpy(float) > 0,
    )
    out["design_effect"] = clustering_effect(out, np.nan_to_num(prop))
    out["effective_base"] = effective_base(out["base_w"], out["base_w2"]) / out["design_effect"]
    low, high = wilson(np.nan_to_num(prop), out["effective_base"].to_numpy(float))
    counted = counted_base(out)
    out["suppressed"] = counted < SUPPRESS_BASE
    out["low_base"] = (counted < LOW_BASE) & ~out["suppressed"]
    hide = out["suppressed"].to_numpy()
    out["share"] = np.where(hide, np.nan, prop * 100)
    out["ci_low"] = np.where(hide, np.nan, low * 100)
    out["ci_high"] = np.where(hide, np.nan, high * 100)
    return out


def margin_of_error(n_eff: float, share: float = 0.5) -> float:
    """Half-width in points of the 95% interval of a share (50% by default) on an effective base."""
    low, high = wilson(np.array([share]), np.array([n_eff]))
    return float((high[0] - low[0]) / 2 * 100)


def two_proportion_p(p1: float, n1: float, p2: float, n2: float) -> float:
    """p-value of a two-sided two-proportion z-test (pooled), on effective bases; NaN if undefined."""
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2) if min(n1, n2) > 0 else 0.0
    if min(n1, n2) <= 0 or not 1e-12 < pooled < 1 - 1e-12:
        return float("nan")  # an empty side, or nobody (or everybody) on both sides: nothing to test
    _, p_value = proportions_ztest(np.array([p1 * n1, p2 * n2]), np.array([n1, n2]))
    return float(p_value)


def _rest(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """For each segment row, the 'All' row of its group minus the segment: everyone else in the slice."""
    summed = ("base_n", "base_people", "base_w", "base_w2", "hit_w", *PAIR_COLUMNS)
    columns = [c for c in summed if c in table.columns]
    group = keys or ["_whole_slice"]
    data = table.assign(_whole_slice=0)
    total = data[data["segment"] == "All"].set_index(group)[columns].add_suffix("_all")
    joined = data.join(total, on=group)
    return pd.DataFrame({c: joined[f"{c}_all"] - joined[c] for c in columns}, index=table.index)


def _rest_counted(table: pd.DataFrame, rest: pd.DataFrame) -> pd.Series:
    """What the rest of a segment's slice counts for its small-base check: for channels, the people with a contact
    on another channel (rest_people, where the table carries them); else the rest's own counted base."""
    return table["rest_people"] if "rest_people" in table.columns else counted_base(rest)


def _test_bases(table: pd.DataFrame, rest: pd.DataFrame, rest_share: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """The effective bases a segment and the rest of its slice are tested on.

    Different people (age groups, genders): each its own, divided by its own clustering; the same people's
    contacts on either side (channels, with cross_* pairs): both Kish bases divided by the difference's.
    """
    rest_n = effective_base(rest["base_w"], rest["base_w2"])
    if "cross_mm" not in table.columns:
        return table["effective_base"], rest_n / clustering_effect(rest, np.nan_to_num(rest_share))
    effect = difference_effect(table, rest, np.nan_to_num(table["share"].to_numpy(float) / 100), rest_share)
    return effective_base(table["base_w"], table["base_w2"]) / effect, rest_n / effect


def add_significance(table: pd.DataFrame, keys: list[str], tests: str = "each") -> pd.DataFrame:
    """Mark segments whose share differs from the rest of the slice (two-proportion test, 95%).

    `table` is a share table with add_share_stats applied and an 'All' row per group of `keys`. Adds p_value,
    significant and direction ('higher' / 'lower'); 'All' rows are never marked, nor a segment when it or the
    rest of the slice has a base under 10 (too few people to test against). tests: 'each' at 5%, or 'fdr'
    corrected over the table's tests (significance.with_marks).
    """
    rest = _rest(table, keys)
    untestable = table["suppressed"] | (_rest_counted(table, rest) < SUPPRESS_BASE)
    rest_share = np.divide(rest["hit_w"], rest["base_w"], out=np.full(len(table), np.nan), where=rest["base_w"] > 1e-9)
    rest_share = np.clip(rest_share, 0.0, 1.0)  # All minus a segment can be a rounding error below zero
    own_n, rest_n = _test_bases(table, rest, rest_share)
    p_values = [
        two_proportion_p(share / 100, n, other, m) if segment != "All" and not hidden else float("nan")
        for share, n, other, m, segment, hidden in zip(
            table["share"],
            own_n,
            rest_share,
            rest_n,
            table["segment"],
            untestable,
            strict=True,
        )
    ]
    return with_marks(table, p_values, table["share"].to_numpy(float) / 100 > rest_share, tests)
