"""Marks corrected for the many tests of one chart (Benjamini-Hochberg), against a computation by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from caregap.across import across_datasets
from caregap.bases import base_note
from caregap.measures import MEASURES, distributions, resolve
from caregap.readout import ADJUSTED, P_COLUMN, chart_data, on_screen, p_rounded, p_text
from caregap.response_gap import P_GAP, PAIRED, gap_data, gap_from
from caregap.significance import deciding_p, marks_mean, remarked, with_marks
from caregap.slicing import Slice
from caregap.views import compared, flags_from, measure_table, measure_tables


def bh_by_hand(p_values: list[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values as the 1995 paper defines them: p(i) * m / i for the i-th smallest of
    m tests, then the smallest of those at or above each rank, at most 1; NaN is no test and counts for nothing."""
    tested = [(p, i) for i, p in enumerate(p_values) if not math.isnan(p)]
    ranked = sorted(tested)
    m = len(ranked)
    adjusted = [
        min(1.0, min(p * m / rank for rank, (p, _) in enumerate(ranked, start=1) if rank >= k)) for k in range(1, m + 1)
    ]
    out = [math.nan] * len(p_values)
    for (_, position), value in zip(ranked, adjusted, strict=True):
        out[position] = value
    return out


P_VALUES = [0.004, 0.04, math.nan, 0.03, 0.20, 0.049]


def test_each_test_at_five_percent_is_left_as_it_is():
    assert np.array_equal(deciding_p(P_VALUES, "each"), np.array(P_VALUES), equal_nan=True)


def test_corrected_p_values_are_benjamini_hochberg_over_the_tests_made():
    got = deciding_p(pd.Series(P_VALUES), "fdr")
    assert got.tolist() == pytest.approx(bh_by_hand(P_VALUES), nan_ok=True)
    assert math.isnan(got[2])  # no test: not adjusted, and not counted among the five tests
    assert got[0] == pytest.approx(0.004 * 5 / 1)


def test_nothing_tested_leaves_nothing_to_correct():
    assert np.isnan(deciding_p([math.nan, math.nan], "fdr")).all()
    assert len(deciding_p([], "fdr")) == 0


def test_an_unknown_way_to_read_tests_is_an_error():
    with pytest.raises(ValueError, match="bonferroni"):
        deciding_p(P_VALUES, "bonferroni")


def marked(tests: str) -> pd.DataFrame:
    table = pd.DataFrame({"segment": ["a", "b", "c", "d", "e", "f"]})
    return with_marks(table, P_VALUES, np.array([True, False, True, True, False, False]), tests)


def test_five_marks_at_five_percent_each_become_fewer_corrected():
    each, fdr = marked("each"), marked("fdr")
    assert each["significant"].tolist() == [p < 0.05 for p in P_VALUES]  # 4 of them: 0.004, 0.04, 0.03, 0.049
    assert fdr["significant"].tolist() == [p < 0.05 for p in bh_by_hand(P_VALUES)]
    assert fdr["significant"].sum() < each["significant"].sum()
    assert fdr["direction"].tolist() == ["higher" if s else "" for s in fdr["significant"]]
    assert each["direction"].tolist() == ["higher", "lower", "", "higher", "", "lower"]
    assert "p_adjusted" in fdr.columns and "p_adjusted" not in each.columns
    assert fdr["p_value"].tolist() == pytest.approx(P_VALUES, nan_ok=True)  # each test's own p-value is kept


def test_rows_left_out_of_a_chart_are_left_out_of_its_correction():
    fewer = remarked(marked("fdr").iloc[[0, 1, 3]].reset_index(drop=True))
    assert fewer["p_adjusted"].tolist() == pytest.approx(bh_by_hand([0.004, 0.04, 0.03]))
    assert fewer["significant"].tolist() == [True, True, True]  # three tests: 0.012, then 0.045 lowered to 0.04
    assert fewer["direction"].tolist() == ["higher", "lower", "higher"]
    each = marked("each").iloc[[1, 4]]
    assert remarked(each).equals(each)


def test_a_charts_note_says_how_its_marks_were_read():
    assert marks_mean(marked("each")) == "95%"
    assert marks_mean(marked("fdr")) == "95%, false discovery rate over the chart's tests"


# Every chart's tests, corrected over that chart's tests: the pages' tables


