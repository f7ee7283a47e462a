"""Raking to age group and gender targets: margins met, clear refusals, Kish efficiency."""

from __future__ import annotations

import numpy as np
import pytest

from caregap.weighting import WeightingError, efficiency, equal_shares, rake, sample_shares

AGES = ["18-29"] * 50 + ["30-44"] * 30 + ["60+"] * 20
GENDERS = (["female"] * 35 + ["male"] * 15) + (["female"] * 10 + ["male"] * 20) + (["female"] * 5 + ["male"] * 15)


def weighted_share(weights, values, group) -> float:
    return 100 * weights[np.asarray(values) == group].sum() / weights.sum()


def test_both_margins_are_met():
    targets = {"age_group": {"18-29": 20, "30-44": 30, "60+": 50}, "gender": {"female": 52, "male": 48}}
    weights = rake({"age_group": AGES, "gender": GENDERS}, targets)
    for variable, values in (("age_group", AGES), ("gender", GENDERS)):
        for group, share in targets[variable].items():
            assert weighted_share(weights, values, group) == pytest.approx(share, abs=1e-3)
    assert weights.mean() == pytest.approx(1.0)
    assert (weights > 0).all()


def test_targets_equal_to_the_sample_change_nothing():
    weights = rake({"age_group": AGES}, {"age_group": {"18-29": 50, "30-44": 30, "60+": 20}})
    assert weights == pytest.approx(np.ones(100))
    assert efficiency(weights) == pytest.approx((100.0, 1.0))


def test_efficiency_is_the_kish_base_over_n():
    weights = np.array([1.0, 1.0, 2.0, 4.0])
    base, share = efficiency(weights)
    assert base == pytest.approx(64 / 22)
    assert share == pytest.approx(64 / 22 / 4)


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        (
            {"18-29": 50, "30-44": 20, "45-59": 10, "60+": 20},
            "age_group 45-59 has a target of 10% but no respondent is in it",
        ),
        ({"18-29": 60, "30-44": 40}, "age_group 60+ has respondents but no target above 0%"),
        ({"18-29": 50, "30-44": 30, "60+": 30}, "the age_group targets add up to 110%, not 100%"),
    ],
    ids=["empty cell", "no target", "not 100"],
)
def test_impossible_targets_are_refused_plainly(targets, message):
    with pytest.raises(WeightingError) as raised:
        rake({"age_group": AGES}, {"age_group": targets})
    assert str(raised.value) == message


def test_contradicting_targets_do_not_converge():
    # Everyone aged 18-29 is female: 50% aged 18-29 cannot go with 10% female.
    ages, genders = ["18-29"] * 5 + ["60+"] * 5, ["female"] * 5 + ["male"] * 5
    targets = {"age_group": {"18-29": 50, "60+": 50}, "gender": {"female": 10, "male": 90}}
    with pytest.raises(WeightingError, match="could not all be met"):
        rake({"age_group": ages, "gender": genders}, targets)


def test_sample_shares_keep_a_tiny_group_and_leave_the_weights_at_one():
    genders = ["female"] * 1500 + ["male"] * 1499 + ["undisclosed"]
    targets = sample_shares(genders, ("female", "male", "nonbinary", "undisclosed"))
    assert targets == {"female": 50.0, "male": pytest.approx(49.9666667), "undisclosed": pytest.approx(100 / 3000)}
    assert rake({"gender": genders}, {"gender": targets}) == pytest.approx(np.ones(3000))


def test_equal_shares_are_for_the_groups_present():
    assert equal_shares(["female", "male", "male"], ("female", "male", "nonbinary")) == {"female": 50.0, "male": 50.0}


def test_equal_shares_keep_small_groups_as_sampled():
    values = ["female"] * 50 + ["male"] * 40 + ["nonbinary"] * 6 + ["undisclosed"] * 4
    kept = equal_shares(values, ("female", "male", "nonbinary", "undisclosed"), ("nonbinary", "undisclosed"))
    assert kept == {"female": 45.0, "male": 45.0, "nonbinary": 6.0, "undisclosed": 4.0}
    assert sum(kept.values()) == pytest.approx(100)
    groups = ("nonbinary", "undisclosed")
    only_kept = equal_shares(["nonbinary", "undisclosed", "undisclosed"], groups, groups)
    assert only_kept == {"nonbinary": 50.0, "undisclosed": 50.0}  # no other group to share the rest: equal shares
