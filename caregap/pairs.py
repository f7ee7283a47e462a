"""Pairs of one person's contacts: what the variance of contacts pooled over channels, or of one channel's
contacts against the others', needs beyond the contacts' own sums (queries/contact_pair_sums.sql)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from caregap import contract
from caregap.measures import Measure, Runner
from caregap.slicing import Slice


def clustered(slc: Slice) -> bool:
    """Whether this slice's contacts need the pairs of one person's contacts: not under a network filter, which
    keeps social contacts only, at most one per person (contract.GRAINS), and which the pairs do not carry."""
    return not slc.networks


def pooling(slc: Slice, dimension: str) -> str:
    """How contacts over channels are compared: 'channel' (each against the others) or 'pooled' (by segment);
    'independent' where the slice holds at most one contact per person."""
    if not clustered(slc):
        return "independent"
    return "channel" if dimension == "channel" else "pooled"


def several_each(measure: Measure, slc: Slice) -> bool:
    """Whether the measure's contacts in the slice may hold several of one person's (on different channels)."""
    return measure.level == "contact" and measure.by == "channel" and clustered(slc)


def pair_sums(run: Runner, measure: Measure, slc: Slice) -> pd.DataFrame | None:
    """The pairs of one person's contacts for a pooled contact measure; None when they cannot be used."""
    if not several_each(measure, slc) or not measure.hits:
        return None
    return run("contact_pair_sums", questions=[measure.question], **slc.params())


def people(run: Runner, measure: Measure, slc: Slice) -> pd.DataFrame | None:
    """How many people a pooled contact measure's contacts come from, by the channels each answered on
    (queries/contact_people.sql); None where each contact is one person's."""
    if not several_each(measure, slc):
        return None
    return run("contact_people", questions=[measure.question], **slc.params())


def with_people(table: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """A pooled table with base_people: per segment, the people its contacts come from (what its flags count)."""
    per_segment = people.groupby("segment")["people"].sum()
    return table.assign(base_people=table["segment"].map(per_segment).fillna(0).astype("int64"))


def people_elsewhere(people: pd.DataFrame) -> pd.Series:
    """Per channel (the index), the people in the whole slice with a contact on some other channel: the base of
    the rest that the channel's contacts are tested against."""
    whole = people[people["segment"] == "All"]
    counts = {
        channel: int(whole["people"][[any(c != channel for c in used) for used in whole["channels"]]].sum())
        for channel in contract.CHANNELS
    }
    return pd.Series(counts, name="rest_people", dtype="int64")


def with_pairs(table: pd.DataFrame, pairs: pd.DataFrame, hits: tuple[str, ...]) -> pd.DataFrame:
    """A pooled share table with, per segment, the sums over pairs of one person's contacts that its variance needs.

    pair_hh: both contacts' answers among the hits; pair_hm: the first's; pair_mm: every pair (contact_pair_sums).
    """
    first, second = pairs["answer_a"].isin(hits), pairs["answer_b"].isin(hits)
    sums = pd.DataFrame(
        {"pair_hh": pairs["pair_w2"].where(first & second, 0.0), "pair_hm": pairs["pair_w2"].where(first, 0.0)}
    ).assign(pair_mm=pairs["pair_w2"], segment=pairs["segment"])
    per_segment = sums.groupby("segment").sum()
    return table.join(per_segment, on="segment").fillna({c: 0.0 for c in per_segment.columns})


def versus_rest(pairs: pd.DataFrame, hits: tuple[str, ...]) -> pd.DataFrame:
    """Per channel (the index), the whole slice's pairs of one person's contacts that the variance of the channel's
    share minus the other channels' needs: both elsewhere (rest_*), the first on it and the second elsewhere
    (cross_*); hh: both hits, hm: the first, mh: the second, mm: every pair. None lies on one channel: a person
    has one contact per channel (contract.GRAINS)."""
    whole = pairs[pairs["segment"] == "All"]
    w = whole["pair_w2"].to_numpy(float)
    first, second = whole["answer_a"].isin(hits).to_numpy(), whole["answer_b"].isin(hits).to_numpy()
    rows = {}
    for channel in contract.CHANNELS:
        on_a, on_b = (whole["channel_a"] == channel).to_numpy(), (whole["channel_b"] == channel).to_numpy()
        sides = {"rest": ~on_a & ~on_b, "cross": on_a & ~on_b}
        rows[channel] = {
            f"{side}_{kind}": w[inside & chosen].sum()
            for side, inside in sides.items()
            for kind, chosen in (("hh", first & second), ("hm", first), ("mh", second), ("mm", np.True_))
        }
    return pd.DataFrame.from_dict(rows, orient="index")
