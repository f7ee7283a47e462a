"""What can be measured: each measure is a question and the answers that count, read off a distribution."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import pandas as pd

from caregap import concurrency, contract

Runner = Callable[..., pd.DataFrame]  # run(query_name, **params) -> DataFrame

# Upper edges (minutes) of the response-time buckets; answers are the edges with 'min' ('5min', '60min', as
# load_macros' minutes_bucket writes them: never a bare number, which a rating or a count could also be),
# 'more' past the last one, and 'none' for "no response expected".
MINUTE_EDGES = (5, 15, 30, 60, 240, 1440, 2880, 10080)
MINUTE_BUCKETS = (*(f"{edge}min" for edge in MINUTE_EDGES), "more")
WITHIN = tuple(f"within_{bucket}" for bucket in MINUTE_BUCKETS[:-1])  # cumulative: within 15 min = up to that edge
EXPECTS_A_RESPONSE = MINUTE_BUCKETS
WITHIN_30 = MINUTE_BUCKETS[:3]
WITHIN_60 = MINUTE_BUCKETS[:4]

ANSWERS: dict[str, tuple[str, ...]] = {
    "preferred_channel": contract.CHANNELS,
    "fastest_channel": contract.CHANNELS,
    "urgent_channel": contract.CHANNELS,
    "best_service_channel": contract.CHANNELS,
    "social_answer_frequency": contract.ANSWER_FREQUENCIES,
    "channels_used_to_resolve": ("1", "2", "3", "4+"),
    "favorite_networks": contract.NETWORKS,
    "reason": contract.REASONS,
    "resolution_time": contract.RESOLUTION_TIMES,
    "contacts_needed": ("1", "2", "3", "4", "5+"),
    "satisfaction": ("1", "2", "3", "4", "5"),
    "expected_response": (*MINUTE_BUCKETS, "none"),
    "response_time": MINUTE_BUCKETS,
}


@dataclass(frozen=True)
class Measure:
    """A share: among those who answered `question`, the weighted share whose answer is in `hits`."""

    key: str
    label: str
    level: str  # respondent | contact
    question: str
    hits: tuple[str, ...] = ()  # empty: the measure is the whole distribution of answers
    by: str = "channel"  # contact measures: per channel, or per social network
    base: str = ""


ANSWERED = "respondents who answered"
BOTH_TIMES = "contacts with both times"


def _contact(key: str, label: str, hits: tuple[str, ...] = (), base: str = "contacts", question: str = "") -> Measure:
    """A measure over contacts, per channel; its question is its key unless named."""
    return Measure(key, label, "contact", question or key, hits, base=base)


def _respondent(key: str, label: str, hits: tuple[str, ...] = (), base: str = ANSWERED, question: str = "") -> Measure:
    """A measure over respondents; its question is its key unless named."""
    return Measure(key, label, "respondent", question or key, hits, base=base)


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        _contact("got_response", "Got a response", ("true",)),
        _contact("no_response", "Never got a response", ("false",), question="got_response"),
        _contact("resolved", "Resolved", ("true",)),
        _contact("followed_up", "Followed up by the brand", ("true",)),
        _contact("needed_2_plus", "Needed 2 or more contacts", ("2", "3", "4", "5+"), question="contacts_needed"),
        _contact("satisfied", "Satisfied (rated 4 or 5 of 5)", ("4", "5"), "contacts rated", "satisfaction"),
        _contact("expects_response", "Expects a response", EXPECTS_A_RESPONSE, question="expected_response"),
        _contact("expected_within_30", "Expects a response within 30 min", WITHIN_30, question="expected_response"),
        _contact("expected_within_60", "Expects a response within 1 hour", WITHIN_60, question="expected_response"),
        _contact(
            "resolved_week_or_longer",
            "Resolution took a week or longer",
            ("a_week_or_longer",),
            "resolved contacts",
            "resolution_time",
        ),
        _contact(
            "could_not_reach_rep_elsewhere",
            "Used it because a rep was unreachable elsewhere",
            ("could_not_reach_rep_elsewhere",),
            "contacts with a reason",
            "reason",
        ),
        _respondent("prefers_live_assistance", "Prefers live assistance", ("true",)),
        _respondent(
            "expects_same_response_time_off_hours", "Expects the same response time at night and weekends", ("true",)
        ),
        _respondent("uses_facebook_for_deals", "Uses Facebook for deals", ("true",)),
        _respondent("posts_experiences_on_twitter", "Posts experiences on Twitter", ("true",)),
        _respondent(
            "used_more_than_one_channel",
            "Used more than one channel to resolve",
            ("2", "3", "4+"),
            "respondents with a resolved issue",
            "channels_used_to_resolve",
        ),
        _respondent(
            "rarely_or_never_answered",
            "Social contacts rarely or never answered",
            ("rarely", "never"),
            "respondents who used social media",
            "social_answer_frequency",
        ),
        _respondent("preferred_channel", "Preferred channel"),
        _respondent("fastest_channel", "Fastest channel"),
        _respondent("urgent_channel", "Channel for urgent issues"),
        _respondent("best_service_channel", "Channel with the best service"),
        _respondent("favorite_networks", "Favourite networks"),
        _contact("expected_response", "Expected response time"),
        _contact("response_time", "Actual response time", base="answered contacts"),
        _contact("contacts_needed", "Contacts needed"),
        _contact("resolution_time", "Time to resolution", base="resolved contacts"),
        _contact("reason", "Reason for using the channel", base="contacts with a reason"),
        _contact("satisfaction", "Satisfaction rating", base="contacts rated"),
        _contact("expected_paired", "Expected response time", base=BOTH_TIMES),
        _contact("response_paired", "Actual response time", base=BOTH_TIMES),
        _contact("gap_paired", "Actual minus expected response time", base=BOTH_TIMES),
    )
}


def distribution(run: Runner, measure: Measure, params: dict[str, object]) -> pd.DataFrame:
    """The answers to the measure's question in a slice (one row per segment[, channel] and answer)."""
    return distributions(run, [measure], params)[measure.key]


