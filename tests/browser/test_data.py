"""The Data page in real Chromium: upload a Google Forms export, import it, find it in the sidebar."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_exception, wait_for_app

UPLOAD = Path(__file__).resolve().parents[1] / "fixtures" / "uploads" / "google_forms_messy.csv"


def test_upload_map_import_and_see_it_in_the_sidebar(server_url, page):
    page.goto(f"{server_url}/your_data")
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(UPLOAD))
    expect(page.get_by_test_id("stMetric").filter(has_text="Rows ready to import")).to_contain_text("148")
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the rejected rows").click()
    rejected = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert [row.split(",")[0] for row in rejected[1:]] == ["42", "92"] and "Helicopter" in rejected[2]
    title = page.get_by_label("Title")
    title.fill("Browser wave")
    page.get_by_role("button", name="Import into the library").click()
    expect(page.get_by_text("Imported google_forms_messy").first).to_be_visible()
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    expect(page.get_by_role("option", name="Browser wave")).to_be_visible()
    assert_no_exception(page)
