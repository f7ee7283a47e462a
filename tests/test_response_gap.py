"""Mean expected and actual response times and their 95% intervals, against statsmodels on the raw minutes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from caregap.measures import MEASURES, distributions
from caregap.paths import DATA_DIR
from caregap.response_gap import INTERVALS, MEANS, PAIRED, gap_from, mean_interval
from caregap.slicing import Slice
from tests.conftest import TINY_SURVEY
from tests.reference import read_survey, slice_contacts

PAIRED_MEASURES = [MEASURES[q] for q in PAIRED]
MINUTES = {"expected": "expected_response_minutes", "actual": "response_minutes"}


def statsmodels_fit(minutes: pd.Series, weights: pd.Series):
    """The weighted mean as a weighted regression on a constant, with HC1 robust errors.

    The sandwich variance of that regression is the linearised variance of the weighted mean, n / (n - 1) ·
    Σw²(x - mean)² / (Σw)², and its t interval and test have n - 1 degrees of freedom.
    """
    x = minutes.to_numpy(float)
    return sm.WLS(x, np.ones(len(x)), weights=weights.to_numpy(float)).fit(cov_type="HC1", use_t=True)


def statsmodels_interval(minutes: pd.Series, weights: pd.Series) -> tuple[float, float, float]:
    """(mean, low, high) of the weighted mean, from statsmodels_fit."""
    fit = statsmodels_fit(minutes, weights)
    low, high = fit.conf_int(alpha=0.05)[0]
    return float(fit.params[0]), float(low), float(high)


def paired(contacts: pd.DataFrame) -> pd.DataFrame:
    """The contacts with both an expected and an actual response time."""
    answered = contacts["got_response"].eq(True) & contacts["response_minutes"].notna()
    return contacts[contacts["expected_response_minutes"].notna() & answered]


def gap_of(run, slc: Slice) -> pd.DataFrame:
    """The page's gap table, through the query layer as the page asks for it."""
    dists = distributions(run, PAIRED_MEASURES, slc.params())
    return gap_from(dists).set_index("channel")


def by_channel(run, dataset: str, filters: dict) -> list[tuple[pd.Series, pd.DataFrame]]:
    """Each channel's row of the page's gap table, with its contacts that have both times (from the CSVs)."""
    _resp, cont = read_survey(DATA_DIR / dataset)
    gap = gap_of(run, Slice(dataset, **filters))
    both = paired(slice_contacts(cont, **filters))
    assert set(gap.index) == set(both["channel"])
    return [(gap.loc[channel], group) for channel, group in both.groupby("channel")]


@pytest.mark.parametrize(
    ("dataset", "filters"),
    [
        ("northridge_2015", {}),
        ("amex_2014", {"genders": ("female",)}),
        ("accent_2014", {"age_groups": ("18-29", "30-44"), "regions": ("south", "west")}),
    ],
)
def test_gap_intervals_match_statsmodels_on_the_raw_rows(bundled_run, dataset, filters):
    shown = 0
    for row, group in by_channel(bundled_run, dataset, filters):
        assert row["base_n"] == len(group)
        for name, column in MINUTES.items():
            got = row[[f"{name}_minutes", f"{name}_low", f"{name}_high"]].tolist()
            if len(group) < 10:
                assert np.isnan(got).all(), "bases under 10 show neither a mean nor an interval"
                continue
            mean, low, high = statsmodels_interval(group[column], group["weight"])
            assert got == pytest.approx([mean, max(low, 0.0), high], rel=1e-9)  # no time is negative
            assert 0 <= got[1] < got[0] < got[2]
            shown += 1
    assert shown >= 6


