"""The synthetic sample: age group x gender quotas skewed like an online panel, and cell weights."""

from __future__ import annotations

import numpy as np

from caregap.contract import AGE_GROUPS, GENDERS
from caregap.generate.quota import Rng, assign

# Plausible U.S. adult population shares (modelled): age groups, then gender within age.
POPULATION_AGE = np.array([0.215, 0.250, 0.265, 0.270])
POPULATION_GENDER = np.array([0.505, 0.465, 0.020, 0.010])
# The synthetic panel over-represents people aged 45+ and women, as online panels often do.
SAMPLE_AGE = np.array([0.140, 0.220, 0.300, 0.340])
SAMPLE_GENDER = np.array([0.580, 0.390, 0.020, 0.010])
REGIONS = ("northeast", "midwest", "south", "west")
POPULATION_REGION = np.array([0.176, 0.211, 0.377, 0.236])  # U.S. census regions


def cell_counts(n: int, shares: np.ndarray) -> np.ndarray:
    """Whole counts summing to n closest to n x shares (largest remainder; ties to the first cell)."""
    exact = shares / shares.sum() * n
    counts = np.floor(exact).astype(np.int64)
    short = n - int(counts.sum())
    by_remainder = np.argsort(-(exact - counts), kind="stable")
    counts[by_remainder[:short]] += 1
    return counts


def demographics(rng: Rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Age group and gender codes of n respondents: exact skewed quotas, in random order."""
    cells = cell_counts(n, np.outer(SAMPLE_AGE, SAMPLE_GENDER).ravel())
    cell = np.repeat(np.arange(cells.shape[0], dtype=np.int8), cells)
    cell = cell[rng.permutation(n)]
    return (cell // len(GENDERS)).astype(np.int8), (cell % len(GENDERS)).astype(np.int8)


def cell_weights(age: np.ndarray, gender: np.ndarray) -> np.ndarray:
    """Weights bringing each age x gender cell to its population share; mean 1, rounded to 4 decimals."""
    cell = age.astype(np.int64) * len(GENDERS) + gender
    counts = np.bincount(cell, minlength=len(AGE_GROUPS) * len(GENDERS))
    target = np.outer(POPULATION_AGE, POPULATION_GENDER).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        per_cell = np.where(counts > 0, target / counts, 0.0)
    weights = per_cell[cell]
    return np.round(weights / weights.mean(), 4)


def regions(rng: Rng, weights: np.ndarray) -> np.ndarray:
    """U.S. census region codes at population shares (weighted)."""
    return assign(rng, weights, POPULATION_REGION)