def assert_corrected(table: pd.DataFrame, column: str = "p_value", adjusted: str = "p_adjusted") -> None:
    """The table's adjusted p-values are Benjamini-Hochberg's over its own tests, and they alone decide its marks."""
    assert table[adjusted].tolist() == pytest.approx(bh_by_hand(table[column].tolist()), nan_ok=True)
    marked = table["gap_direction"] != "" if adjusted == "gap_p_adjusted" else table["significant"]
    assert marked.tolist() == (table[adjusted] < 0.05).tolist()


def test_a_split_table_is_corrected_over_its_tests_and_keeps_each_tests_p_value(bundled_run):
    by_age = Slice("amex_2014", split="age_group")
    each = measure_table(bundled_run, MEASURES["preferred_channel"], by_age)
    fdr = measure_table(bundled_run, MEASURES["preferred_channel"], replace(by_age, tests="fdr"))
    assert_corrected(fdr)
    assert fdr["p_value"].tolist() == pytest.approx(each["p_value"].tolist(), nan_ok=True)
    assert fdr["share"].tolist() == pytest.approx(each["share"].tolist(), nan_ok=True)
    assert fdr["p_value"].notna().sum() >= 20  # five age groups, five channels: a chart of many tests
    assert 0 < fdr["significant"].sum() < each["significant"].sum()


def test_compare_on_one_channel_corrects_over_that_channels_tests_only(bundled_run):
    slc = Slice("northridge_2015", tests="fdr")
    phone = compared(bundled_run, MEASURES["resolved"], slc, "age_group", "phone")
    assert set(phone["channel"]) == {"phone"} and phone["p_value"].notna().sum() >= 4
    assert_corrected(phone)
    every = measure_table(bundled_run, MEASURES["resolved"], slc.with_split("age_group"))
    assert every["p_value"].notna().sum() > phone["p_value"].notna().sum()  # the other channels' tests left out


def test_a_chart_of_several_measures_is_corrected_over_all_of_them(bundled_run):
    keys = ("prefers_live_assistance", "expects_same_response_time_off_hours", "used_more_than_one_channel")
    slc = Slice("accent_2014", split="age_group", tests="fdr")
    table = flags_from(measure_tables(bundled_run, slc, [(MEASURES[key], slc.split) for key in keys]), keys)
    assert set(table["answer"].dropna().astype(str)) == set(keys)
    assert_corrected(table)


def test_the_response_time_gap_is_corrected_over_the_channels(bundled_run):
    asked = [MEASURES[key] for key in PAIRED]
    dists = distributions(bundled_run, asked, Slice("amex_2014").params())
    each, fdr = gap_from(dists), gap_from(dists, "fdr")
    assert fdr["gap_p"].notna().sum() >= 3
    assert_corrected(fdr, "gap_p", "gap_p_adjusted")
    assert "gap_p_adjusted" not in each.columns
    data = gap_data(fdr)
    assert data[P_GAP + ADJUSTED].tolist() == pytest.approx(p_rounded(fdr["gap_p_adjusted"]), nan_ok=True)
    assert P_GAP + ADJUSTED not in gap_data(each).columns


def test_datasets_are_corrected_over_their_tests_against_the_baseline(bundled_run):
    labels = {"northridge_2015": "Northridge", "amex_2014": "Amex", "accent_2014": "Accent"}
    slc = Slice("northridge_2015", tests="fdr")
    table = across_datasets(bundled_run, resolve("preferred_channel=phone"), slc, labels)
    assert table["p_value"].notna().sum() == 2
    assert_corrected(table)


def test_the_data_and_the_note_of_a_corrected_chart_say_so(bundled_run):
    slc = Slice("amex_2014", split="age_group", tests="fdr")
    table = measure_table(bundled_run, MEASURES["preferred_channel"], slc)
    data = chart_data(table, "answer", "Channel", segment_title="Age group")
    adjusted = P_COLUMN + ADJUSTED
    assert list(data.columns[data.columns.get_loc(P_COLUMN) :][:2]) == [P_COLUMN, adjusted]
    assert data[adjusted].tolist() == pytest.approx(p_rounded(table["p_adjusted"]), nan_ok=True)
    assert set(on_screen(data)[adjusted]) <= {"–", "<0.001"} | {p_text(p) for p in table["p_adjusted"]}
    note = base_note(table, "respondents")
    assert "▲▼ significantly higher / lower than the rest of the slice (95%, false discovery rate" in note
    each = measure_table(bundled_run, MEASURES["preferred_channel"], replace(slc, tests="each"))
    assert adjusted not in chart_data(each, "answer", "Channel").columns
    assert "than the rest of the slice (95%)" in base_note(each, "respondents")
