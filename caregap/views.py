"""Page tables: a measure in a slice, with its statistics, and the published figures beside it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from caregap import contract
from caregap.figures import METRICS, published_figures
from caregap.labels import label
from caregap.measures import (
    ANSWERS,
    MEASURES,
    MINUTE_BUCKETS,
    Measure,
    Runner,
    answer_shares,
    distribution,
    distributions,
    shares,
)
from caregap.slicing import SEGMENTS, Slice
from caregap.stats import add_share_stats, add_significance

BASE_COLUMNS = ["base_n", "base_w", "base_w2"]
HIT_COLUMNS = ["hit_n", "hit_w"]
ORDER = {v: i for i, v in enumerate((*contract.CHANNELS, *contract.NETWORKS, *contract.AGE_GROUPS, *contract.GENDERS))}


def pool_channels(dist: pd.DataFrame) -> pd.DataFrame:
    """A per-channel distribution summed over channels (all contacts together)."""
    bases = dist.groupby(["segment", "channel"], sort=False)[BASE_COLUMNS].first().groupby(level=0, sort=False).sum()
    hits = dist.groupby(["segment", "answer"], sort=False)[HIT_COLUMNS].sum().reset_index()
    return hits.join(bases, on="segment")


def _in_order(table: pd.DataFrame) -> pd.DataFrame:
    """Channels, networks, age groups and genders in contract order ('All' first)."""
    keys = [c for c in ("segment", "channel") if c in table.columns]
    rank = {c: table[c].map(lambda v: -1 if v == "All" else ORDER.get(v, 99)) for c in keys}
    order = pd.DataFrame(rank).assign(_answer=table["answer"].cat.codes if "answer" in table else 0)
    return table.loc[order.sort_values([*keys, "_answer"], kind="stable").index].reset_index(drop=True)


def with_stats(table: pd.DataFrame, split: str) -> pd.DataFrame:
    """Shares, intervals and base flags; significance against the rest of the slice when split."""
    table = add_share_stats(table)
    if split == "none" or table.empty:
        return table.assign(p_value=np.nan, significant=False, direction="")
    return add_significance(table, [c for c in ("channel", "answer") if c in table.columns])


def only_split(dist: pd.DataFrame, split: str) -> pd.DataFrame:
    """The rows of the whole slice and of one split's segments (a query may have split several ways)."""
    return dist[dist["segment"].isin(["All", *SEGMENTS.get(split, ())])]


def table_from(dist: pd.DataFrame, measure: Measure, split: str, *, pooled: bool = False) -> pd.DataFrame:
    """The measure's table from its distribution: one row per segment[, channel][, answer], with statistics."""
    dist = only_split(dist, split)
    if dist.empty:
        return with_stats(shares(dist, measure.hits), "none")
    if pooled and "channel" in dist.columns:
        dist = pool_channels(dist)
    table = shares(dist, measure.hits) if measure.hits else answer_shares(dist, ANSWERS[measure.question])
    return _in_order(with_stats(table, split))


def measure_table(run: Runner, measure: Measure, slc: Slice, *, pooled: bool = False) -> pd.DataFrame:
    """The measure in the slice (one query)."""
    return table_from(distribution(run, measure, slc.params()), measure, slc.split, pooled=pooled)


def by_contact_channel(run: Runner, measure: Measure, slc: Slice) -> pd.DataFrame:
    """A contact measure on each channel, each tested against the contacts on every other channel."""
    dist = only_split(distribution(run, measure, slc.with_split("none").params()), "none")
    per_channel = shares(dist, measure.hits)
    table = pd.concat(
        [shares(pool_channels(dist), measure.hits), per_channel.assign(segment=per_channel["channel"])],
        ignore_index=True,
    ).drop(columns="channel")
    return _in_order(with_stats(table, "channel"))


def measure_tables(run: Runner, slc: Slice, wanted: list[tuple[Measure, str]]) -> list[pd.DataFrame]:
    """Several measures, each with its own split, from one query per kind of question."""
    dists = distributions(run, [m for m, _ in wanted], slc.params(*(split for _, split in wanted)))
    return [table_from(dists[m.key], m, split) for m, split in wanted]


def cumulative_from(dist: pd.DataFrame, split: str, *, channel: str | None = None) -> pd.DataFrame:
    """Share of contacts expecting a response within each time (a blank expectation counts as not within).

    From the expected_response distribution: per channel for the whole slice; or, given a channel and a
    split, per segment on that channel.
    """
    dist = only_split(dist, split)
    if channel:
        dist = dist[dist["channel"] == channel]
    parts = []
    for position, edge in enumerate(MINUTE_BUCKETS[:-1]):
        parts.append(shares(dist, MINUTE_BUCKETS[: position + 1]).assign(answer=edge))
    table = pd.concat(parts, ignore_index=True) if parts else dist.head(0)
    table["answer"] = pd.Categorical(table["answer"], categories=list(MINUTE_BUCKETS[:-1]), ordered=True)
    by_segment = channel is not None and split != "none"
    table = _in_order(with_stats(table, split if by_segment else "none"))
    return table[(table["segment"] != "All") if by_segment else (table["segment"] == "All")].reset_index(drop=True)


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


