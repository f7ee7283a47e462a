"""Raking: respondent weights matching target shares of several variables at once (iterative proportional fitting)."""

from __future__ import annotations

import numpy as np

from caregap.stats import effective_base

TOLERANCE = 1e-6  # largest allowed gap between a weighted share and its target (as a proportion)
MAX_ROUNDS = 200


class WeightingError(ValueError):
    """Targets that no set of positive weights can meet, said plainly."""


def _check(variable: str, values: np.ndarray, target: dict[str, float]) -> dict[str, float]:
    """Targets as proportions summing to 1; every group in the sample has one, none is for an empty group."""
    total = sum(target.values())
    if not 99.5 <= total <= 100.5:
        raise WeightingError(f"the {variable} targets add up to {total:g}%, not 100%")
    present = set(values.tolist())
    for group, share in target.items():
        if share > 0 and group not in present:
            raise WeightingError(f"{variable} {group} has a target of {share:g}% but no respondent is in it")
    for group in sorted(present):
        if target.get(group, 0) <= 0:
            raise WeightingError(f"{variable} {group} has respondents but no target above 0%")
    return {group: share / total for group, share in target.items() if share > 0}


def sample_shares(values: list[str], groups: tuple[str, ...]) -> dict[str, float]:
    """The percentage of the sample in each group that has anyone in it, exactly (a tiny group is never 0%)."""
    return {g: 100 * values.count(g) / len(values) for g in groups if g in values}


def equal_shares(values: list[str], groups: tuple[str, ...], keep: tuple[str, ...] = ()) -> dict[str, float]:
    """The same percentage for each group that has anyone in it, but groups in keep stay as sampled (a small
    nonbinary or undisclosed group is not raised to a quarter of the sample); the others share the rest."""
    sampled = sample_shares(values, groups)
    equal = [g for g in sampled if g not in keep] or list(sampled)
    rest = 100 - sum(share for g, share in sampled.items() if g not in equal)
    return {g: rest / len(equal) if g in equal else share for g, share in sampled.items()}


def rake(columns: dict[str, list[str]], targets: dict[str, dict[str, float]]) -> np.ndarray:
    """Weights (mean 1) whose weighted shares of each column match its targets (percent per group)."""
    arrays = {name: np.asarray(values, dtype=object) for name, values in columns.items()}
    wanted = {name: _check(name, arrays[name], targets[name]) for name in arrays}
    weights = np.ones(len(next(iter(arrays.values()))))
    for _ in range(MAX_ROUNDS):
        for name, values in arrays.items():
            for group, share in wanted[name].items():
                cell = values == group
                weights[cell] *= share * weights.sum() / weights[cell].sum()
        if max(_gap(weights, arrays[name], wanted[name]) for name in arrays) < TOLERANCE:
            return weights / weights.mean()
    raise WeightingError(f"the targets could not all be met after {MAX_ROUNDS} rounds; they may contradict each other")


def _gap(weights: np.ndarray, values: np.ndarray, target: dict[str, float]) -> float:
    """The largest gap between a weighted share and its target."""
    total = weights.sum()
    return max(abs(weights[values == group].sum() / total - share) for group, share in target.items())


def efficiency(weights: np.ndarray) -> tuple[float, float]:
    """Kish effective base of the weights and the weighting efficiency (effective base / sample size, 0-1)."""
    base = effective_base(float(weights.sum()), float((weights**2).sum()))
    return base, base / len(weights)
