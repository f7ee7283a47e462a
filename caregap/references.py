"""Published figures beside a slice's numbers: which apply to it, and where on a chart they go."""

from __future__ import annotations

import numpy as np
import pandas as pd

from caregap.figures import METRICS, published_figures
from caregap.measures import MEASURES
from caregap.slicing import Slice

FILTER_DIMENSIONS = {"age_groups": "age_group", "genders": "gender", "regions": "region", "channels": "channel"}


def comparable(slc: Slice, dimension: str, value: str, channel: str | None = None) -> bool:
    """Whether a published figure (of everyone, or of one age group or gender) describes this slice's people.

    Only when every filter is on the figure's own dimension and keeps its segment: a figure of all consumers
    is not drawn on a female-only chart, but the published figure for women is drawn on the women's bar.
    channel: the channel of a figure over that channel's contacts; a filter that keeps the channel keeps all of
    them (whoever made a social media contact used social media), so the figure still describes its bar.
    """
    for name in (*FILTER_DIMENSIONS, "networks"):
        chosen = getattr(slc, name)
        keeps = FILTER_DIMENSIONS.get(name) == dimension and value in chosen
        if chosen and not keeps and not (name == "channels" and channel in chosen):
            return False
    return True


def _comparable_figures(slc: Slice, measure_key: str, by: str = "channel") -> pd.DataFrame:
    """The published figures (rows of published_figures) of a measure that describe this slice's people."""
    keys = [m for m, source in METRICS.items() if source.measure == measure_key and (source.by or "channel") == by]
    figures = published_figures()
    mine = figures[(figures["dataset_id"] == slc.dataset) & figures["metric"].isin(keys)]
    per_channel = MEASURES[measure_key].level == "contact" and by == "channel"
    channels = mine["channel"] if per_channel else [None] * len(mine)
    where = zip(mine["segment_dim"], mine["segment_value"], channels, strict=True)
    return mine[np.array([comparable(slc, d, v, c) for d, v, c in where], dtype=bool)]


def references(slc: Slice, measure_key: str, *, by: str = "channel", x: str = "channel") -> pd.DataFrame:
    """Published figures for a measure that this slice can be compared with: columns x, segment, value."""
    mine = _comparable_figures(slc, measure_key, by)
    segment = np.where(mine["segment_dim"].isin(["age_group", "gender"]), mine["segment_value"], "All")
    return pd.DataFrame(
        {
            "x": mine["segment_value"] if x == "segment" else mine["channel"],
            "segment": segment,
            "value": mine["value"],
        }
    ).reset_index(drop=True)


def compare_references(slc: Slice, option: str, dimension: str, channel: str = "all") -> pd.DataFrame:
    """Published figures on the Compare page's bars (one per segment, 'All' for everyone): columns x, segment, value.

    option is a share ('resolved', 'preferred_channel=phone'); a contact measure compared by channel takes each
    channel's figure of everyone, otherwise the figures of everyone and of the segments of `dimension`, on
    `channel`'s contacts ('all': figures of contacts on every channel together).
    """
    key, _, answer = option.partition("=")
    contact = MEASURES[key].level == "contact"
    mine = _comparable_figures(slc, key)
    mine = mine.assign(everyone=~mine["segment_dim"].isin(["age_group", "gender"]))
    if contact and dimension == "channel":
        mine = mine[mine["everyone"]]
        x = mine["channel"]
    else:
        on = answer or (channel if contact else None)  # a yes/no question of respondents is on no channel
        mine = mine[((mine["channel"] == on) if on else True) & (mine["everyone"] | (mine["segment_dim"] == dimension))]
        x = mine["segment_value"].where(~mine["everyone"], "All")
    return pd.DataFrame({"x": x.astype(str), "segment": x.astype(str), "value": mine["value"]}).reset_index(drop=True)


def audit_references(dataset: str) -> pd.DataFrame:
    """Published audit response rates: columns x (message type), segment (network), value."""
    figures = published_figures()
    mine = figures[(figures["dataset_id"] == dataset) & (figures["metric"] == "responded")]
    return pd.DataFrame({"x": mine["segment_value"], "segment": mine["channel"], "value": mine["value"]})


def account_references(dataset: str) -> pd.DataFrame:
    """Published shares of audited brands on each network, and followed back: columns x (measure), segment, value."""
    figures = published_figures()
    mine = figures[(figures["dataset_id"] == dataset) & figures["metric"].isin(["has_account", "followed_back"])]
    x = np.where(mine["metric"] == "has_account", "has_" + mine["channel"], mine["metric"])
    return pd.DataFrame({"x": x, "segment": "All", "value": mine["value"]}).reset_index(drop=True)


def flag_references(slc: Slice, keys: tuple[str, ...]) -> pd.DataFrame:
    """Published figures of yes/no measures of the whole sample: columns x (the measure), segment, value."""
    parts = [references(slc, key).assign(x=key) for key in keys]
    whole = pd.concat(parts, ignore_index=True)
    return whole[whole["segment"] == "All"].reset_index(drop=True)


def within_references(slc: Slice, channel: str = "social") -> pd.DataFrame:
    """Published 'expects a response within 30 / 60 minutes' figures on a channel: x is the 'within' key."""
    parts = [references(slc, f"expected_within_{edge}").assign(edge=f"within_{edge}min") for edge in (30, 60)]
    whole = pd.concat(parts, ignore_index=True)
    mine = whole[whole["x"] == channel]
    return pd.DataFrame({"x": mine["edge"], "segment": mine["segment"], "channel": channel, "value": mine["value"]})
