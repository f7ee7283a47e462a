"""Published figures beside a slice's numbers: which apply to it, and where on a chart they go."""

from __future__ import annotations

import numpy as np
import pandas as pd

from caregap.figures import METRICS, published_figures
from caregap.slicing import Slice

FILTER_DIMENSIONS = {"age_groups": "age_group", "genders": "gender", "regions": "region", "channels": "channel"}


def comparable(slc: Slice, dimension: str, value: str) -> bool:
    """Whether a published figure (of everyone, or of one age group or gender) describes this slice's people.

    Only when every filter is on the figure's own dimension and keeps its segment: a figure of all consumers
    is not drawn on a female-only chart, but the published figure for women is drawn on the women's bar.
    """
    for name in (*FILTER_DIMENSIONS, "networks"):
        chosen = getattr(slc, name)
        if chosen and not (FILTER_DIMENSIONS.get(name) == dimension and value in chosen):
            return False
    return True


def references(slc: Slice, measure_key: str, *, by: str = "channel", x: str = "channel") -> pd.DataFrame:
    """Published figures for a measure that this slice can be compared with: columns x, segment, value."""
    keys = [m for m, source in METRICS.items() if source.measure == measure_key and (source.by or "channel") == by]
    figures = published_figures()
    mine = figures[(figures["dataset_id"] == slc.dataset) & figures["metric"].isin(keys)]
    keep = [comparable(slc, d, v) for d, v in zip(mine["segment_dim"], mine["segment_value"], strict=True)]
    mine = mine[np.array(keep, dtype=bool)]
    segment = np.where(mine["segment_dim"].isin(["age_group", "gender"]), mine["segment_value"], "All")
    return pd.DataFrame(
        {
            "x": mine["segment_value"] if x == "segment" else mine["channel"],
            "segment": segment,
            "value": mine["value"],
        }
    ).reset_index(drop=True)


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
    """Published 'expects a response within 30 / 60 minutes' figures on a channel: x is the bucket ('30min')."""
    parts = [references(slc, f"expected_within_{edge}").assign(edge=f"{edge}min") for edge in (30, 60)]
    whole = pd.concat(parts, ignore_index=True)
    mine = whole[whole["x"] == channel]
    return pd.DataFrame({"x": mine["edge"], "segment": mine["segment"], "channel": channel, "value": mine["value"]})
