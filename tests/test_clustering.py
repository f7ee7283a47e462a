"""Contacts pooled over channels: one person's several contacts may be alike, and the statistics allow for it.

Expected values come from the CSVs through statsmodels: a weighted mean of the contacts' yes/no answers (WLS on a
constant) has a cluster-robust variance (clusters: respondents) and an HC0 variance (contacts independent); their
ratio, at least 1, is the design effect the app divides the Kish effective base by.
"""

from __future__ import annotations

import json
import shutil
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.stats.proportion import proportions_ztest

from caregap import db
from caregap.database import build
from caregap.measures import MEASURES
from caregap.paths import DATA_DIR
from caregap.readout import DEFF_COLUMN, chart_data
from caregap.slicing import Slice
from caregap.stats import effective_base
from caregap.views import by_contact_channel, measure_table
from tests.reference import contact_answers, read_survey, region_segments, slice_contacts

CASES = [
    ("northridge_2015", "resolved", "age_group", {}),
    ("northridge_2015", "satisfied", "gender", {}),
    ("amex_2014", "got_response", "age_group", {"genders": ("female",)}),
    ("amex_2014", "expected_within_60", "gender", {"regions": ("south", "west")}),
    ("northridge_2015", "could_not_reach_rep_elsewhere", "gender", {"age_groups": ("18-29", "30-44")}),
    ("accent_2014", "resolved", "region", {"genders": ("female",)}),
]
ALIKE = "alike_2015"  # Northridge with each person's contacts resolved (or not) alike


@pytest.fixture(scope="module")
def alike(tmp_path_factory) -> tuple[Path, object]:
    """A survey whose people had the same outcome on every channel they used, loaded, and its runner."""
    folder = Path(shutil.copytree(DATA_DIR / "northridge_2015", tmp_path_factory.mktemp("alike") / ALIKE))
    meta = json.loads((folder / "metadata.json").read_text())
    (folder / "metadata.json").write_text(json.dumps({**meta, "id": ALIKE}))
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str, keep_default_na=False)
    for column in ("resolved", "got_response"):
        contacts[column] = contacts.groupby("respondent_id")[column].transform("first")
    contacts.to_csv(folder / "contacts.csv", index=False)
    con, _ = build([folder])
    return folder, partial(db.run, con)


def answered(folder: Path, key: str, filters: dict) -> pd.DataFrame:
    """Every contact in the slice that answered the measure's question: respondent, weight, hit (0/1), segments."""
    _, cont = read_survey(folder)
    cont = slice_contacts(cont, **filters)
    measure = MEASURES[key]
    answer, _ = contact_answers(cont, measure.question)
    return cont.assign(hit=answer.astype(str).isin(measure.hits).astype(float))[answer.notna()]


def design(contacts: pd.DataFrame) -> tuple[float, float, float]:
    """Share of hits, design effect of the clusters (at least 1) and the effective base, from statsmodels."""
    model = sm.WLS(contacts["hit"].to_numpy(), np.ones((len(contacts), 1)), weights=contacts["weight"].to_numpy())
    groups = pd.factorize(contacts["respondent_id"])[0]
    clustered = model.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False}).bse[0] ** 2
    independent = model.fit(cov_type="HC0").bse[0] ** 2
    deff = max(1.0, clustered / independent) if independent > 1e-12 else 1.0  # all alike: nothing varies
    kish = effective_base(contacts["weight"].sum(), (contacts["weight"] ** 2).sum())
    return float(model.fit().params[0]), deff, kish / deff


def segments(contacts: pd.DataFrame, split: str) -> pd.Series:
    """Each contact's segment of the split (a region's is 'region:' and the region)."""
    return region_segments(contacts) if split == "region" else contacts[split]


def assert_matches(table: pd.DataFrame, contacts: pd.DataFrame, split: str) -> None:
    """Each row's share, design effect and effective base as statsmodels has them for the same contacts."""
    for _, row in table.iterrows():
        group = contacts if row["segment"] == "All" else contacts[segments(contacts, split) == row["segment"]]
        share, deff, n_eff = design(group)
        assert row["suppressed"] or row["share"] == pytest.approx(share * 100, abs=1e-9)
        assert row["design_effect"] == pytest.approx(deff, rel=1e-9)
        assert row["effective_base"] == pytest.approx(n_eff, rel=1e-9)


