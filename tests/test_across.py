"""One share in several datasets, each tested against the first: checked against pandas and statsmodels directly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest

from caregap.across import across_datasets, versus_first
from caregap.labels import dataset_labels
from caregap.measures import resolve
from caregap.paths import DATA_DIR
from caregap.slicing import Slice
from caregap.stats import add_share_stats
from tests.reference import read_survey, slice_contacts, slice_respondents

LABELS = {"northridge_2015": "Northridge", "amex_2014": "Amex", "accent_2014": "Accent"}


def expected(dataset: str, option: str, channel: str, filters: dict) -> tuple[int, float, float]:
    """(base, weighted share in percent, Kish effective base) of a yes/no share, from the CSVs with pandas."""
    resp, cont = read_survey(DATA_DIR / dataset)
    if option == "prefers_live_assistance":
        rows = slice_respondents(resp, cont, **filters)
        rows, hit = rows[rows[option].notna()], rows[option].dropna().astype(bool)
    else:  # resolved, on one channel's contacts
        rows = slice_contacts(cont, **filters)
        rows = rows[(rows["channel"] == channel) & rows["resolved"].notna()]
        hit = rows["resolved"].astype(bool)
    w = rows["weight"]
    return len(rows), float(w[hit].sum() / w.sum() * 100), float(w.sum() ** 2 / (w**2).sum())


@pytest.mark.parametrize(
    ("option", "channel", "filters"),
    [
        ("prefers_live_assistance", "all", {}),
        ("prefers_live_assistance", "all", {"genders": ("female",), "age_groups": ("18-29", "30-44")}),
        ("resolved", "phone", {}),
        ("resolved", "social", {"age_groups": ("60+",)}),
        ("resolved", "email", {"genders": ("male",), "regions": ("south",)}),
    ],
)
def test_each_dataset_has_its_share_and_is_tested_against_the_first(bundled_run, option, channel, filters):
    table = across_datasets(bundled_run, resolve(option), Slice("northridge_2015", **filters), LABELS, channel)
    assert list(table["segment"]) == list(LABELS.values())
    numbers = {name: expected(dataset, option, channel, filters) for dataset, name in LABELS.items()}
    first_share, first_n = numbers["Northridge"][1], numbers["Northridge"][2]
    for _, row in table.iterrows():
        base, share, n_eff = numbers[row["segment"]]
        assert row["base_n"] == base
        assert row["share"] == pytest.approx(share)
        assert row["effective_base"] == pytest.approx(n_eff)
        if row["segment"] == "Northridge":
            assert np.isnan(row["p_value"]) and row["direction"] == ""
            continue
        counts = np.array([share / 100 * n_eff, first_share / 100 * first_n])
        _, p_value = proportions_ztest(counts, np.array([n_eff, first_n]))
        assert row["p_value"] == pytest.approx(p_value)
        assert row["significant"] == (p_value < 0.05)
        assert row["direction"] == ("" if p_value >= 0.05 else "higher" if share > first_share else "lower")
    assert set(table["against"]) == {"Northridge"}


def test_contacts_on_every_channel_count_their_people_and_allow_for_them(bundled_run):
    table = across_datasets(bundled_run, resolve("resolved"), Slice("amex_2014"), {"amex_2014": "Amex"})
    _, cont = read_survey(DATA_DIR / "amex_2014")
    answered = cont[cont["resolved"].notna()]
    row = table.iloc[0]
    assert row["base_n"] == len(answered)
    assert row["base_people"] == answered["respondent_id"].nunique()
    w = answered["weight"]
    assert row["share"] == pytest.approx(w[answered["resolved"].astype(bool)].sum() / w.sum() * 100)
    assert "pair_mm" in table.columns and row["design_effect"] >= 1  # one person's contacts allowed for
    assert row["effective_base"] == pytest.approx(w.sum() ** 2 / (w**2).sum() / row["design_effect"])


def test_a_dataset_whose_survey_did_not_ask_has_no_row(bundled_run):
    labels = {"northridge_2015": "Northridge", "auros_2011": "Audit"}  # an audit asks consumers nothing
    table = across_datasets(bundled_run, resolve("prefers_live_assistance"), Slice("northridge_2015"), labels)
    assert list(table["segment"]) == ["Northridge"]


def rows(shares: list[float], bases: list[int]) -> pd.DataFrame:
    """A share table of unweighted rows, one per dataset 'd0', 'd1', ..."""
    hits = [round(s * n) for s, n in zip(shares, bases, strict=True)]
    table = pd.DataFrame({"base_n": bases, "base_w": bases, "base_w2": bases, "hit_w": hits})
    return add_share_stats(table.assign(segment=[f"d{i}" for i in range(len(bases))]))


def test_nothing_is_tested_against_a_baseline_under_10_or_missing():
    small = versus_first(rows([0.2, 0.9], [8, 500]), "d0")
    assert small["p_value"].isna().all() and not small["significant"].any()
    missing = versus_first(rows([0.2, 0.9], [300, 500]), "elsewhere")
    assert missing["p_value"].isna().all() and set(missing["against"]) == {""}
    alone = versus_first(rows([0.2], [300]), "d0")
    assert alone["p_value"].isna().all() and set(alone["against"]) == {""}, "no other dataset: no baseline"


def test_a_row_under_10_is_not_tested_and_the_rest_are():
    table = versus_first(rows([0.2, 0.9, 0.25], [300, 8, 400]), "d0")
    assert np.isnan(table.loc[1, "p_value"]) and not np.isnan(table.loc[2, "p_value"])
    assert table.loc[2, "direction"] == "" and table.loc[2, "p_value"] > 0.05  # 20% of 300 against 25% of 400
    far = versus_first(rows([0.2, 0.5], [300, 300]), "d0")
    assert far.loc[1, "direction"] == "higher" and far.loc[1, "p_value"] < 0.001


def test_labels_are_the_titles_and_tell_datasets_apart():
    titles = {"wave_1": "Our survey", "wave_2": "Our survey", "other": "Another"}
    assert dataset_labels(titles) == {
        "wave_1": "Our survey (wave_1)",
        "wave_2": "Our survey (wave_2)",
        "other": "Another",
    }
