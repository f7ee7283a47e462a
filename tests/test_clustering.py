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
from caregap.readout import chart_data
from caregap.slicing import Slice
from caregap.stats import effective_base
from caregap.views import measure_table
from tests.reference import contact_answers, read_survey, slice_contacts

CASES = [
    ("northridge_2015", "resolved", "age_group", {}),
    ("northridge_2015", "satisfied", "gender", {}),
    ("amex_2014", "got_response", "age_group", {"genders": ("female",)}),
    ("amex_2014", "expected_within_60", "gender", {"regions": ("south", "west")}),
    ("northridge_2015", "could_not_reach_rep_elsewhere", "gender", {"age_groups": ("18-29", "30-44")}),
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


def assert_matches(table: pd.DataFrame, contacts: pd.DataFrame, split: str) -> None:
    """Each row's share, design effect and effective base as statsmodels has them for the same contacts."""
    for _, row in table.iterrows():
        group = contacts if row["segment"] == "All" else contacts[contacts[split] == row["segment"]]
        share, deff, n_eff = design(group)
        assert row["suppressed"] or row["share"] == pytest.approx(share * 100, abs=1e-9)
        assert row["design_effect"] == pytest.approx(deff, rel=1e-9)
        assert row["effective_base"] == pytest.approx(n_eff, rel=1e-9)


@pytest.mark.parametrize(("dataset", "key", "split", "filters"), CASES)
def test_pooled_bases_are_the_design_based_ones(bundled_run, dataset, key, split, filters):
    table = measure_table(bundled_run, MEASURES[key], Slice(dataset, split=split, **filters), pooled=True)
    assert_matches(table, answered(DATA_DIR / dataset, key, filters), split)


@pytest.mark.parametrize(("key", "split", "filters"), [("resolved", "age_group", {}), ("got_response", "gender", {})])
def test_contacts_that_are_alike_widen_the_interval(alike, key, split, filters):
    folder, run = alike
    table = measure_table(run, MEASURES[key], Slice(ALIKE, split=split, **filters), pooled=True)
    large = table[table["base_n"] >= 200]
    assert len(large) >= 3 and (large["design_effect"] > 1.3).all(), "one outcome per person: much less to go on"
    assert_matches(table, answered(folder, key, filters), split)
    shown = chart_data(table, "segment", "Segment")
    assert list(shown["Design effect"]) == list(table["design_effect"].round(2))
    whole = table[table["segment"] == "All"].iloc[0]
    kish = effective_base(whole["base_w"], whole["base_w2"])
    assert whole["effective_base"] < kish and whole["ci_high"] - whole["ci_low"] > 0


@pytest.mark.parametrize("split", ["age_group", "gender"])
def test_pooled_segments_are_tested_against_the_rest_on_those_bases(alike, split):
    folder, run = alike
    table = measure_table(run, MEASURES["resolved"], Slice(ALIKE, split=split), pooled=True)
    contacts = answered(folder, "resolved", {})
    for _, row in table[table["segment"] != "All"].iterrows():
        inside = contacts[split] == row["segment"]
        (p1, _, n1), (p2, _, n2) = design(contacts[inside]), design(contacts[~inside])
        _, expected = proportions_ztest(np.array([p1 * n1, p2 * n2]), np.array([n1, n2]))
        assert row["p_value"] == pytest.approx(expected, rel=1e-9)


def test_a_channel_filter_leaves_contacts_as_independent(alike):
    _, run = alike
    table = measure_table(
        run, MEASURES["resolved"], Slice(ALIKE, split="age_group", channels=("phone", "email")), pooled=True
    )
    assert (table["design_effect"] == 1).all()
    assert np.allclose(table["effective_base"], effective_base(table["base_w"], table["base_w2"]))


def test_per_channel_shares_keep_the_kish_base(alike):
    _, run = alike
    table = measure_table(run, MEASURES["resolved"], Slice(ALIKE, split="gender"))
    assert (table["design_effect"] == 1).all() and "pair_mm" not in table.columns
    assert "Design effect" not in chart_data(table, "channel", "Channel").columns
    assert np.allclose(table["effective_base"], effective_base(table["base_w"], table["base_w2"]))


def test_pairs_are_every_two_different_contacts_of_one_person(bundled_run):
    _, cont = read_survey(DATA_DIR / "northridge_2015")
    answer, _ = contact_answers(cont, "expected_response")
    left = cont.assign(answer=answer, contact=range(len(cont)))[
        ["respondent_id", "gender", "weight", "answer", "contact"]
    ]
    pairs = left.merge(left, on="respondent_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["contact_a"] != pairs["contact_b"]]
    pairs = pairs.assign(w2=pairs["weight_a"] * pairs["weight_b"])
    expected = pairs[pairs["gender_a"] == "female"].groupby(["answer_a", "answer_b"])["w2"].sum()
    got = bundled_run(
        "contact_pair_sums", dataset="northridge_2015", questions=["expected_response"], age_groups=[],
        genders=[], regions=[], splits=["gender"],
    )  # fmt: skip
    got = got[got["segment"] == "female"].set_index(["answer_a", "answer_b"])["pair_w2"]
    assert len(got) > 10
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False, check_index_type=False)
