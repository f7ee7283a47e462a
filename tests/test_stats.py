"""Survey statistics against formulas written out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from caregap.stats import add_share_stats, add_significance, effective_base, margin_of_error, wilson

Z = 1.959963984540054


def wilson_by_hand(p: float, n: float) -> tuple[float, float]:
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize(("p", "n"), [(0.33, 1000), (0.02, 1000), (0.5, 47.5), (0.0, 12), (1.0, 30)])
def test_wilson_interval(p, n):
    low, high = wilson([p], [n])
    assert (low[0], high[0]) == pytest.approx(wilson_by_hand(p, n))


def test_kish_effective_base():
    weights = pd.Series([0.5, 1.0, 1.5, 2.0, 1.0])
    got = effective_base(weights.sum(), (weights**2).sum())
    assert got == pytest.approx(weights.sum() ** 2 / (weights**2).sum())
    assert effective_base(10.0, 10.0) == 10.0  # equal weights of 1: the base itself
    assert effective_base(0.0, 0.0) == 0.0


def test_share_stats_use_the_effective_base():
    table = pd.DataFrame({"base_n": [100], "base_w": [100.0], "base_w2": [200.0], "hit_w": [25.0]})
    row = add_share_stats(table).iloc[0]
    assert row["effective_base"] == pytest.approx(50.0)
    assert row["share"] == pytest.approx(25.0)
    low, high = wilson_by_hand(0.25, 50.0)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low * 100, high * 100))


def test_small_bases_are_flagged_and_tiny_ones_suppressed():
    table = pd.DataFrame(
        {
            "base_n": [9, 10, 29, 30],
            "base_w": [9.0, 10, 29, 30],
            "base_w2": [9.0, 10, 29, 30],
            "hit_w": [3.0] * 4,
        }
    )
    out = add_share_stats(table)
    assert out["suppressed"].tolist() == [True, False, False, False]
    assert out["low_base"].tolist() == [False, True, True, False]
    assert math.isnan(out["share"].iat[0]) and math.isnan(out["ci_low"].iat[0])
    assert out["share"].iat[1] == pytest.approx(30.0)


def test_margin_of_error_of_a_survey_of_1000():
    assert margin_of_error(1000) == pytest.approx(3.1, abs=0.05)  # the "about 3 points" of NG15


def pooled_z_test_by_hand(p1: float, n1: float, p2: float, n2: float) -> float:
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return math.erfc(abs(z) / math.sqrt(2))


def share_table(rows: list[tuple]) -> pd.DataFrame:
    """(segment, base_n, base_w, base_w2, hit_w) rows -> a share table with stats."""
    table = pd.DataFrame(rows, columns=["segment", "base_n", "base_w", "base_w2", "hit_w"])
    return add_share_stats(table.assign(channel="phone"))


def test_segment_against_the_rest_of_the_slice():
    # All: 400 people, 200 hits. Women: 100 people (weights 1), 70 hits; the rest: 300 people, 130 hits.
    table = share_table([("All", 400, 400.0, 400.0, 200.0), ("female", 100, 100.0, 100.0, 70.0)])
    out = add_significance(table, ["channel"]).set_index("segment")
    expected = pooled_z_test_by_hand(0.70, 100, 130 / 300, 300)
    assert out.loc["female", "p_value"] == pytest.approx(expected, rel=1e-6)
    assert out.loc["female", "significant"] and out.loc["female", "direction"] == "higher"
    assert not out.loc["All", "significant"] and math.isnan(out.loc["All", "p_value"])


def test_no_difference_is_not_significant():
    table = share_table([("All", 400, 400.0, 400.0, 200.0), ("male", 200, 200.0, 200.0, 102.0)])
    out = add_significance(table, ["channel"]).set_index("segment")
    assert out.loc["male", "p_value"] > 0.05
    assert not out.loc["male", "significant"] and out.loc["male", "direction"] == ""


def test_weights_shrink_the_base_of_the_test():
    # The same shares, but weights that halve the effective base: the difference is no longer significant.
    plain = share_table([("All", 200, 200.0, 200.0, 100.0), ("female", 50, 50.0, 50.0, 32.0)])
    weighted = share_table([("All", 200, 200.0, 400.0, 100.0), ("female", 50, 50.0, 100.0, 32.0)])
    p_plain = add_significance(plain, ["channel"]).set_index("segment").loc["female", "p_value"]
    p_weighted = add_significance(weighted, ["channel"]).set_index("segment").loc["female", "p_value"]
    assert p_weighted == pytest.approx(pooled_z_test_by_hand(0.64, 25, 68 / 150, 75), rel=1e-6)
    assert p_plain < 0.05 < p_weighted


def test_suppressed_segments_are_never_marked():
    table = share_table([("All", 400, 400.0, 400.0, 200.0), ("nonbinary", 8, 8.0, 8.0, 8.0)])
    out = add_significance(table, ["channel"]).set_index("segment")
    assert not out.loc["nonbinary", "significant"]


def test_no_test_against_a_rest_of_under_ten():
    # Everyone but 3 people is female: 81 women, none said yes; the 3 others all did. Not a test worth marking.
    table = share_table([("All", 84, 84.0, 84.0, 3.0), ("female", 81, 81.0, 81.0, 0.0)])
    out = add_significance(table, ["channel"]).set_index("segment")
    assert math.isnan(out.loc["female", "p_value"]) and not out.loc["female", "significant"]
    # With ten others, the same difference is tested (and is significant).
    table = share_table([("All", 91, 91.0, 91.0, 10.0), ("female", 81, 81.0, 81.0, 0.0)])
    out = add_significance(table, ["channel"]).set_index("segment")
    assert out.loc["female", "significant"] and out.loc["female", "direction"] == "lower"
