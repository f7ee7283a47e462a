"""Respondent answers: channel questions, attitudes, favourite networks, and the answers about contacts."""

from __future__ import annotations

import numpy as np

from caregap.contract import AGE_GROUPS, ANSWER_FREQUENCIES, CHANNELS, GENDERS
from caregap.generate.quota import Rng, assign, flag, flag_by_segment
from caregap.generate.targets import Targets
from caregap.generate.tilts import (
    CHANNEL_YOUTH,
    age_lean,
    channel_by_age,
    channel_with_own,
    group,
)


def _order(*names: str) -> tuple[int, ...]:
    """Channel codes in the given order (the last one takes what is left)."""
    return tuple(CHANNELS.index(name) for name in names)


# Leaning channels are assigned first (young: social, SMS, chat; old: in person, phone); email takes the rest.
ORDERS = {
    "preferred_channel": _order("social", "sms", "chat", "in_person", "phone", "email"),
    "fastest_channel": _order("social", "sms", "chat", "in_person", "phone", "email"),
    "urgent_channel": _order("social", "sms", "chat", "in_person", "phone", "email"),
    "best_service_channel": _order("sms", "social", "chat", "in_person", "phone", "email"),
}
LIVE_CHANNELS = np.isin(np.array(CHANNELS), ["phone", "in_person"])


def channel_questions(rng: Rng, t: Targets, w: np.ndarray, age: np.ndarray) -> dict[str, np.ndarray]:
    """preferred / fastest / urgent / best-service channel; the later ones lean to the preferred one."""
    by_age = channel_by_age(CHANNEL_YOUTH)
    out = {
        "preferred_channel": assign(
            rng, w, t.shares("preferred_channel", CHANNELS), (age, by_age), ORDERS["preferred_channel"]
        )
    }
    own = group((age, len(AGE_GROUPS)), (out["preferred_channel"], len(CHANNELS)))
    for key, boost in (("fastest_channel", 3.0), ("urgent_channel", 2.5), ("best_service_channel", 3.0)):
        tilt = (own, channel_with_own(by_age, boost))
        out[key] = assign(rng, w, t.shares(key, CHANNELS), tilt, ORDERS[key])
    return out


def attitudes(rng: Rng, t: Targets, w: np.ndarray, age: np.ndarray, preferred: np.ndarray) -> dict:
    """prefers_live_assistance (older, phone / in-person people) and off-hours expectations (younger)."""
    live = (age_lean(0.8)[:, None] * np.where(LIVE_CHANNELS, 2.5, 1.0)[None, :]).ravel()
    live_group = group((age, len(AGE_GROUPS)), (preferred, len(CHANNELS)))
    return {
        "prefers_live_assistance": flag(rng, w, t.rate("prefers_live_assistance"), (live_group, live)),
        "expects_same_response_time_off_hours": flag(
            rng, w, t.rate("expects_same_response_time_off_hours"), (age, age_lean(1.3))
        ),
    }


def favorite_networks(rng: Rng, t: Targets, w: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Bit mask of favourite networks (bit i = NETWORKS[i]); 0 = none named (blank), more often older."""
    rows = np.flatnonzero(flag(rng, w, t.rate("favorite_networks"), (age, age_lean(1.4))))
    wa, a = w[rows], age[rows]
    fb = flag(rng, wa, t.rate("favorite_networks", "facebook"), (a, age_lean(0.9)))
    lean_tw = (age_lean(1.4)[:, None] * np.array([4.0, 1.0])).ravel()
    tw = flag(rng, wa, t.rate("favorite_networks", "twitter"), (group((a, 4), (fb, 2)), lean_tw))
    lean_ig = (age_lean(2.2)[:, None] * np.array([4.0, 1.0])).ravel()
    ig = flag(rng, wa, t.rate("favorite_networks", "instagram"), (group((a, 4), (fb | tw, 2)), lean_ig))
    empty = ~(fb | tw | ig)
    other = flag(rng, wa, t.rate("favorite_networks", "other"), (empty.astype(np.int64), np.array([1.0, 100.0])))
    other |= empty
    mask = np.zeros(w.shape[0], dtype=np.int8)
    mask[rows] = fb * 1 + tw * 2 + ig * 4 + other * 8
    return mask


def social_habits(
    rng: Rng, t: Targets, w: np.ndarray, age: np.ndarray, gender: np.ndarray, favorites: np.ndarray
) -> dict[str, np.ndarray]:
    """Facebook for deals (by age group) and posting about brands on Twitter (by gender)."""
    has_fb = (favorites & 1 > 0).astype(np.int64)
    has_tw = (favorites & 2 > 0).astype(np.int64)
    deals = t.rates("uses_facebook_for_deals", AGE_GROUPS)
    posts = t.rates("posts_experiences_on_twitter", GENDERS)
    lean_posts = (age_lean(1.4)[:, None] * np.array([1.0, 3.0])).ravel()
    return {
        "uses_facebook_for_deals": flag_by_segment(rng, w, age, deals, (has_fb, np.array([1.0, 2.5]))),
        "posts_experiences_on_twitter": flag_by_segment(
            rng, w, gender, posts, (group((age, 4), (has_tw, 2)), lean_posts)
        ),
    }


def channels_used_to_resolve(
    rng: Rng, t: Targets, w: np.ndarray, n_channels: np.ndarray, has_resolved: np.ndarray
) -> np.ndarray:
    """Channels it took to resolve the last issue (1..channels used); -1 (blank) with nothing resolved."""
    values = (1, 2, 3, 4)
    rows = np.flatnonzero(has_resolved)
    g = n_channels[rows].astype(np.int64) - 1
    table = np.where(np.arange(4)[None, :] <= np.arange(4)[:, None], np.arange(1.0, 5.0)[:, None], 0.0)
    shares = t.shares("channels_used_to_resolve", values)
    out = np.full(w.shape[0], -1, dtype=np.int8)
    out[rows] = assign(rng, w[rows], shares, (g, table), (3, 2, 1, 0)) + 1
    return out


def social_answer_frequency(rng: Rng, t: Targets, w: np.ndarray, social_state: np.ndarray) -> np.ndarray:
    """How often social contacts get an answer, leaning on what happened to the respondent's own.

    social_state: -1 no social contact (blank), 0 no response, 1 answered not resolved, 2 resolved.
    """
    rows = np.flatnonzero(social_state >= 0)
    table = np.array([[0.3, 0.6, 1.0, 2.5, 4.0], [0.6, 1.0, 1.2, 1.2, 0.8], [4.0, 2.5, 1.0, 0.4, 0.2]])
    shares = t.shares("social_answer_frequency", ANSWER_FREQUENCIES)
    out = np.full(w.shape[0], -1, dtype=np.int8)
    out[rows] = assign(rng, w[rows], shares, (social_state[rows].astype(np.int64), table), (4, 3, 0, 1, 2))
    return out