def chart_data(table: pd.DataFrame, x: str, x_title: str) -> pd.DataFrame:
    """The numbers behind a chart, as people read them (the 'show data' table and the data exports)."""
    shown = table.copy()
    columns = {
        "segment": "Segment",
        "channel": "Channel",
        x: x_title,
        "share": "Share (%)",
        "ci_low": "95% CI low (%)",
        "ci_high": "95% CI high (%)",
        "base_n": "Base (n)",
        "effective_base": "Effective base",
    }
    out = shown[[c for c in columns if c in shown.columns]].rename(columns=columns)
    for column in ("Segment", "Channel", x_title):
        if column in out.columns:
            out[column] = [label(v) for v in out[column]]
    for column in ("Share (%)", "95% CI low (%)", "95% CI high (%)", "Effective base"):
        out[column] = out[column].round(1)
    if shown.get("p_value") is not None and shown["p_value"].notna().any():
        out["p-value vs rest"] = [float(f"{p:.2g}") for p in shown["p_value"]]  # 2 significant digits, never 0
    out["Note"] = [_note(row) for _, row in shown.iterrows()]
    return out.loc[:, ~out.columns.duplicated()].reset_index(drop=True)


def _note(row: pd.Series) -> str:
    """The flags of one row in words."""
    if row["suppressed"]:
        return "base under 10: not shown"
    notes = ["base under 30: read with caution"] if row["low_base"] else []
    if row.get("significant"):
        notes.append(f"significantly {row['direction']} than the rest of the slice")
    return "; ".join(notes)


def alt_text(table: pd.DataFrame, x: str, title: str) -> str:
    """A sentence a screen reader can read instead of the chart."""
    rows = table[table["segment"] != "All"] if set(table["segment"]) != {"All"} else table
    items = []
    for _, row in rows.iterrows():
        who = "" if row["segment"] == "All" or x == "segment" else f"{label(row['segment'])}, "
        value = "not shown (base under 10)" if row["suppressed"] else f"{row['share']:.0f}%"
        items.append(f"{who}{label(row[x])}: {value} (n={int(row['base_n'])})")
    return f"Chart: {title}. " + "; ".join(items) + "."


def base_note(table: pd.DataFrame, noun: str, *, stacked: bool = False) -> str:
    """What the bases are and what the marks mean, for the caption under a chart.

    A stacked chart draws no intervals and no ▲▼ (they are under 'Show data'); other charts draw both.
    """
    if table.empty:
        return f"No {noun} in this slice."
    whole = table[table["segment"] == "All"] if "All" in set(table["segment"]) else table
    low, high = int(whole["base_n"].min()), int(whole["base_n"].max())
    base = f"{low:,}" if low == high else f"{low:,} to {high:,}"
    marks = [
        "Bars: weighted shares; 95% confidence intervals under Show data"
        if stacked
        else "Weighted share with 95% confidence interval"
    ]
    if table["low_base"].any():
        marks.append("* base under 30, read with caution")
    if table["suppressed"].any():
        marks.append("bases under 10 not shown")
    if table["significant"].any() and stacked:
        marks.append("significant differences from the rest of the slice (95%) are noted under Show data")
    elif table["significant"].any():
        marks.append("▲▼ significantly higher / lower than the rest of the slice (95%)")
    return f"Base: {base} {noun}. " + "; ".join(marks) + "."


def probe_table(run: Runner, dataset: str) -> pd.DataFrame:
    """Audit response rates per network (as segment) and message type (as answer), with statistics."""
    rates = run("probe_rates", dataset=dataset)
    rates = rates[rates["network"] != "all"].rename(columns={"network": "segment", "probe_type": "answer"})
    rates["answer"] = pd.Categorical(rates["answer"], categories=list(contract.PROBE_TYPES), ordered=True)
    return _in_order(with_stats(rates, "none"))


def audit_references(dataset: str) -> pd.DataFrame:
    """Published audit response rates: columns x (message type), segment (network), value."""
    figures = published_figures()
    mine = figures[(figures["dataset_id"] == dataset) & (figures["metric"] == "responded")]
    return pd.DataFrame({"x": mine["segment_value"], "segment": mine["channel"], "value": mine["value"]})


def option_label(option: str) -> str:
    """A share option as people read it: 'Resolved', 'Preferred channel: Phone'."""
    key, _, answer = option.partition("=")
    return MEASURES[key].label + (f": {label(answer)}" if answer else "")


def flags_from(tables: list[pd.DataFrame], keys: tuple[str, ...]) -> pd.DataFrame:
    """Several yes/no measures' tables side by side: one row per segment and measure (the measure as 'answer')."""
    parts = [table.assign(answer=key) for table, key in zip(tables, keys, strict=True)]
    table = pd.concat([p for p in parts if not p.empty], ignore_index=True) if parts else pd.DataFrame()
    if table.empty:
        return table
    table["answer"] = pd.Categorical(table["answer"], categories=list(keys), ordered=True)
    return _in_order(table)


def flag_references(slc: Slice, keys: tuple[str, ...]) -> pd.DataFrame:
    """Published figures of yes/no measures of the whole sample: columns x (the measure), segment, value."""
    parts = [references(slc, key).assign(x=key) for key in keys]
    whole = pd.concat(parts, ignore_index=True)
    return whole[whole["segment"] == "All"].reset_index(drop=True)


def within_references(slc: Slice, channel: str = "social") -> pd.DataFrame:
    """Published 'expects a response within 30 / 60 minutes' figures on a channel: x is the bucket edge."""
    parts = [references(slc, f"expected_within_{edge}").assign(edge=str(edge)) for edge in (30, 60)]
    whole = pd.concat(parts, ignore_index=True)
    mine = whole[whole["x"] == channel]
    return pd.DataFrame({"x": mine["edge"], "segment": mine["segment"], "value": mine["value"]})
