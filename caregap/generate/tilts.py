"""Modelled tilts: race propensities that lean answers by age group and by a respondent's other answers."""

from __future__ import annotations

import numpy as np

from caregap.contract import AGE_GROUPS, CHANNELS

AGE_SLOPE = np.array([1.5, 0.5, -0.5, -1.5])  # 18-29 ... 60+
# Above 1: the channel leans young; below 1: it leans old.
CHANNEL_YOUTH = {"phone": 0.8, "email": 1.0, "chat": 1.35, "social": 1.6, "sms": 1.5, "in_person": 0.75}
# How often each channel is picked for a contact, before the age lean (modelled).
CHANNEL_USE = {"phone": 3.0, "email": 1.5, "chat": 0.8, "social": 1.6, "sms": 0.3, "in_person": 0.55}
CHANNEL_USE_YOUTH = {"phone": 0.85, "email": 1.0, "chat": 1.3, "social": 1.45, "sms": 1.4, "in_person": 0.8}


def age_lean(strength: float) -> np.ndarray:
    """Propensity by age group: strength > 1 favours the young, < 1 the old (1 at the middle)."""
    return float(strength) ** AGE_SLOPE


def channel_by_age(youth: dict[str, float], base: dict[str, float] | None = None) -> np.ndarray:
    """Table (age group x channel) of propensities from per-channel youth strengths."""
    table = np.column_stack([age_lean(youth[c]) for c in CHANNELS])
    if base is not None:
        table = table * np.array([base[c] for c in CHANNELS])
    return table


def channel_with_own(by_age: np.ndarray, boost: float) -> np.ndarray:
    """Table ((age group x own channel) x channel): by_age, boosted where the channel is the respondent's own."""
    own = np.where(np.eye(len(CHANNELS), dtype=bool), boost, 1.0)
    return (by_age[:, None, :] * own[None, :, :]).reshape(len(AGE_GROUPS) * len(CHANNELS), len(CHANNELS))


def group(*parts: tuple[np.ndarray, int]) -> np.ndarray:
    """Combined group index of (code, number of codes) parts, first part most significant."""
    out = np.zeros(parts[0][0].shape[0], dtype=np.int64)
    for codes, size in parts:
        out = out * size + codes
    return out