@pytest.mark.parametrize(("dataset", "key", "split", "filters"), CASES)
def test_pooled_bases_are_the_design_based_ones(bundled_run, dataset, key, split, filters):
    table = measure_table(bundled_run, MEASURES[key], Slice(dataset, split=split, **filters), pooled=True)
    contacts = answered(DATA_DIR / dataset, key, filters)
    assert set(table["segment"]) == {"All", *segments(contacts, split)}
    assert_matches(table, contacts, split)


@pytest.mark.parametrize(
    ("dataset", "key", "split", "filters"),
    [*CASES, ("northridge_2015", "resolved", "gender", {"channels": ("phone", "email")})],
)
def test_pooled_contacts_count_their_people_for_small_bases(bundled_run, dataset, key, split, filters):
    table = measure_table(bundled_run, MEASURES[key], Slice(dataset, split=split, **filters), pooled=True)
    contacts = answered(DATA_DIR / dataset, key, filters)
    people = {"All": contacts["respondent_id"].nunique()}
    people |= contacts.groupby(segments(contacts, split))["respondent_id"].nunique().to_dict()
    got = table.groupby("segment")[["base_n", "base_people", "suppressed", "low_base"]].first()
    assert got["base_people"].to_dict() == people
    assert (got["base_people"] < got["base_n"]).any(), "someone answered on two channels"
    assert got["suppressed"].to_dict() == {s: n < 10 for s, n in people.items()}
    assert got["low_base"].to_dict() == {s: 10 <= n < 30 for s, n in people.items()}


def test_a_segment_of_few_people_is_neither_shown_nor_tested(bundled_run):
    table = measure_table(bundled_run, MEASURES["resolved"], Slice("northridge_2015", split="gender"), pooled=True)
    few = table.set_index("segment").loc["undisclosed"]
    assert few["base_n"] >= 10 > few["base_people"], "the bundled data's case: 18 contacts of 9 people"
    assert few["suppressed"] and np.isnan(few["share"]) and np.isnan(few["p_value"])
    assert chart_data(table, "segment", "Gender").set_index("Gender").loc["Undisclosed", "Note"] == (
        "base under 10 people: not shown"
    )


@pytest.mark.parametrize(("key", "split", "filters"), [("resolved", "age_group", {}), ("got_response", "gender", {})])
def test_contacts_that_are_alike_widen_the_interval(alike, key, split, filters):
    folder, run = alike
    table = measure_table(run, MEASURES[key], Slice(ALIKE, split=split, **filters), pooled=True)
    large = table[table["base_n"] >= 200]
    assert len(large) >= 3 and (large["design_effect"] > 1.3).all(), "one outcome per person: much less to go on"
    assert_matches(table, answered(folder, key, filters), split)
    shown = chart_data(table, "segment", "Segment")
    assert list(shown[DEFF_COLUMN]) == list(table["design_effect"].round(2))
    whole = table[table["segment"] == "All"].iloc[0]
    kish = effective_base(whole["base_w"], whole["base_w2"])
    assert whole["effective_base"] < kish and whole["ci_high"] - whole["ci_low"] > 0


@pytest.mark.parametrize("split", ["age_group", "gender", "region"])
def test_pooled_segments_are_tested_against_the_rest_on_those_bases(alike, split):
    folder, run = alike
    table = measure_table(run, MEASURES["resolved"], Slice(ALIKE, split=split), pooled=True)
    contacts = answered(folder, "resolved", {})
    tested = 0
    for _, row in table[table["segment"] != "All"].iterrows():
        inside = segments(contacts, split) == row["segment"]
        if min(contacts[side]["respondent_id"].nunique() for side in (inside, ~inside)) < 10:
            assert np.isnan(row["p_value"]), "fewer than 10 people on a side: not tested"
            continue
        (p1, _, n1), (p2, _, n2) = design(contacts[inside]), design(contacts[~inside])
        _, expected = proportions_ztest(np.array([p1 * n1, p2 * n2]), np.array([n1, n2]))
        assert row["p_value"] == pytest.approx(expected, rel=1e-9)
        tested += 1
    assert tested >= 2


def test_a_channel_filter_keeps_the_pairs_on_the_chosen_channels(alike):
    folder, run = alike
    filters = {"channels": ("phone", "email")}
    table = measure_table(run, MEASURES["resolved"], Slice(ALIKE, split="age_group", **filters), pooled=True)
    assert (table.loc[table["base_n"] >= 200, "design_effect"] > 1.3).all()
    assert_matches(table, answered(folder, "resolved", filters), "age_group")


