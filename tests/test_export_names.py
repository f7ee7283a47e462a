"""Every file the app offers, through AppTest: one name never stands for two different contents, across pages."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

import caregap.ui.export as ui_export
from caregap.export.names import file_name
from caregap.export.page import page_stem
from caregap.paths import ROOT
from caregap.slicing import Slice

VIEWS = [
    ("pages/response_resolution.py", {"rate": "resolved"}),
    ("pages/response_resolution.py", {"rate": "resolved", "split": "gender"}),
    ("pages/response_resolution.py", {"rate": "resolved", "split": "gender", "tests": "fdr"}),
    ("pages/response_resolution.py", {"rate": "got_response"}),
    ("pages/compare.py", {"measure": "resolved", "by": "channel"}),
    ("pages/compare.py", {"measure": "resolved", "by": "gender"}),
    ("pages/compare.py", {"measure": "resolved", "by": "gender", "tests": "fdr"}),
    ("pages/compare.py", {"measure": "got_response", "by": "channel"}),
    ("pages/compare.py", {"measure": "uses_facebook_for_deals", "by": "age_group"}),
    ("pages/compare.py", {"measure": "resolved", "by": "dataset", "against": ["accent_2014", "amex_2014"]}),
    ("pages/compare.py", {"measure": "resolved", "by": "dataset", "against": "amex_2014"}),
    ("pages/social_networks.py", {}),
    ("pages/response_time.py", {"split": "gender", "within": "phone"}),
    ("pages/response_time.py", {"split": "gender", "within": "chat"}),
]


@pytest.fixture(scope="module")
def offered() -> dict[str, set[bytes]]:
    """Each CSV or Markdown file name the views offer, and every content it was offered with."""
    files: dict[str, set[bytes]] = {}
    made = []
    original = ui_export._button
    ui_export._button = lambda label, make, name, key: (made.append((make, name)), original(label, make, name, key))
    try:
        for page, query in VIEWS:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.query_params.update(query)
            at.run()
            made.clear()
            at.switch_page(page).run()
            assert not at.exception, [e.value for e in at.exception]
            for make, name in made:
                if name.endswith((".csv", ".md")):  # text, same bytes for the same content on the same day
                    files.setdefault(name, set()).add(bytes(make(), "utf-8") if isinstance(make(), str) else make())
    finally:
        ui_export._button = original
    return files


def test_no_file_name_stands_for_two_contents(offered):
    assert {name: len(contents) for name, contents in offered.items() if len(contents) > 1} == {}


def test_compares_files_say_they_compare(offered):
    assert "resolved_by-channel_northridge-2015_all.csv" in offered, "Response and resolution's chart"
    assert "resolved_compared-by-channel_northridge-2015_all.csv" in offered, "Compare's table, with its tests"


def test_a_comparison_of_datasets_names_them_in_its_files(offered):
    stem = "resolved_compared-by-dataset-with-accent-2014-and-amex-2014_northridge-2015_all"
    assert f"{stem}.csv" in offered and "resolved_compared-by-dataset-with-amex-2014_northridge-2015_all.csv" in offered
    (note,) = offered[
        "compare_resolved_by-dataset_on-all-channels_with-accent-2014-and-amex-2014_northridge-2015_all_methods.md"
    ]
    datasets = next(line for line in note.decode().splitlines() if line.startswith("- Dataset:"))
    assert datasets == (
        "- Dataset: State of Customer Service Experience 2015 (synthetic) (baseline) / Accent Marketing Services "
        "social customer service survey 2014 (synthetic) / American Express customer service survey 2014 (synthetic)"
    )
    sources = next(line for line in note.decode().splitlines() if line.startswith("- Source:"))
    assert sources.count(" / ") == 2
    assert "higher or lower than the baseline's, the dataset chosen in the sidebar" not in note.decode()
    assert "a dataset whose share differs from the baseline's" in note.decode(), "its test, among the definitions"


def test_a_pages_bundle_is_named_after_its_choices_and_split(offered):
    for name in (
        "response-and-resolution_resolved_northridge-2015_all_methods.md",
        "response-and-resolution_resolved_by-gender_northridge-2015_all_methods.md",
        "compare_resolved_by-channel_northridge-2015_all_methods.md",
        "compare_got-response_by-channel_northridge-2015_all_methods.md",
        "expected-response-time_on-phone_by-gender_northridge-2015_all_methods.md",
    ):
        assert name in offered


def test_files_whose_marks_are_corrected_for_many_tests_say_so(offered):
    """Corrected marks (Significance tests: Corrected for many tests) are another content: another name."""
    for name in (
        "resolved_compared-by-gender_fdr-corrected_northridge-2015_all.csv",
        "resolved_by-channel-and-gender_fdr-corrected_northridge-2015_all.csv",
        "compare_resolved_by-gender_on-all-channels_fdr-corrected_northridge-2015_all_methods.md",
        "response-and-resolution_resolved_by-gender_fdr-corrected_northridge-2015_all_methods.md",
    ):
        assert name in offered
        assert all(b"adjusted (FDR)" in content for content in offered[name]), name
    assert "resolved_compared-by-gender_northridge-2015_all.csv" in offered, "the same view, each test at 95%"


def test_a_pages_bundle_name_is_safe_for_any_file_system():
    slc = Slice("My survey (wave 2)", regions=("Île/de France",))
    stem = page_stem("Compare", ["resolved", "by gender"], slc)
    assert stem == "compare_resolved_by-gender_my-survey-wave-2_ile-de-france"


def test_filters_with_no_latin_letter_still_tell_slices_apart():
    names = {file_name("Resolved", "Channel", Slice("d", regions=regions)) for regions in (("北京",), ("上海",), ())}
    assert len(names) == 3 and "resolved_by-channel_d_all" in names
    assert all(re.fullmatch(r"[a-z0-9_-]+", name) for name in names)
