"""The Data page in real Chromium: upload a Google Forms export, leave out its bad rows, import it, delete it; download
the example export and read it back."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from caregap.ingest.example import example_csv
from caregap.paths import DATA_DIR
from tests.browser.conftest import another_tab, assert_no_exception, wait_for_app

UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
UPLOAD = UPLOADS / "google_forms_messy.csv"


def test_upload_map_import_open_it_and_lose_it_to_another_tab(server_url, page):
    page.goto(f"{server_url}/your_data")
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(UPLOAD))
    expect(page.get_by_test_id("stMetric").filter(has_text="Rows ready to import")).to_contain_text("148")
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the rejected rows").click()
    rejected = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert [row.split(",")[0] for row in rejected[1:]] == ["42", "92"] and "Helicopter" in rejected[2]
    assert rejected[0].startswith("line,problem,") and "must be one of" in rejected[2], "each row says why"
    title = page.get_by_role("textbox", name="Title", exact=True)
    title.fill("Browser wave")
    importing = page.get_by_role("button", name="Import into the library")
    expect(importing).to_be_disabled()
    expect(page.get_by_text("Choose first: fix the file, or import the valid rows only.")).to_be_visible()
    page.get_by_text("Import the 148 valid rows and leave out the 2 rows with problems", exact=True).click()
    wait_for_app(page)
    expect(importing).to_be_enabled()
    importing.click()
    expect(page.get_by_text("Imported “Browser wave”").first).to_be_visible()
    page.get_by_role("button", name="Open it").click()  # straight to the new dataset's Overview
    expect(page.get_by_role("heading", name="Browser wave")).to_be_visible()
    expect(page.get_by_role("heading", name="This dataset beside the published studies")).to_be_visible()
    figures = page.get_by_test_id("stTable")  # read in full: every statement and note whole
    expect(figures).to_contain_text("NG01")  # 33% of social contacts never answered
    expect(figures).to_contain_text("33 percent of consumers who contact brands on social media with a customer")
    expect(page).to_have_url(re.compile(r"/\?dataset=google_forms_messy$"))
    wait_for_app(page)
    delete_in_another_tab(page, server_url)
    page.get_by_test_id("stSidebarNav").get_by_text("Channel preference").click()  # any rerun
    expect(page.get_by_text("was deleted")).to_have_text(
        "The dataset “Browser wave” was deleted, so Care Gap is showing "
        "State of Customer Service Experience 2015 (synthetic) instead."
    )
    sidebar_dataset = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Dataset")
    expect(sidebar_dataset).to_have_value("State of Customer Service Experience 2015 (synthetic)")
    assert_no_exception(page)


def delete_in_another_tab(page: Page, server_url: str) -> None:
    """Open the Data page in a second tab and delete the imported dataset there, with confirmation."""
    other = another_tab(page, f"{server_url}/your_data")
    weigh_with_equal_shares(other)
    other.get_by_role("button", name="Delete this dataset…").click()
    other.get_by_role("button", name="Delete it").click()
    expect(other.get_by_text("Deleted google_forms_messy.")).to_be_visible()
    other.close()


def weigh_with_equal_shares(page: Page) -> None:
    """Open the weighting, pick a preset and weight: the section stays open with its result, clicks and all."""
    page.get_by_text("Weight to age group and gender targets").click()
    page.get_by_text("Equal shares", exact=True).click()
    wait_for_app(page)
    weigh = page.get_by_role("button", name="Weight the respondents")
    expect(weigh).to_be_visible()  # still open after the click on a preset
    weigh.click()
    expect(page.get_by_text("Weighted “Browser wave”: effective base")).to_be_visible()
    expect(weigh).to_be_visible()  # and after weighting


def test_the_example_export_downloads_and_reads_back_with_every_row_ready(server_url, page, tmp_path):
    page.goto(f"{server_url}/your_data")
    wait_for_app(page)
    expect(page.get_by_text("No export at hand?")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Example export (CSV)").click()
    assert info.value.suggested_filename == "care-gap-example-export.csv"
    example = tmp_path / info.value.suggested_filename  # uploaded under its name, as a user would
    info.value.save_as(example)
    assert example.read_bytes() == example_csv(DATA_DIR / "northridge_2015")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(example))
    expect(page.get_by_test_id("stMetric").filter(has_text="Rows ready to import")).to_contain_text("1,000")
    expect(page.get_by_test_id("stMetric").filter(has_text="Rows with problems")).to_contain_text("0")
    expect(page.get_by_role("button", name="Example export (CSV)")).to_have_count(0)
    assert_no_exception(page)


def test_a_survey_after_each_contact_asks_about_the_rows_channel_and_says_which_rows_name_none(server_url, page):
    page.goto(f"{server_url}/your_data")
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(UPLOADS / "after_contact.csv"))
    expect(page.get_by_test_id("stMetric").filter(has_text="Rows ready to import")).to_contain_text("118")
    wait_for_app(page)
    channel = page.get_by_role("combobox", name="Was your issue resolved?: channel")
    expect(channel).to_have_value("The row's channel")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the rejected rows").click()
    rejected = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert [row.split(",")[0] for row in rejected[1:]] == ["41", "78"]
    assert "row names no channel, but its answers in" in rejected[1]
    assert "row names 2 channels (Phone, Email), but" in rejected[2]
    assert_no_exception(page)
