"""Exact weighted quota assignment: pure, vectorised helpers that work for 1,000 or 10,000,000 rows.

A target weighted share p of a base goes to a category by a weighted random race: every row draws a key
-log(u) / propensity, rows are taken in key order until their cumulative weight reaches p x total weight,
and the cut is chosen so that the share lands as close to the target as the row weights allow.
"""

from __future__ import annotations

import numpy as np

WINDOW = 64  # rows after the cut considered when fine-tuning it
SMALL = 250_000  # bases up to this size are sorted whole; larger ones are partitioned first
Rng = np.random.Generator
Tilt = tuple[np.ndarray, np.ndarray]  # (group index of each row, propensity table: groups x categories)


def race_keys(rng: Rng, propensity: np.ndarray) -> np.ndarray:
    """Exponential race keys: smaller keys win; rows with propensity 0 never win (key = inf)."""
    draws = -np.log1p(-rng.random(propensity.shape[0]))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(propensity > 0, draws / propensity, np.inf)


def _best_cut(cum: np.ndarray, sorted_w: np.ndarray, target: float, start: float = 0.0) -> tuple[int, int]:
    """(prefix length, extra position or -1) whose summed weight (plus start) is closest to target."""
    m = cum.shape[0]
    k = int(np.searchsorted(cum, target, side="right"))
    base_k = cum[k - 1] if k > 0 else start
    options = [(abs(base_k - target), k, -1)]
    extra = np.arange(k, min(m, k + WINDOW))
    if extra.size:
        gaps = np.abs(base_k + sorted_w[extra] - target)
        options.append((gaps.min(), k, int(extra[gaps.argmin()])))
        if k > 0:
            base_less = cum[k - 2] if k > 1 else start
            gaps = np.abs(base_less + sorted_w[extra] - target)
            options.append((gaps.min(), k - 1, int(extra[gaps.argmin()])))
    best = min(options, key=lambda option: option[0])
    return best[1], best[2]


def _key_order(keys: np.ndarray, weights: np.ndarray, target: float, eligible: int) -> tuple[np.ndarray, ...]:
    """(rows surely taken, the following rows in key order) around where the weight reaches target.

    Small bases: one stable sort. Large ones: a partition, then a stable sort of a band around the cut.
    """
    if eligible <= SMALL:
        return _sort_all(keys, eligible)
    mean = float(weights[np.isfinite(keys)].mean())
    k = target / mean
    for _ in range(6):
        spread = int(6 * np.sqrt(k)) + 4 * WINDOW + 1024
        lo, hi = int(np.clip(k - spread, 0, eligible - 1)), int(np.clip(k + spread, 1, eligible))
        order = np.argpartition(keys, (lo, hi - 1))
        head, band = order[:lo], order[lo:hi]
        base = float(weights[head].sum())
        top = base + float(weights[band].sum())
        if base > target:
            k = lo - (base - target) / mean - spread
        elif top < target + WINDOW * float(weights.max()) and hi < eligible:
            k = hi + (target - top) / mean + spread
        else:
            return head, band[np.argsort(keys[band], kind="stable")]
    return _sort_all(keys, eligible)


def _sort_all(keys: np.ndarray, eligible: int) -> tuple[np.ndarray, np.ndarray]:
    """No rows surely taken; every eligible row in key order."""
    return np.empty(0, dtype=np.int64), np.argsort(keys, kind="stable")[:eligible]


def take(keys: np.ndarray, weights: np.ndarray, target: float) -> np.ndarray:
    """Boolean mask of the rows that win the race, weighing as close to target as possible."""
    chosen = np.zeros(keys.shape[0], dtype=bool)
    if target <= 0 or keys.shape[0] == 0:
        return chosen
    finite = np.isfinite(keys)
    if float(weights[finite].sum()) <= target:
        chosen[finite] = True
        return chosen
    head, band = _key_order(keys, weights, target, int(finite.sum()))
    start = float(weights[head].sum())
    sorted_w = weights[band]
    prefix, extra = _best_cut(start + np.cumsum(sorted_w), sorted_w, target, start)
    chosen[head] = True
    chosen[band[:prefix]] = True
    if extra >= 0:
        chosen[band[extra]] = True
    return chosen


def assign(
    rng: Rng,
    weights: np.ndarray,
    shares: np.ndarray,
    tilt: Tilt | None = None,
    order: tuple[int, ...] | None = None,
) -> np.ndarray:
    """Category codes hitting weighted shares (cumulatively, in `order`); the last category takes the rest.

    tilt: (group of each row, groups x categories race propensities), or None for no tilt.
    """
    n, k = weights.shape[0], len(shares)
    order = tuple(range(k)) if order is None else order
    codes = np.full(n, order[-1], dtype=np.int8)
    open_rows = np.arange(n)
    goal, taken = 0.0, 0.0
    total = float(weights.sum())
    for cat in order[:-1]:
        goal += float(shares[cat]) * total
        prop = np.ones(open_rows.shape[0]) if tilt is None else tilt[1][tilt[0][open_rows], cat]
        won = take(race_keys(rng, prop), weights[open_rows], goal - taken)
        codes[open_rows[won]] = cat
        taken += float(weights[open_rows[won]].sum())
        open_rows = open_rows[~won]
    return codes


def assign_by_segment(
    rng: Rng,
    weights: np.ndarray,
    segment: np.ndarray,
    shares: np.ndarray,
    tilt: Tilt | None = None,
    order: tuple[int, ...] | None = None,
) -> np.ndarray:
    """assign() within each segment s with its own shares[s] (segments are 0..len(shares)-1)."""
    codes = np.zeros(weights.shape[0], dtype=np.int8)
    for seg in range(shares.shape[0]):
        rows = np.flatnonzero(segment == seg)
        if rows.size:
            sub = None if tilt is None else (tilt[0][rows], tilt[1])
            codes[rows] = assign(rng, weights[rows], shares[seg], sub, order)
    return codes


def _flag_tilt(tilt: Tilt | None) -> Tilt | None:
    """A yes/no tilt (group propensities of 'yes') as a two-category tilt."""
    return None if tilt is None else (tilt[0], np.column_stack([tilt[1], np.ones_like(tilt[1])]))


def flag(rng: Rng, weights: np.ndarray, share: float, tilt: Tilt | None = None) -> np.ndarray:
    """Boolean: True for a weighted share of the rows (rows in groups with propensity 0 stay False)."""
    return assign(rng, weights, np.array([share, 1.0 - share]), _flag_tilt(tilt)) == 0


def flag_by_segment(
    rng: Rng, weights: np.ndarray, segment: np.ndarray, shares: np.ndarray, tilt: Tilt | None = None
) -> np.ndarray:
    """flag() within each segment s with its own share shares[s]."""
    table = np.column_stack([shares, 1.0 - shares])
    return assign_by_segment(rng, weights, segment, table, _flag_tilt(tilt)) == 0
