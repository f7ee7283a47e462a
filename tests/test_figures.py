"""Every published figure, recomputed from the bundled CSVs through the project's own query layer."""

from __future__ import annotations

import pandas as pd
import pytest

from caregap.figure_table import display_table, format_difference, format_value, of_whom
from caregap.figures import METRICS, NO_SLICE, compare, compute, published_figures

FIGURES = published_figures()
TOLERANCE = {"pct": 1.0, "pct_points": 1.0, "minutes": 0.0, "retailers": 0.0}


def test_every_published_figure_has_a_dataset_and_a_source():
    assert FIGURES["dataset_id"].notna().all()
    assert set(FIGURES["metric"]) <= set(METRICS)
    assert FIGURES["figure_id"].is_unique and len(FIGURES) == 48


@pytest.mark.parametrize("figure_id", FIGURES["figure_id"].tolist())
def test_published_figure_is_reproduced(bundled_run, figure_id):
    figure = FIGURES.set_index("figure_id").loc[figure_id]
    figure = pd.concat([pd.Series({"figure_id": figure_id}), figure])
    value = compute(bundled_run, figure["dataset_id"], figure)
    assert abs(value - figure["value"]) <= TOLERANCE[figure["value_unit"]] + 1e-9, (
        f"{figure_id}: published {figure['value']}, dataset gives {value:.2f}"
    )


def slice_params(dataset: str, **extra) -> dict:
    return {**NO_SLICE, "dataset": dataset, **extra}


def whole_slice(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["segment"] == "All"]


def test_ng02_could_not_reach_a_rep_is_the_most_common_social_reason(bundled_run):
    result = bundled_run("contact_distribution", questions=["reason"], by="channel", **slice_params("northridge_2015"))
    social = whole_slice(result)[whole_slice(result)["channel"] == "social"].set_index("answer")["hit_w"]
    assert social.idxmax() == "could_not_reach_rep_elsewhere"
    assert (social.drop("could_not_reach_rep_elsewhere") < social.max()).all(), "strictly the most common"


@pytest.mark.parametrize("question", ["resolved", "followed_up"])
def test_ng12_ng13_social_is_lowest_of_all_channels(bundled_run, question):
    result = whole_slice(
        bundled_run("contact_distribution", questions=[question], by="channel", **slice_params("northridge_2015"))
    )
    yes = result[result["answer"] == "true"].set_index("channel")
    shares = yes["hit_w"] / yes["base_w"]
    assert len(shares) == 6
    assert (shares.drop("social") > shares["social"]).all()


def test_ac09_ac10_facebook_deals_rise_with_every_age_group(bundled_run):
    params = slice_params("accent_2014", splits=["age_group"])
    result = bundled_run("respondent_distribution", questions=["uses_facebook_for_deals"], **params)
    yes = result[(result["answer"] == "true") & (result["segment"] != "All")].set_index("segment")
    shares = (yes["hit_w"] / yes["base_w"])[["18-29", "30-44", "45-59", "60+"]]
    assert shares.diff().dropna().gt(0).all()


def test_overview_table_puts_published_beside_computed(bundled_run):
    table = display_table(compare(bundled_run, "northridge_2015"))
    row = table.set_index("Figure").loc["NG01"]
    assert row["Published"] == "33%"
    assert row["This dataset"].endswith("%")
    assert abs(float(row["This dataset"].rstrip("%")) - 33) <= 1
    computed = compare(bundled_run, "northridge_2015")
    differences = display_table(computed)["Difference"]
    assert [float(d.split()[0]) for d in differences] == [round(v, 1) for v in computed["computed"] - computed["value"]]
    assert all(d.endswith(" pts") for d in differences), "Northridge publishes shares: differences in points"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (0.34, "pct", "+0.3 pts"),
        (-0.04, "pct", "0.0 pts"),
        (-2.4, "minutes", "-2 min"),
        (0, "retailers", "0 retailers"),
    ],
)
def test_a_difference_says_its_unit(value, unit, shown):
    assert format_difference(value, unit) == shown


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (33.0, "pct", "33%"),
        (32.96, "pct", "33.0%"),
        (3.1, "pct_points", "±3.1 pts"),
        (2160, "minutes", "36 hours"),
        (96, "minutes", "96 min"),
        (150, "minutes", "2.5 hours"),
        (2, "retailers", "2 retailers"),
        (float("nan"), "pct", "–"),
    ],
)
def test_format_value(value, unit, shown):
    assert format_value(value, unit) == shown


def test_each_figure_says_whom_it_counts_and_an_audits_network():
    figures = FIGURES.set_index("figure_id")
    assert of_whom(figures.loc["NG01"]) == figures.loc["NG01", "base"], "a survey's base as published"
    assert of_whom(figures.loc["AU06"]) == "answered negative comments on Twitter"  # its statement says neither
    assert of_whom(figures.loc["AU10"]) == "negative comments on Facebook"
    assert of_whom(figures.loc["AU03"]) == "direct questions tweeted at retailers", "a tweet is on Twitter"
    audit = FIGURES[FIGURES["dataset_id"] == "auros_2011"].assign(computed=1.0, difference=0.0)
    columns = ["Figure", "What was published", "Of", "Published", "This dataset", "Difference"]
    assert display_table(audit).columns.tolist() == columns
