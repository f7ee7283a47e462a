"""Published figures, recomputed from a dataset through the project's own named queries."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

import pandas as pd

from caregap.measures import MEASURES, Measure, Runner, distribution
from caregap.paths import PUBLISHED_FIGURES
from caregap.shares import shares
from caregap.stats import margin_of_error

NO_SLICE: dict[str, object] = {
    "age_groups": [],
    "genders": [],
    "regions": [],
    "channels": [],
    "networks": [],
    "splits": [],
}
DATASET_OF_PREFIX = {"NG": "northridge_2015", "AX": "amex_2014", "AC": "accent_2014", "AU": "auros_2011"}


@dataclass(frozen=True)
class Source:
    """Where a published metric comes from.

    Survey figures name a measure (caregap.measures); its row is the figure's channel (or network, with
    by='network') and, for measures that are a distribution of answers, the answer is the figure's channel.
    Audit figures name a query, the row to pick ({channel} and {segment_value} filled in) and a statistic.
    """

    measure: str = ""
    by: str = ""
    query: str = ""
    select: dict[str, str] = field(default_factory=dict)
    stat: str = "share"  # share | mean_minutes | min_minutes | max_minutes | hit_n | margin_of_error


def _probe(stat: str) -> Source:
    """A brand-audit figure read from probe_rates: one network and message type."""
    return Source(query="probe_rates", select={"network": "{channel}", "probe_type": "{segment_value}"}, stat=stat)


METRICS: dict[str, Source] = {
    "never_got_response": Source("no_response"),
    "reason_could_not_reach_rep_elsewhere": Source("could_not_reach_rep_elsewhere"),
    "fastest_channel": Source("fastest_channel"),
    "preferred_channel": Source("preferred_channel"),
    "urgent_issue_channel": Source("urgent_channel"),
    "highest_level_of_service": Source("best_service_channel"),
    "contacts_needed_2_or_more": Source("needed_2_plus"),
    "expect_response_within_30_min": Source("expected_within_30"),
    "expect_response_within_60_min": Source("expected_within_60"),
    "resolved_in_a_week_or_longer": Source("resolved_week_or_longer"),
    "issue_resolved": Source("resolved"),
    "followed_up": Source("followed_up"),
    "ignored": Source("no_response", by="network"),
    "unanswered": Source("no_response", by="network"),
    "expect_a_response": Source("expects_response", by="network"),
    "used_more_than_one_channel": Source("used_more_than_one_channel"),
    "prefer_live_assistance": Source("prefers_live_assistance"),
    "expect_same_response_time_nights_weekends": Source("expects_same_response_time_off_hours"),
    "rarely_or_never_answered_or_resolved": Source("rarely_or_never_answered"),
    "uses_facebook_for_deals": Source("uses_facebook_for_deals"),
    "posts_experiences_on_twitter": Source("posts_experiences_on_twitter"),
    "favorite_network": Source("favorite_networks"),
    "margin_of_error": Source(query="dataset_summary", stat="margin_of_error"),
    "has_account": Source(query="brand_accounts", select={"measure": "has_{channel}"}),
    "followed_back": Source(query="brand_accounts", select={"measure": "followed_back"}),
    "responded": _probe("share"),
    "mean_response_time": _probe("mean_minutes"),
    "max_mean_response_time": _probe("max_minutes"),
    "responders_count": _probe("hit_n"),
    "min_response_time": Source(
        query="probe_rates", select={"network": "all", "probe_type": "all"}, stat="min_minutes"
    ),
}


@cache
def published_figures() -> pd.DataFrame:
    """Every published figure (data/published_figures.csv), with the id of the dataset it belongs to."""
    table = pd.read_csv(PUBLISHED_FIGURES, dtype={"segment_value": object, "segment_dim": object})
    table[["segment_dim", "segment_value"]] = table[["segment_dim", "segment_value"]].fillna("")
    table["dataset_id"] = table["figure_id"].str[:2].map(DATASET_OF_PREFIX)
    return table


def split_of(figure: pd.Series) -> str | None:
    """The slicer 'split by' a figure needs: its segment dimension, when it is one the queries split by."""
    return figure["segment_dim"] if figure["segment_dim"] in ("age_group", "gender") else None


def figure_measure(figure: pd.Series) -> Measure:
    """The measure a survey figure is a share of: by network where the figure is (keyed apart from by channel)."""
    source = METRICS[figure["metric"]]
    measure = MEASURES[source.measure]
    return replace(measure, by=source.by, key=f"{measure.key}:{source.by}") if source.by else measure


def figure_row(dist: pd.DataFrame, figure: pd.Series) -> pd.DataFrame:
    """A survey figure's share row (base and hit sums) from its measure's answers (split as split_of says): the
    figure's segment and channel (or network); no row where the answers have none."""
    measure = figure_measure(figure)
    table = shares(dist, measure.hits or (figure["channel"],))
    table = table[table["segment"] == (figure["segment_value"] if split_of(figure) else "All")]
    if measure.level == "contact":
        table = table[table["channel"] == figure["channel"]]
    return table.reset_index(drop=True)


def _survey_share(run: Runner, dataset_id: str, figure: pd.Series) -> float:
    """A survey figure: the measure's weighted share in the figure's segment and channel (or network)."""
    params = {**NO_SLICE, "dataset": dataset_id, "splits": [split] if (split := split_of(figure)) else []}
    table = figure_row(distribution(run, figure_measure(figure), params), figure)
    return float(table["hit_w"].sum() / table["base_w"].sum() * 100) if len(table) == 1 else float("nan")


def _audit_value(run: Runner, dataset_id: str, figure: pd.Series, source: Source) -> float:
    """An audit figure: a statistic of one row of an audit query."""
    result = run(source.query, dataset=dataset_id)
    segment_value = figure["segment_value"] or "all"
    for column, value in source.select.items():
        wanted = value.format(channel=figure["channel"], segment_value=segment_value)
        result = result[result[column].astype(str) == wanted]
    if len(result) != 1:
        return float("nan")
    row = result.iloc[0]
    if source.stat == "share":
        return float(row["hit_w"] / row["base_w"] * 100) if row["base_w"] else float("nan")
    return float(row[source.stat])


def compute(run: Runner, dataset_id: str, figure: pd.Series) -> float:
    """The value of one published figure, recomputed from a dataset."""
    source = METRICS[figure["metric"]]
    if source.stat == "margin_of_error":
        summary = run(source.query, **NO_SLICE, dataset=dataset_id)
        return margin_of_error(float(summary["effective_base"].iat[0]))
    if source.measure:
        return _survey_share(run, dataset_id, figure)
    return _audit_value(run, dataset_id, figure, source)


def compare(run: Runner, dataset_id: str) -> pd.DataFrame:
    """The dataset's published figures beside the values recomputed from it."""
    figures = published_figures()
    mine = figures[figures["dataset_id"] == dataset_id].copy()
    mine["computed"] = [compute(run, dataset_id, fig) for _, fig in mine.iterrows()]
    mine["difference"] = mine["computed"] - mine["value"]
    return mine.reset_index(drop=True)
