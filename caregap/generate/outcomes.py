"""What happened to each contact: answer, answer time, resolution, effort, follow-up and satisfaction."""

from __future__ import annotations

import numpy as np

from caregap.contract import CHANNELS, NETWORKS, RESOLUTION_TIMES
from caregap.generate.quota import Rng, assign_by_segment, flag_by_segment
from caregap.generate.targets import Targets

SOCIAL = CHANNELS.index("social")
NEEDED = (1, 2, 3, 4, 5, 6)


def _network_rates(t: Targets, c: dict[str, np.ndarray], net: np.ndarray) -> np.ndarray:
    """Answer rates of social contacts per network, scaled to the overall social rate if that is published."""
    rates = t.rates("got_response", [f"social:{n}" for n in NETWORKS])
    if t.is_published("got_response", "social"):
        social = c["channel"] == SOCIAL
        w_net = np.bincount(net[social], weights=c["w"][social], minlength=len(NETWORKS))
        scale = t.rate("got_response", "social") * w_net.sum() / float(w_net @ rates)
        rates = np.minimum(rates * scale, 1.0)
    return rates


def got_response(rng: Rng, t: Targets, c: dict[str, np.ndarray], net: np.ndarray) -> np.ndarray:
    """Whether the brand answered: a rate per channel, and per network for social contacts."""
    segment = np.where(c["channel"] == SOCIAL, len(CHANNELS) + net, c["channel"]).astype(np.int64)
    rates = np.concatenate([t.rates("got_response", CHANNELS), _network_rates(t, c, net)])
    return flag_by_segment(rng, c["w"], segment, rates)


def response_minutes(rng: Rng, t: Targets, c: dict[str, np.ndarray], got: np.ndarray) -> np.ndarray:
    """Minutes to the brand's answer (log-normal per channel); -1 (blank) where there was none."""
    median, sigma = np.array([t.modelled["response_minutes"][ch] for ch in CHANNELS], dtype=float).T
    z = rng.standard_normal(c["channel"].shape[0])
    minutes = np.rint(median[c["channel"]] * np.exp(sigma[c["channel"]] * z)).astype(np.int32)
    return np.where(got, minutes, -1).astype(np.int32)


def resolved(rng: Rng, t: Targets, c: dict[str, np.ndarray], got: np.ndarray) -> np.ndarray:
    """Resolved: a share of all the channel's contacts, only among those the brand answered."""
    rates = t.rates("resolved", CHANNELS)
    return flag_by_segment(rng, c["w"], c["channel"], rates, (got.astype(np.int64), np.array([0.0, 1.0])))


def followed_up(rng: Rng, t: Targets, c: dict[str, np.ndarray], state: np.ndarray) -> np.ndarray:
    """The brand followed up: only where it answered, likelier where the issue was resolved."""
    rates = t.rates("followed_up", CHANNELS)
    return flag_by_segment(rng, c["w"], c["channel"], rates, (state, np.array([0.0, 1.0, 2.5])))


def contacts_needed(rng: Rng, t: Targets, c: dict[str, np.ndarray], done: np.ndarray) -> np.ndarray:
    """Interactions on the channel (1..6): a share 2+ per channel, unresolved contacts needing more."""
    spread = t.shares("contacts_needed_2_plus_spread", NEEDED[1:])
    two_plus = t.rates("contacts_needed", CHANNELS)
    shares = np.column_stack([1.0 - two_plus, two_plus[:, None] * spread[None, :]])
    table = np.array([[1.0] + [1.8] * 5, [1.0] * 6])
    codes = assign_by_segment(rng, c["w"], c["channel"], shares, (done.astype(np.int64), table), (5, 4, 3, 2, 1, 0))
    return (codes + 1).astype(np.int8)


def resolution_time(rng: Rng, t: Targets, c: dict[str, np.ndarray], done: np.ndarray, needed: np.ndarray) -> np.ndarray:
    """How long resolution took (codes of RESOLUTION_TIMES; -1 blank where unresolved); slower with more contacts."""
    rows = np.flatnonzero(done)
    shares = np.array([t.shares("resolution_time", RESOLUTION_TIMES, ch) for ch in CHANNELS])
    table = np.array([[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.6, 2.2]])
    many = (needed[rows] >= 3).astype(np.int64)
    out = np.full(c["channel"].shape[0], -1, dtype=np.int8)
    out[rows] = assign_by_segment(rng, c["w"][rows], c["channel"][rows], shares, (many, table), (3, 2, 1, 0))
    return out


def satisfaction(rng: Rng, t: Targets, c: dict[str, np.ndarray], state: np.ndarray) -> np.ndarray:
    """Satisfaction 1-5 by what happened: no answer, answered but unresolved, resolved."""
    dists = ("no_response", "unresolved", "resolved")
    shares = np.array([t.shares("satisfaction", (1, 2, 3, 4, 5), d) for d in dists])
    return (assign_by_segment(rng, c["w"], state, shares) + 1).astype(np.int8)
