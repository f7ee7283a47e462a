"""The Overview in real Chromium against `make run`'s server."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from caregap.paths import DATA_DIR
from tests.browser.conftest import assert_no_exception, wait_for_app


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
    other = page.context.new_page()
    other.goto(copied)
    wait_for_app(other)
    expect(other.get_by_role("heading", name=title_of("auros_2011"))).to_be_visible()
    assert_no_exception(other)
