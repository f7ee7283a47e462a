"""Mean expected and actual response times and their 95% intervals, against statsmodels on the raw minutes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.weightstats import DescrStatsW

from caregap.measures import MEASURES, distributions
from caregap.paths import DATA_DIR
from caregap.response_gap import INTERVALS, MEANS, gap_from, mean_interval
from caregap.slicing import Slice
from tests.conftest import TINY_SURVEY
from tests.reference import read_survey, slice_contacts

PAIRED = [MEASURES["expected_paired"], MEASURES["response_paired"]]
MINUTES = {"expected": "expected_response_minutes", "actual": "response_minutes"}


def statsmodels_interval(minutes: pd.Series, weights: pd.Series) -> tuple[float, float, float]:
    """(mean, low, high): DescrStatsW with the weights scaled to sum to the Kish effective base.

    DescrStatsW reads the sum of the weights as the number of observations (t with sum - 1 degrees of
    freedom), so scaled this way it gives the interval on the effective base.
    """
    n_eff = weights.sum() ** 2 / (weights**2).sum()
    described = DescrStatsW(minutes.to_numpy(float), weights=(weights * n_eff / weights.sum()).to_numpy())
    low, high = described.tconfint_mean(alpha=0.05)
    return described.mean, low, high


def paired(contacts: pd.DataFrame) -> pd.DataFrame:
    """The contacts with both an expected and an actual response time."""
    answered = contacts["got_response"].eq(True) & contacts["response_minutes"].notna()
    return contacts[contacts["expected_response_minutes"].notna() & answered]


def gap_of(run, slc: Slice) -> pd.DataFrame:
    """The page's gap table, through the query layer as the page asks for it."""
    dists = distributions(run, PAIRED, slc.params())
    return gap_from(dists["expected_paired"], dists["response_paired"]).set_index("channel")


@pytest.mark.parametrize(
    ("dataset", "filters"),
    [
        ("northridge_2015", {}),
        ("amex_2014", {"genders": ("female",)}),
        ("accent_2014", {"age_groups": ("18-29", "30-44"), "regions": ("south", "west")}),
    ],
)
def test_gap_intervals_match_statsmodels_on_the_raw_rows(bundled_run, dataset, filters):
    _resp, cont = read_survey(DATA_DIR / dataset)
    gap = gap_of(bundled_run, Slice(dataset, **filters))
    both = paired(slice_contacts(cont, **filters))
    shown = 0
    for channel, group in both.groupby("channel"):
        row = gap.loc[channel]
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
    assert shown >= 6 and set(gap.index) == set(both["channel"])


def test_unit_weights_give_the_textbook_t_interval():
    x = pd.Series([1.0, 4.0, 4.0, 9.0, 15.0, 30.0, 2.0, 8.0, 5.0, 12.0, 60.0])
    n = pd.Series([float(len(x))])
    got = mean_interval(n, n, pd.Series([x.sum()]), pd.Series([(x**2).sum()]))
    low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=x.std(ddof=1) / np.sqrt(len(x)))
    assert got.iloc[0].tolist() == pytest.approx([x.mean(), low, high])


def interval_of(x: np.ndarray, w: np.ndarray) -> list[float]:
    """mean_interval on the four sums of these minutes and weights: [mean, low, high]."""
    sums = [pd.Series([value]) for value in (w.sum(), (w * w).sum(), (w * x).sum(), (w * x * x).sum())]
    return mean_interval(*sums).iloc[0].tolist()


def test_intervals_ignore_the_scale_of_the_weights():
    x = np.array([3.0, 5.0, 8.0, 13.0, 21.0, 34.0, 55.0, 89.0, 144.0, 233.0])
    w = np.linspace(0.5, 2.0, len(x))[::-1]
    assert interval_of(x, w * 7.5) == pytest.approx(interval_of(x, w))
    mean, low, high = statsmodels_interval(pd.Series(x), pd.Series(w))
    assert interval_of(x, w) == pytest.approx([mean, max(low, 0.0), high])


def test_the_lower_bound_stops_at_zero_minutes():
    x = np.array([0.0] * 9 + [1.0, 2.0, 240.0])  # mostly at once, one long wait: the t interval reaches below 0
    mean, low, high = interval_of(x, np.ones(len(x)))
    textbook = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=x.std(ddof=1) / np.sqrt(len(x)))
    assert textbook[0] < 0 and low == 0.0 and high == pytest.approx(textbook[1]) and mean == pytest.approx(x.mean())


def test_a_constant_time_has_no_spread_and_one_effective_contact_no_interval():
    same = interval_of(np.full(12, 59.9), np.full(12, 0.9441))  # the sums leave a spread of about -3e-12
    assert same == pytest.approx([59.9, 59.9, 59.9]) and not np.isnan(same).any()
    lone = mean_interval(pd.Series([2.0]), pd.Series([4.0]), pd.Series([20.0]), pd.Series([200.0]))
    assert lone.iloc[0, 0] == 10.0 and np.isnan(lone.iloc[0, 1:]).all()  # n_eff = 1: no degrees of freedom


def test_the_tiny_survey_is_all_suppressed_through_the_query_layer(tiny_run):
    gap = gap_of(tiny_run, Slice("tiny_survey"))
    _resp, cont = read_survey(TINY_SURVEY)
    assert gap["base_n"].to_dict() == paired(cont).groupby("channel").size().to_dict()
    assert gap["suppressed"].all(), "every channel of the tiny survey has a base under 10"
    assert gap[[*MEANS, *INTERVALS]].isna().all().all()
