"""The synthetic Auros audit: 25 fictional UK online retailers and the test messages sent to them.

Counts and minutes are exact: which brands answered, and the minutes not pinned by a published figure,
are drawn from the seed. Brand names, sectors, the overlap of accounts and the send times are modelled.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from caregap.contract import AUDIT_NETWORKS, PROBE_TYPES
from caregap.generate.columns import schema
from caregap.generate.quota import Rng, race_keys

N_BRANDS = 25
SECTORS = (
    "fashion",
    "electronics",
    "department store",
    "home and garden",
    "health and beauty",
    "books and media",
    "sports and outdoor",
    "toys and games",
)
ACCOUNTS = {"both": 16, "twitter_only": 4, "facebook_only": 2, "neither": 3}  # 20 on Twitter, 18 on Facebook
TYPES = {"twitter": PROBE_TYPES, "facebook": ("positive", "negative")}
WEEK_OF_TYPE = {"question": 0, "negative": 1, "positive": 2, "indirect_mention": None}
FIELDWORK_START = dt.datetime(2011, 9, 12)  # a Monday; three weeks of probes


def _minutes(rng: Rng) -> dict[tuple[str, str], list[int]]:
    """Response minutes of the responders of each network and type, honouring AU06-AU13 exactly."""
    a, b = (int(x) for x in rng.integers(85, 110, size=2))
    return {
        ("twitter", "question"): [int(x) for x in rng.integers(90, 1440, size=5)],  # AU03: 5 of 20
        ("twitter", "negative"): [78, a, b, 4 * 96 - 78 - a - b],  # AU04, AU06 mean 96, AU11 min 78
        ("twitter", "positive"): [2160, 2160],  # AU05, AU07 mean 36 h, AU13 max 36 h
        ("twitter", "indirect_mention"): [int(x) for x in rng.integers(180, 2160, size=2)],  # AU08
        ("facebook", "positive"): [int(x) for x in rng.integers(100, 1440, size=3)],  # AU09: 3 of 18
        ("facebook", "negative"): [420, int(rng.integers(90, 420))],  # AU10: 2 of 18, AU12 max 7 h
    }


def _accounts(rng: Rng) -> tuple[np.ndarray, np.ndarray]:
    """has_twitter and has_facebook of each brand (AU01 80%, AU02 72%), the overlap modelled."""
    kinds = np.repeat(np.arange(4), list(ACCOUNTS.values()))[rng.permutation(N_BRANDS)]
    return np.isin(kinds, [0, 1]), np.isin(kinds, [0, 2])


def _sent_at(rng: Rng, probe_type: str) -> dt.datetime:
    """A weekday office-hours send time in the probe type's week of September 2011 (modelled)."""
    week = WEEK_OF_TYPE[probe_type]
    week = int(rng.integers(0, 3)) if week is None else week
    day = FIELDWORK_START + dt.timedelta(days=7 * week + int(rng.integers(0, 5)))
    return day + dt.timedelta(hours=9, minutes=5 * int(rng.integers(0, 96)))


def _responders(rng: Rng, eager: np.ndarray, has: np.ndarray, count: int) -> set[int]:
    """Which brands (with the account) answered: a race leaning to the brands that answer more."""
    keys = race_keys(rng, np.where(has, eager, 0.0))
    return {int(i) for i in np.argsort(keys, kind="stable")[:count]}


def _probe_rows(rng: Rng, names: list[str], accounts: dict[str, np.ndarray]) -> list[tuple]:
    """(brand, network, type, sent_at, responded, minutes) for every probe, in brand / network / type order."""
    eager = rng.lognormal(0.0, 0.8, size=N_BRANDS)
    answered = {}
    for (net, kind), minutes in _minutes(rng).items():
        who = sorted(_responders(rng, eager, accounts[net], len(minutes)))
        answered.update({(b, net, kind): m for b, m in zip(who, rng.permutation(minutes).tolist(), strict=True)})
    rows = []
    for b, name in enumerate(names):
        for net in AUDIT_NETWORKS:
            for kind in TYPES[net] if accounts[net][b] else ():
                minutes = answered.get((b, net, kind))
                rows.append((name, net, kind, _sent_at(rng, kind), minutes is not None, minutes))
    return rows


def build_audit(seed: int) -> dict[str, pa.Table]:
    """brands and probes tables of the synthetic audit."""
    rng = np.random.Generator(np.random.PCG64(seed))
    names = [f"Retailer {i:02d} (synthetic)" for i in range(1, N_BRANDS + 1)]
    has_twitter, has_facebook = _accounts(rng)
    sectors = [SECTORS[i] for i in rng.integers(0, len(SECTORS), size=N_BRANDS)]
    brands = {
        "brand": names,
        "country": ["UK"] * N_BRANDS,
        "sector": sectors,
        "has_twitter": has_twitter.tolist(),
        "has_facebook": has_facebook.tolist(),
        "followed_back": [False if t else None for t in has_twitter],  # AU14: nobody followed back
    }
    rows = _probe_rows(rng, names, {"twitter": has_twitter, "facebook": has_facebook})
    columns = list(zip(*rows, strict=True))
    probes = {
        "probe_id": [f"AU-P{i:03d}" for i in range(1, len(rows) + 1)],
        "brand": list(columns[0]),
        "network": list(columns[1]),
        "probe_type": list(columns[2]),
        "sent_at": list(columns[3]),
        "responded": list(columns[4]),
        "response_minutes": list(columns[5]),
    }
    return {
        "brands": pa.table(brands, schema=schema("brands.csv")),
        "probes": pa.table(probes, schema=schema("probes.csv")),
    }
