"""One dataset's targets: published figures where the study gave them, modelled values elsewhere."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from caregap.generate.modelled import MODELLED, MODELLED_BY_DATASET
from caregap.generate.published import PUBLISHED

Group = tuple[frozenset | set, float]


def calibrate(default: dict[Any, float], groups: Sequence[Group]) -> dict[Any, float]:
    """Shares with each group of answers scaled to its share and the other answers to the rest."""
    out = dict(default)
    fixed: set = set()
    for answers, share in groups:
        members = [a for a in default if a in answers]  # the default's order, never a set's
        total = sum(default[a] for a in members)
        for answer in members:
            out[answer] = default[answer] / total * share if total else share / len(members)
        fixed |= set(members)
    free = [a for a in default if a not in fixed]
    rest, free_total = 1.0 - sum(out[a] for a in fixed), sum(default[a] for a in free)
    for answer in free:
        out[answer] = default[answer] / free_total * rest if free_total else 0.0
    return out


class Targets:
    """Targets of one dataset: published values first, then dataset-specific and general modelled ones."""

    def __init__(self, dataset_id: str) -> None:
        """Look up the dataset's published and modelled targets."""
        self.published = PUBLISHED.get(dataset_id, {})
        extra = MODELLED_BY_DATASET.get(dataset_id, {})
        self.modelled = {key: {**subs, **extra.get(key, {})} for key, subs in MODELLED.items()}

    def is_published(self, key: str, sub: Hashable = None) -> bool:
        """Whether the study published a figure for this key and sub-key."""
        return sub in self.published.get(key, {})

    def rate(self, key: str, sub: Hashable = None) -> float:
        """A share true: published if given, else modelled."""
        if self.is_published(key, sub):
            return float(self.published[key][sub])
        return float(self.modelled[key][sub])

    def rates(self, key: str, subs: Sequence[Hashable]) -> np.ndarray:
        """rate() for each sub-key, as an array."""
        return np.array([self.rate(key, sub) for sub in subs])

    def dist(self, key: str, sub: Hashable = None, default: dict | None = None) -> dict[Any, float]:
        """A distribution {answer: share}: the modelled one, calibrated to any published groups."""
        base = self.modelled[key][sub] if default is None else default
        return calibrate(base, self.published.get(key, {}).get(sub, []))

    def shares(self, key: str, answers: Sequence[Hashable], sub: Hashable = None) -> np.ndarray:
        """dist() as an array in the order of answers."""
        dist = self.dist(key, sub)
        return np.array([dist.get(answer, 0.0) for answer in answers])

    def published_fields(self) -> list[str]:
        """Contract fields with at least one published target, in key order."""
        return list(self.published)
