"""The Overview in real Chromium against `make run`'s server."""

from __future__ import annotations

import itertools
import json
import re

from playwright.sync_api import expect

from caregap.paths import BUNDLED_DATASETS, DATA_DIR
from tests.browser.conftest import another_tab, assert_no_exception, wait_for_app


def title_of(dataset: str) -> str:
    return json.loads((DATA_DIR / dataset / "metadata.json").read_text(encoding="utf-8"))["title"]


def test_overview_serves_the_bundled_data(server_url, page):
    page.goto(server_url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name=title_of("northridge_2015"))).to_be_visible()
    expect(page.get_by_text("Synthetic data calibrated to published figures").first).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Respondents")).to_contain_text("1,000")
    page.screenshot(path=str(DATA_DIR.parent / "test-results" / "overview.png"), full_page=True)
    assert_no_exception(page)


def test_choosing_a_dataset_updates_page_and_url(server_url, page):
    page.goto(server_url)
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=title_of("auros_2011")).click()
    expect(page.get_by_role("heading", name=title_of("auros_2011"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]dataset=auros_2011"))
    expect(page.get_by_test_id("stMetric").filter(has_text="Brands audited")).to_contain_text("25")
    assert_no_exception(page)
    copied = page.url
    other = another_tab(page, copied)
    expect(other.get_by_role("heading", name=title_of("auros_2011"))).to_be_visible()
    assert_no_exception(other)


def test_every_dataset_title_reads_in_full_in_the_open_list(server_url, page):
    """The sidebar is narrow: a long title wraps in the list rather than being cut off before '(synthetic)'."""
    page.goto(server_url)
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(len(BUNDLED_DATASETS))
    cut = "e => [...e.querySelectorAll('*'), e].some(x => x.scrollWidth > x.clientWidth + 1)"
    boxes = []
    for option in options.all():
        assert option.inner_text().strip().endswith("(synthetic)")
        assert not option.evaluate(cut), f"cut off: {option.inner_text()}"
        boxes.append(option.bounding_box())
    assert all(one["y"] + one["height"] <= next_["y"] + 1 for one, next_ in itertools.pairwise(boxes)), "overlap"
    assert_no_exception(page)
