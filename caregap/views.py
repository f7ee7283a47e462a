"""Page tables: a measure in a slice, with its statistics, and the published figures beside it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from caregap import concurrency, contract
from caregap.labels import REGION_SEGMENT, label
from caregap.measures import (
    ANSWERS,
    MEASURES,
    MINUTE_BUCKETS,
    WITHIN,
    Measure,
    Runner,
    distribution,
    distributions,
    resolve,
)
from caregap.pairs import pair_sums, people, people_elsewhere, versus_rest, with_pairs, with_people
from caregap.shares import BASE_COLUMNS, answer_shares, hit_columns, shares
from caregap.significance import remarked
from caregap.slicing import SEGMENTS, Slice
from caregap.stats import add_share_stats, add_significance

ORDER = {v: i for i, v in enumerate((*contract.CHANNELS, *contract.NETWORKS, *contract.AGE_GROUPS, *contract.GENDERS))}


def pool_channels(dist: pd.DataFrame) -> pd.DataFrame:
    """A per-channel distribution summed over channels (all contacts together)."""
    bases = dist.groupby(["segment", "channel"], sort=False)[BASE_COLUMNS].first().groupby(level=0, sort=False).sum()
    hits = dist.groupby(["segment", "answer"], sort=False)[hit_columns(dist)].sum().reset_index()
    return hits.join(bases, on="segment")


def in_order(table: pd.DataFrame) -> pd.DataFrame:
    """Channels, networks, age groups and genders in contract order ('All' first, no region given last)."""
    keys = [c for c in ("segment", "channel") if c in table.columns]
    first_last = {"All": -1, REGION_SEGMENT: 100}
    rank = {c: table[c].map(lambda v: first_last.get(v, ORDER.get(v, 99))) for c in keys}
    order = pd.DataFrame(rank).assign(_answer=table["answer"].cat.codes if "answer" in table else 0)
    return table.loc[order.sort_values([*keys, "_answer"], kind="stable").index].reset_index(drop=True)


def with_stats(table: pd.DataFrame, split: str, tests: str = "each") -> pd.DataFrame:
    """Shares, intervals and base flags; significance against the rest of the slice when split (tests: each at
    5%, or corrected over the table's tests)."""
    table = add_share_stats(table)
    if split == "none" or table.empty:
        return table.assign(p_value=np.nan, higher=False, significant=False, direction="")  # as with_marks
    return add_significance(table, [c for c in ("channel", "answer") if c in table.columns], tests)


def only_split(dist: pd.DataFrame, split: str) -> pd.DataFrame:
    """The rows of the whole slice and of one split's segments (a query may have split several ways)."""
    segments = dist["segment"]
    regions = segments.str.startswith(REGION_SEGMENT) if split == "region" else False
    return dist[segments.isin(["All", *SEGMENTS.get(split, ())]) | regions]


def table_from(
    dist: pd.DataFrame,
    measure: Measure,
    split: str,
    *,
    pooled: bool = False,
    pairs: pd.DataFrame | None = None,
    persons: pd.DataFrame | None = None,
    tests: str = "each",
) -> pd.DataFrame:
    """The measure's table from its distribution: one row per segment[, channel][, answer], with statistics.

    pooled: contacts on every channel together; with their pairs (a yes/no measure), the statistics allow for
    one person's contacts being alike, and with the people they come from (contact_people), its flags count people.
    tests: how its tests are read (with_stats).
    """
    dist = only_split(dist, split)
    if pooled and "channel" in dist.columns and not dist.empty:
        dist = pool_channels(dist)
    table = shares(dist, measure.hits) if measure.hits else answer_shares(dist, ANSWERS[measure.question])
    if pooled and pairs is not None and measure.hits:
        table = with_pairs(table, only_split(pairs, split), measure.hits)
    if pooled and persons is not None:
        table = with_people(table, only_split(persons, split))
    return in_order(with_stats(table, split, tests))


def measure_table(run: Runner, measure: Measure, slc: Slice, *, pooled: bool = False) -> pd.DataFrame:
    """The measure in the slice (one query; pooled over channels, two more at once: the pairs of one person's
    contacts, and the people the contacts come from)."""
    if not pooled:
        return table_from(distribution(run, measure, slc.params()), measure, slc.split, tests=slc.tests)
    dist, pairs, persons = pooling_inputs(run, measure, slc)
    return table_from(dist, measure, slc.split, pooled=True, pairs=pairs, persons=persons, tests=slc.tests)


def pooling_inputs(run: Runner, measure: Measure, slc: Slice) -> list[pd.DataFrame | None]:
    """A contact measure's distribution, the pairs of one person's contacts and the people they come from, asked
    at once (see pairs.pair_sums and pairs.people for when the last two are None)."""
    return concurrency.together(
        lambda: distribution(run, measure, slc.params()),
        lambda: pair_sums(run, measure, slc),
        lambda: people(run, measure, slc),
    )


def by_contact_channel(run: Runner, measure: Measure, slc: Slice) -> pd.DataFrame:
    """A contact measure on each channel, each tested against the contacts on every other channel.

    With the pairs of one person's contacts (none under a network filter), the whole slice's interval and each
    test allow for one person's contacts on different channels being alike.
    """
    dist, pairs, persons = pooling_inputs(run, measure, slc.with_split("none"))
    dist = only_split(dist, "none")
    pooled, per_channel = shares(pool_channels(dist), measure.hits), shares(dist, measure.hits)
    per_channel = per_channel.assign(segment=per_channel["channel"]).drop(columns="channel")
    if pairs is not None:
        pooled = with_pairs(pooled, pairs, measure.hits)
        per_channel = per_channel.join(versus_rest(pairs, measure.hits), on="segment")
    if persons is not None:  # a channel's contacts are its people; the rest are people with another channel
        pooled = with_people(pooled, persons)
        per_channel = per_channel.assign(base_people=per_channel["base_n"])
        per_channel = per_channel.join(people_elsewhere(persons), on="segment")
    table = pd.concat([pooled, per_channel], ignore_index=True)
    summed = [c for c in table.columns if c.startswith(("pair_", "rest_", "cross_"))]
    return in_order(with_stats(table.fillna(dict.fromkeys(summed, 0.0)), "channel", slc.tests))


def compared(run: Runner, measure: Measure, slc: Slice, dimension: str, channel: str = "all") -> pd.DataFrame:
    """The Compare page's table: the measure by a dimension, on one channel's contacts or all of them ('all')."""
    if measure.level == "contact" and dimension == "channel":  # contacts by their own channel, not who used what
        return by_contact_channel(run, measure, slc)
    table = measure_table(run, measure, slc.with_split(dimension), pooled=channel == "all")
    if "channel" in table.columns:
        table = remarked(table[table["channel"] == channel].reset_index(drop=True))  # the chart's tests alone
    return table


def measure_tables(run: Runner, slc: Slice, wanted: list[tuple[Measure, str]]) -> list[pd.DataFrame]:
    """Several measures, each with its own split, from one query per kind of question."""
    dists = distributions(run, [m for m, _ in wanted], slc.params(*(split for _, split in wanted)))
    return [table_from(dists[m.key], m, split, tests=slc.tests) for m, split in wanted]


def cumulative_from(dist: pd.DataFrame, split: str, *, channel: str | None = None, tests: str = "each") -> pd.DataFrame:
    """Share of contacts expecting a response within each time (a blank expectation counts as not within).

    From the expected_response distribution: per channel for the whole slice; or, given a channel and a
    split, per segment on that channel (tests: how its tests are read, with_stats).
    """
    dist = only_split(dist, split)
    if channel:
        dist = dist[dist["channel"] == channel]
    parts = []
    for position, within in enumerate(WITHIN):
        parts.append(shares(dist, MINUTE_BUCKETS[: position + 1]).assign(answer=within))
    table = pd.concat(parts, ignore_index=True) if parts else dist.head(0)
    table["answer"] = pd.Categorical(table["answer"], categories=list(WITHIN), ordered=True)
    by_segment = channel is not None and split != "none"
    table = in_order(with_stats(table, split if by_segment else "none", tests))
    return table[(table["segment"] != "All") if by_segment else (table["segment"] == "All")].reset_index(drop=True)


def expects_an_answer(expected: pd.DataFrame) -> bool:
    """Whether any contact in an expected-response table expects an answer within some time."""
    return not expected.empty and bool(expected.loc[expected["answer"].astype(str) != "none", "hit_n"].any())


def asked_only(options: tuple[str, ...], questions: set[str]) -> tuple[str, ...]:
    """The measure options ('resolved', 'preferred_channel=phone') whose question was asked."""
    return tuple(o for o in options if resolve(o).question in questions)


def available(options: tuple[str, ...], questions: set[str]) -> tuple[str, ...]:
    """The options a page offers: those whose question was asked; all if none was (a choice must have options)."""
    return asked_only(options, questions) or options


def option_label(option: str) -> str:
    """A share option as people read it: 'Resolved', 'Preferred channel: Phone'."""
    key, _, answer = option.partition("=")
    return MEASURES[key].label + (f": {label(answer)}" if answer else "")


def flags_from(tables: list[pd.DataFrame], keys: tuple[str, ...]) -> pd.DataFrame:
    """Several yes/no measures' tables side by side: one row per segment and measure (the measure as 'answer')."""
    parts = [table.assign(answer=key) for table, key in zip(tables, keys, strict=True) if not table.empty]
    if not parts:  # none of the questions was asked (an imported survey, say)
        return tables[0].assign(answer=pd.Series(dtype=str)) if tables else pd.DataFrame()
    table = remarked(pd.concat(parts, ignore_index=True))  # corrected, over every measure's tests in the chart
    table["answer"] = pd.Categorical(table["answer"], categories=list(keys), ordered=True)
    return in_order(table)