@pytest.mark.parametrize(("dataset", "filters"), [("northridge_2015", {}), ("amex_2014", {"genders": ("male",)})])
def test_the_gap_is_tested_on_the_same_contacts_as_statsmodels_does(bundled_run, dataset, filters):
    marked = 0
    for row, group in by_channel(bundled_run, dataset, filters):
        if len(group) < 10:
            assert np.isnan(row[["gap_minutes", "gap_low", "gap_high", "gap_p"]].tolist()).all()
            continue
        difference = group["response_minutes"] - group["expected_response_minutes"]
        fit = statsmodels_fit(difference, group["weight"])
        low, high = fit.conf_int(alpha=0.05)[0]
        got = row[["gap_minutes", "gap_low", "gap_high", "gap_p"]].tolist()
        assert got == pytest.approx([fit.params[0], low, high, fit.pvalues[0]], rel=1e-6, abs=1e-12)
        assert row["gap_minutes"] == pytest.approx(row["actual_minutes"] - row["expected_minutes"], rel=1e-9)
        direction = ("longer" if fit.params[0] > 0 else "shorter") if fit.pvalues[0] < 0.05 else ""
        assert row["gap_direction"] == direction
        marked += bool(direction)
    assert marked >= 2, "the bundled surveys' actual times differ from the expected ones on some channels"


def interval_of(x: np.ndarray, w: np.ndarray) -> list[float]:
    """mean_interval on the sums of these minutes and weights: [mean, low, high]."""
    sums = {"n": len(x), "w": w.sum(), "wx": w @ x, "w2": w @ w, "w2x": (w * w) @ x, "w2x2": (w * w) @ (x * x)}
    return mean_interval(pd.DataFrame({f"hit_{k}": [float(v)] for k, v in sums.items()})).iloc[0, :3].tolist()


def test_unit_weights_give_the_textbook_t_interval():
    x = np.array([1.0, 4.0, 4.0, 9.0, 15.0, 30.0, 2.0, 8.0, 5.0, 12.0, 60.0])
    low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=x.std(ddof=1) / np.sqrt(len(x)))
    assert interval_of(x, np.ones(len(x))) == pytest.approx([x.mean(), low, high])


WAITS = np.array([2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 720.0])


@pytest.mark.parametrize(
    "w",
    [
        np.linspace(2.0, 0.5, len(WAITS)),  # short waits weigh most
        np.array([1.0] * 10 + [3.0, 3.0]),  # the two longest waits weigh most: wider than the Kish base allows
        np.array([3.0, 3.0] + [1.0] * 10),
    ],
)
def test_intervals_match_statsmodels_and_ignore_the_scale_of_the_weights(w):
    mean, low, high = statsmodels_interval(pd.Series(WAITS), pd.Series(w))
    assert interval_of(WAITS, w) == pytest.approx([mean, max(low, 0.0), high])
    assert interval_of(WAITS, w * 7.5) == pytest.approx(interval_of(WAITS, w))


def test_the_lower_bound_stops_at_zero_minutes():
    x = np.array([0.0] * 9 + [1.0, 2.0, 240.0])  # mostly at once, one long wait: the t interval reaches below 0
    mean, low, high = interval_of(x, np.ones(len(x)))
    textbook = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=x.std(ddof=1) / np.sqrt(len(x)))
    assert textbook[0] < 0 and low == 0.0 and high == pytest.approx(textbook[1]) and mean == pytest.approx(x.mean())


def test_a_constant_time_has_no_spread_and_one_contact_no_interval():
    same = interval_of(np.full(12, 59.9), np.full(12, 0.9441))  # the sums leave a spread of about -3e-12
    assert same == pytest.approx([59.9, 59.9, 59.9]) and not np.isnan(same).any()
    lone = interval_of(np.array([10.0]), np.array([2.0]))
    assert lone[0] == 10.0 and np.isnan(lone[1:]).all()  # one contact: no degrees of freedom


def test_the_tiny_survey_is_all_suppressed_through_the_query_layer(tiny_run):
    gap = gap_of(tiny_run, Slice("tiny_survey"))
    _resp, cont = read_survey(TINY_SURVEY)
    assert gap["base_n"].to_dict() == paired(cont).groupby("channel").size().to_dict()
    assert gap["suppressed"].all(), "every channel of the tiny survey has a base under 10"
    assert gap[[*MEANS, *INTERVALS]].isna().all().all()