def test_a_network_filter_leaves_contacts_as_independent(alike):
    _, run = alike
    slc = Slice(ALIKE, split="age_group", networks=("facebook", "twitter"))
    for table in (
        measure_table(run, MEASURES["resolved"], slc, pooled=True),
        by_contact_channel(run, MEASURES["resolved"], slc),
    ):
        assert (table["design_effect"] == 1).all()
        assert np.allclose(table["effective_base"], effective_base(table["base_w"], table["base_w2"]))


def versus_rest(contacts: pd.DataFrame, channel: str) -> float:
    """p-value of a channel's contacts against the other channels' (often the same people), from statsmodels.

    WLS of the hits on a constant and 'on this channel': the coefficient is the difference of the two weighted
    shares; its cluster-robust over its HC0 variance (at least 1) divides both Kish bases of the z-test.
    """
    on = (contacts["channel"] == channel).to_numpy(float)
    model = sm.WLS(contacts["hit"].to_numpy(), np.column_stack([np.ones(len(on)), on]), weights=contacts["weight"])
    groups = pd.factorize(contacts["respondent_id"])[0]
    clustered = model.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False}).bse[1] ** 2
    deff = max(1.0, clustered / model.fit(cov_type="HC0").bse[1] ** 2)
    sides = [contacts[on == 1], contacts[on == 0]]
    shares = [np.average(side["hit"], weights=side["weight"]) for side in sides]
    bases = [effective_base(side["weight"].sum(), (side["weight"] ** 2).sum()) / deff for side in sides]
    return float(proportions_ztest(np.array(shares) * np.array(bases), np.array(bases))[1])


@pytest.mark.parametrize(
    ("survey", "filters"),
    [("bundled", {"genders": ("female",)}), ("alike", {}), ("alike", {"channels": ("phone", "email", "chat")})],
)
def test_each_channel_is_tested_against_the_others_allowing_for_the_same_people(alike, bundled_run, survey, filters):
    folder, run = (DATA_DIR / "northridge_2015", bundled_run) if survey == "bundled" else alike
    dataset = folder.name
    table = by_contact_channel(run, MEASURES["resolved"], Slice(dataset, **filters)).set_index("segment")
    contacts = answered(folder, "resolved", filters)
    assert_matches(table.loc[["All"]].reset_index(), contacts, "channel")  # all channels together: clustered
    for channel in contacts["channel"].unique():
        assert table.loc[channel, "p_value"] == pytest.approx(versus_rest(contacts, channel), rel=1e-6), channel
        assert table.loc[channel, "design_effect"] == 1  # its own interval: one contact per person per channel
        elsewhere = contacts.loc[contacts["channel"] != channel, "respondent_id"].nunique()
        assert table.loc[channel, "rest_people"] == elsewhere  # the rest's small-base check counts people
        assert table.loc[channel, "base_people"] == table.loc[channel, "base_n"]
    assert table.loc["All", "base_people"] == contacts["respondent_id"].nunique()


def test_per_channel_shares_keep_the_kish_base(alike):
    _, run = alike
    table = measure_table(run, MEASURES["resolved"], Slice(ALIKE, split="gender"))
    assert (table["design_effect"] == 1).all() and "pair_mm" not in table.columns
    assert DEFF_COLUMN not in chart_data(table, "channel", "Channel").columns
    assert np.allclose(table["effective_base"], effective_base(table["base_w"], table["base_w2"]))


@pytest.mark.parametrize("channels", [[], ["phone", "social"]])
def test_pairs_are_every_two_different_contacts_of_one_person(bundled_run, channels):
    _, cont = read_survey(DATA_DIR / "northridge_2015")
    answer, _ = contact_answers(cont, "expected_response")
    left = cont.assign(answer=answer, contact=range(len(cont)))[
        ["respondent_id", "gender", "weight", "channel", "answer", "contact"]
    ]
    left = left[left["channel"].isin(channels)] if channels else left
    pairs = left.merge(left, on="respondent_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["contact_a"] != pairs["contact_b"]]
    pairs = pairs.assign(w2=pairs["weight_a"] * pairs["weight_b"])
    keys = ["channel_a", "answer_a", "channel_b", "answer_b"]
    expected = pairs[pairs["gender_a"] == "female"].groupby(keys)["w2"].sum()
    got = bundled_run(
        "contact_pair_sums", dataset="northridge_2015", questions=["expected_response"], age_groups=[],
        genders=[], regions=[], channels=channels, splits=["gender"],
    )  # fmt: skip
    got = got[got["segment"] == "female"].set_index(keys)["pair_w2"]
    assert len(got) > 10 and set(got.index.get_level_values("channel_a")) == set(channels or cont["channel"])
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False, check_index_type=False)
