"""Filters and splits together: page queries on a bundled dataset, for slices drawn at random (a fixed seed),
against the independent pandas reading, segment by segment."""

from __future__ import annotations

import random
from functools import partial

import pytest

from caregap import db
from caregap.contract import AGE_GROUPS, CHANNELS, GENDERS, NETWORKS
from caregap.database import build
from caregap.paths import DATA_DIR
from tests import reference as ref
from tests.test_queries import assert_same, expected_distribution, got_distribution

DATASET = "amex_2014"  # a bundled survey with regions
RESP, CONT = ref.read_survey(DATA_DIR / DATASET)
SPLITS = ("none", "age_group", "gender", "channel", "region")


def _cases(count: int, seed: int) -> list[tuple[dict, str]]:
    """(slicers, split) drawn at random: each filter left empty, or some of its values."""
    rng = random.Random(seed)
    regions = sorted(RESP["region"].dropna().unique())

    def some(values: tuple[str, ...] | list[str], chance: float = 0.6) -> list[str]:
        return [v for v in values if rng.random() < 0.4] if rng.random() < chance else []

    drawn = []
    for _ in range(count):
        slicers = {"age_groups": some(AGE_GROUPS), "genders": some(GENDERS), "regions": some(regions)}
        slicers |= {"channels": some(CHANNELS), "networks": some(NETWORKS, chance=0.3)}
        drawn.append((slicers, rng.choice(SPLITS)))
    return drawn


CASES = _cases(24, seed=11)


@pytest.fixture(scope="module")
def run():
    """run(name, **params) on a database holding the dataset."""
    con, _ = build([DATA_DIR / DATASET])
    yield partial(db.run, con)
    con.close()


def _params(slicers: dict, split: str) -> dict:
    return {"dataset": DATASET, **slicers, "splits": [] if split == "none" else [split]}


@pytest.mark.parametrize(("slicers", "split"), CASES)
@pytest.mark.parametrize("question", ["preferred_channel", "prefers_live_assistance"])
def test_respondent_distribution_under_filters_and_a_split(run, slicers, split, question):
    result = run("respondent_distribution", questions=[question], **_params(slicers, split))
    people = ref.slice_respondents(RESP, CONT, **slicers)
    groups = ref.respondent_segments(people, RESP, CONT, split)
    for segment, group in groups.items():
        expected = expected_distribution(group, ref.respondent_answers(group, question))
        assert_same(got_distribution(result[result["segment"] == segment]), expected)
    assert set(result["segment"]) == {s for s, g in groups.items() if ref.respondent_answers(g, question).notna().any()}


@pytest.mark.parametrize(("slicers", "split"), CASES)
@pytest.mark.parametrize("question", ["resolved", "expected_response"])
def test_contact_distribution_under_filters_and_a_split(run, slicers, split, question):
    result = run("contact_distribution", questions=[question], by="channel", **_params(slicers, split))
    groups = ref.contact_segments(ref.slice_contacts(CONT, **slicers), split)
    for segment, group in groups.items():
        got = result[result["segment"] == segment]
        for channel, contacts in group.groupby("channel"):
            answers, minutes = ref.contact_answers(contacts, question)
            expected = expected_distribution(contacts, answers, minutes)
            assert_same(got_distribution(got[got["channel"] == channel], with_minutes=True), expected)
        assert set(got["channel"]) == {
            c for c, g in group.groupby("channel") if ref.contact_answers(g, question)[0].notna().any()
        }
    assert set(result["segment"]) <= set(groups)