def distributions(run: Runner, measures: list[Measure], params: dict[str, object]) -> dict[str, pd.DataFrame]:
    """Each measure's answers in a slice, asking the database once per kind of question, all at once (key -> rows)."""
    groups: dict[tuple[str, str], list[Measure]] = {}
    for measure in measures:
        groups.setdefault((measure.level, measure.by if measure.level == "contact" else ""), []).append(measure)
    asks = [partial(_rows, run, *kind, sorted({m.question for m in ms}), params) for kind, ms in groups.items()]
    asked = concurrency.together(*asks)
    out = {}
    for members, rows in zip(groups.values(), asked, strict=True):
        for m in members:
            out[m.key] = rows[rows["question"] == m.question].drop(columns="question").reset_index(drop=True)
    return out


def _rows(run: Runner, level: str, by: str, questions: list[str], params: dict[str, object]) -> pd.DataFrame:
    """The answers to some questions of one level (for contacts, by channel or network) in a slice."""
    if level == "respondent":
        return run("respondent_distribution", questions=questions, **params)
    return run("contact_distribution", questions=questions, by=by, **params)


def share_options() -> dict[str, str]:
    """Every share a user can compare: yes/no measures, and each answer of a distribution ('key=answer')."""
    options = {}
    for measure in MEASURES.values():
        if measure.hits:
            options[measure.key] = measure.label
        elif measure.question in ANSWERS and measure.question != "expected_response":
            for answer in ANSWERS[measure.question]:
                options[f"{measure.key}={answer}"] = f"{measure.label}: {answer}"
    return options


def resolve(option: str) -> Measure:
    """The measure behind a share option: 'resolved', or 'preferred_channel=phone' (the share answering phone)."""
    key, _, answer = option.partition("=")
    measure = MEASURES[key]
    return replace(measure, key=option, hits=(answer,), label=f"{measure.label}: {answer}") if answer else measure
