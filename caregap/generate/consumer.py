"""A synthetic consumer survey as numpy columns: respondents, then their contacts, then answers about them.

Conventions of the returned frames: enumerations and multi-selects are small integer codes (contract order;
favourite networks a bit mask), booleans are 0/1, and -1 (or mask 0) means blank.
"""

from __future__ import annotations

import numpy as np

from caregap.contract import CHANNELS
from caregap.generate import contacts, outcomes, respondents
from caregap.generate.quota import Rng
from caregap.generate.sample import cell_weights, demographics, regions
from caregap.generate.targets import Targets

Frame = dict[str, np.ndarray]
SOCIAL = CHANNELS.index("social")


def _people(rng: Rng, t: Targets, n: int) -> Frame:
    """Respondents' demographics, weights and the answers that do not depend on their contacts."""
    age, gender = demographics(rng, n)
    w = cell_weights(age, gender)
    r: Frame = {"age_group": age, "gender": gender, "weight": w, "region": regions(rng, w)}
    r.update(respondents.channel_questions(rng, t, w, age))
    r.update(respondents.attitudes(rng, t, w, age, r["preferred_channel"]))
    r["favorite_networks"] = respondents.favorite_networks(rng, t, w, age)
    r.update(respondents.social_habits(rng, t, w, age, gender, r["favorite_networks"]))
    return r


def _contact_rows(rng: Rng, t: Targets, r: Frame) -> Frame:
    """One row per respondent and channel used, sorted by respondent then channel (contract order)."""
    used = contacts.channels_used(rng, t, r["weight"], r["age_group"], r["preferred_channel"])
    person, channel = np.nonzero(used)
    c: Frame = {"respondent": person.astype(np.int32), "channel": channel.astype(np.int8)}
    c["w"], c["age"] = r["weight"][person], r["age_group"][person]
    r["channels_used"] = used.sum(axis=1).astype(np.int8)
    return c


def _contact_answers(rng: Rng, t: Targets, r: Frame, c: Frame) -> None:
    """Fill the contact fields, in the order each depends on the last."""
    c["network"] = contacts.networks(rng, t, c, r["favorite_networks"])
    c["reason"] = contacts.reasons(rng, t, c, r)
    c["expected_response_minutes"] = contacts.expected_minutes(rng, t, c, c["network"])
    got = outcomes.got_response(rng, t, c, c["network"])
    c["got_response"] = got.astype(np.int8)
    c["response_minutes"] = outcomes.response_minutes(rng, t, c, got)
    done = outcomes.resolved(rng, t, c, got)
    c["resolved"] = done.astype(np.int8)
    c["contacts_needed"] = outcomes.contacts_needed(rng, t, c, done)
    c["resolution_time"] = outcomes.resolution_time(rng, t, c, done, c["contacts_needed"])
    state = got.astype(np.int64) + done
    c["followed_up"] = outcomes.followed_up(rng, t, c, state).astype(np.int8)
    c["satisfaction"] = outcomes.satisfaction(rng, t, c, state)
    c["state"] = state.astype(np.int8)


def _about_contacts(rng: Rng, t: Targets, r: Frame, c: Frame) -> None:
    """Respondent answers about their contacts: channels used to resolve, how often social answers."""
    n = r["weight"].shape[0]
    has_resolved = np.bincount(c["respondent"], weights=c["resolved"], minlength=n) > 0
    r["channels_used_to_resolve"] = respondents.channels_used_to_resolve(
        rng, t, r["weight"], r["channels_used"], has_resolved
    )
    social = np.flatnonzero(c["channel"] == SOCIAL)
    state = np.full(n, -1, dtype=np.int8)
    state[c["respondent"][social]] = c["state"][social]
    r["social_answer_frequency"] = respondents.social_answer_frequency(rng, t, r["weight"], state)


def generate(dataset_id: str, seed: int, n: int) -> tuple[Frame, Frame]:
    """Respondents and contacts of a synthetic consumer survey of n respondents."""
    rng = np.random.Generator(np.random.PCG64(seed))
    t = Targets(dataset_id)
    r = _people(rng, t, n)
    c = _contact_rows(rng, t, r)
    _contact_answers(rng, t, r, c)
    _about_contacts(rng, t, r, c)
    return r, c
