"""Who contacted customer service on which channels, on which network, why, and how soon they expected an answer."""

from __future__ import annotations

import numpy as np

from caregap.contract import AGE_GROUPS, CHANNELS, NETWORKS, REASONS
from caregap.generate.quota import Rng, assign, assign_by_segment
from caregap.generate.targets import Targets, calibrate
from caregap.generate.tilts import (
    CHANNEL_USE,
    CHANNEL_USE_YOUTH,
    age_lean,
    channel_by_age,
    channel_with_own,
    group,
)

SOCIAL = CHANNELS.index("social")
KEY = "expected_response_minutes"


def channels_used(rng: Rng, t: Targets, w: np.ndarray, age: np.ndarray, preferred: np.ndarray) -> np.ndarray:
    """Boolean (respondents x channels): 1-4 channels each, the young using more and leaning to chat and social."""
    lean = np.column_stack([np.ones(4)] + [age_lean(1.25)] * 3)
    shares = t.shares("channels_per_respondent", (1, 2, 3, 4))
    n_channels = assign(rng, w, shares, (age, lean), (3, 2, 1, 0)) + 1
    table = channel_with_own(channel_by_age(CHANNEL_USE_YOUTH, CHANNEL_USE), 3.0).astype(np.float32)
    keys = rng.standard_exponential((w.shape[0], len(CHANNELS)), dtype=np.float32)
    keys /= table[group((age, len(AGE_GROUPS)), (preferred, len(CHANNELS)))]
    cut = np.sort(keys, axis=1)[np.arange(w.shape[0]), n_channels - 1]
    return keys <= cut[:, None]


def networks(rng: Rng, t: Targets, c: dict[str, np.ndarray], favorites: np.ndarray) -> np.ndarray:
    """Network of each social contact (-1 elsewhere): instagram leans young; favourites are likelier."""
    rows = np.flatnonzero(c["channel"] == SOCIAL)
    lean = np.column_stack([np.ones(4), age_lean(1.2), age_lean(2.0), np.ones(4)])
    named = (np.arange(16)[:, None] >> np.arange(len(NETWORKS))[None, :]) & 1
    table = (lean[:, None, :] * np.where(named, 3.0, 1.0)[None, :, :]).reshape(64, len(NETWORKS))
    g = group((c["age"][rows], 4), (favorites[c["respondent"][rows]], 16))
    out = np.full(c["channel"].shape[0], -1, dtype=np.int8)
    out[rows] = assign(rng, c["w"][rows], t.shares("network", NETWORKS, "social"), (g, table), (2, 1, 3, 0))
    return out


def reasons(rng: Rng, t: Targets, c: dict[str, np.ndarray], r: dict[str, np.ndarray]) -> np.ndarray:
    """Why each channel was used, per channel; 'preferred', 'urgent', 'fastest' match the person's answers."""
    own = [
        (r[f][c["respondent"]] == c["channel"]).astype(np.int64)
        for f in ("preferred_channel", "urgent_channel", "fastest_channel")
    ]
    g = own[0] + 2 * own[1] + 4 * own[2]
    bits = np.arange(8)
    table = np.ones((8, len(REASONS)))
    table[:, REASONS.index("preferred_channel")] = np.where(bits & 1, 4.0, 1.0)
    table[:, REASONS.index("urgent")] = np.where(bits & 2, 3.0, 1.0)
    table[:, REASONS.index("fastest")] = np.where(bits & 4, 3.0, 1.0)
    shares = np.array([t.shares("reason", REASONS, ch) for ch in CHANNELS])
    return assign_by_segment(rng, c["w"], c["channel"], shares, (g, table), (0, 4, 3, 2, 1, 5))


def _labels(t: Targets, channel: str) -> list:
    """Expected-minute answers of a channel: blank (None) first, then minutes ascending."""
    minutes = sorted(k for k in t.modelled[KEY][channel] if k is not None)
    return [None, *minutes]


def _speed_lean(labels: list) -> np.ndarray:
    """Table (age group x answer): the young lean to the faster half; the old to expecting no answer."""
    fast = len(labels) // 2
    cols = [age_lean(0.8)] + [age_lean(1.5) if i <= fast else np.ones(4) for i in range(1, len(labels))]
    return np.column_stack(cols)


def _social_segments(t: Targets, labels: list) -> np.ndarray | None:
    """Per-network shares when a study published expectations by network, else None."""
    if not any(t.is_published(KEY, f"social:{n}") for n in NETWORKS):
        return None
    blank = t.modelled["expected_blank_by_network"]
    rows = []
    for n in NETWORKS:
        default = calibrate(t.modelled[KEY]["social"], [({None}, blank[n])])
        dist = t.dist(KEY, f"social:{n}", default=default)
        rows.append([dist[label] for label in labels])
    return np.array(rows)


def _social_expected(rng: Rng, t: Targets, w: np.ndarray, age: np.ndarray, net: np.ndarray) -> np.ndarray:
    """Codes of the social answers: per network if published so, else overall with a network lean."""
    labels = _labels(t, "social")
    lean = _speed_lean(labels)
    per_network = _social_segments(t, labels)
    if per_network is not None:
        return assign_by_segment(rng, w, net, per_network, (age, lean))
    blank = t.modelled["expected_blank_by_network"]
    by_net = np.array([blank[n] for n in NETWORKS]) / np.mean(list(blank.values()))
    table = np.repeat(lean, len(NETWORKS), axis=0)
    table[:, 0] *= np.tile(by_net, len(AGE_GROUPS))
    dist = t.dist(KEY, "social")
    return assign(rng, w, np.array([dist[x] for x in labels]), (group((age, 4), (net, 4)), table))


def expected_minutes(rng: Rng, t: Targets, c: dict[str, np.ndarray], net: np.ndarray) -> np.ndarray:
    """Minutes within which an answer is expected (-1 = blank: none expected), per channel."""
    out = np.full(c["channel"].shape[0], -1, dtype=np.int32)
    for code, channel in enumerate(CHANNELS):
        rows = np.flatnonzero(c["channel"] == code)
        labels = _labels(t, channel)
        w, age = c["w"][rows], c["age"][rows].astype(np.int64)
        if channel == "social":
            codes = _social_expected(rng, t, w, age, net[rows].astype(np.int64))
        else:
            dist = t.dist(KEY, channel)
            codes = assign(rng, w, np.array([dist[x] for x in labels]), (age, _speed_lean(labels)))
        minutes = np.array([-1 if x is None else x for x in labels], dtype=np.int32)
        out[rows] = minutes[codes]
    return out
