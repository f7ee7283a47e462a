"""Exports without a browser: captions, file names, CSV/XLSX safety, HTML, the page ZIP, XLSX, note and deck."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation

from caregap.bases import base_note
from caregap.charts import share_chart
from caregap.export.browser import NEEDS_CHROMIUM, find_chromium
from caregap.export.caption import Caption, captioned, short_weighting
from caregap.export.deck import page_deck
from caregap.export.images import png_with_text, to_html
from caregap.export.names import file_name, split_of
from caregap.export.page import ChartExport, methods_note, page_xlsx, page_zip
from caregap.export.tables import DANGEROUS_STARTS, escape_cell, sheet_names, to_csv, to_xlsx
from caregap.measures import MEASURES
from caregap.readout import ADJUSTED, P_COLUMN, chart_data
from caregap.slicing import Slice
from caregap.stacked_charts import stacked_chart
from caregap.views import measure_table

AMEX = "amex_2014"
WOMEN = Slice(AMEX, genders=("female",))
DAY = date(2026, 3, 4)


def caption_for(
    title: str, base: str = "Base: 53 to 421 contacts.", dataset: str = "Amex survey (synthetic)"
) -> Caption:
    return Caption(title, dataset, "A blog post, 2014", "Female", base, "Cell weights on age: modelled", True, DAY)


@pytest.fixture(scope="module")
def rates(bundled_run) -> pd.DataFrame:
    """Got a response, by channel, among women in the Amex survey."""
    return measure_table(bundled_run, MEASURES["got_response"], WOMEN)


@pytest.fixture(scope="module")
def chart(rates) -> ChartExport:
    figure = share_chart(rates, x="channel", title="Got a response by channel (Female)", x_title="Channel")
    caption = caption_for("Got a response by channel (Female)", base_note(rates, "contacts"))
    stem = file_name("Got a response", "Channel", WOMEN)
    return ChartExport(figure, chart_data(rates, "channel", "Channel"), caption, "Got a response", stem)


@pytest.fixture(scope="module")
def stacked(bundled_run) -> ChartExport:
    table = measure_table(bundled_run, MEASURES["contacts_needed"], WOMEN)
    figure = stacked_chart(table, y="channel", stack="answer", title="Contacts needed (Female)", y_title="")
    caption = caption_for("Contacts needed (Female)", base_note(table, "contacts"))
    stem = file_name("Contacts needed", "Channel", WOMEN)
    return ChartExport(figure, chart_data(table, "answer", "Contacts needed"), caption, "Contacts needed", stem)


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, na_values=[""])


def assert_same_rows(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same headings, same rows: numbers equal (NaN = blank), text equal (blank = empty)."""
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for column in expected.columns:
        if pd.api.types.is_numeric_dtype(expected[column]):
            assert pd.api.types.is_numeric_dtype(got[column]), f"{column} should stay numeric"
            assert np.allclose(got[column].astype(float), expected[column].astype(float), equal_nan=True), column
        else:
            text = [got[column].astype(object).fillna(""), expected[column].astype(object).fillna("")]
            assert text[0].astype(str).tolist() == text[1].astype(str).tolist(), column


def sheet_rows(sheet) -> pd.DataFrame:
    rows = list(sheet.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


# Captions and file names


def test_caption_says_dataset_source_slice_base_weighting_and_date():
    caption = caption_for("Resolved by channel (Female)")
    text = caption.text()
    for part in (
        "Resolved by channel (Female)",
        "Dataset: Amex survey (synthetic)",
        "Source: A blog post, 2014",
        "Slice: Female",
        "Base: 53 to 421 contacts.",
        "Weighting: Cell weights on age",
        "2026-03-04",
        "Synthetic data",
    ):
        assert part in text


def test_caption_names_the_split_among_the_slicers():
    split = replace(caption_for("Resolved by channel (Female)"), split="age group")
    assert "Slice: Female; split by age group" in split.lines()
    assert "Slice: Female" in caption_for("Resolved").lines(), "no split, no mention of one"


@pytest.mark.parametrize(
    ("statement", "short"),
    [
        ("Cell weights on age group x gender: the sample over-represents...", "Cell weights on age group x gender"),
        ("None: every brand and probe counts once.", "None"),
        (
            "Raked to the U.S. Census 2020 (18+), margins 0.5% apart. Trimmed at 5",
            "Raked to the U.S. Census 2020 (18+), margins 0.5% apart",
        ),
        ("none: every respondent counts once", "None"),
        (None, "not stated"),
        (float("nan"), "not stated"),
        ("", "not stated"),
    ],
)
def test_short_weighting(statement, short):
    assert short_weighting(statement) == short


def test_captioned_copies_the_figure_and_draws_the_caption_under_it(chart):
    shown = captioned(chart.figure, chart.caption)
    assert not chart.figure.layout.annotations, "the on-screen figure is left alone"
    note = shown.layout.annotations[-1]
    assert "Slice: Female" in note.text and "Dataset: Amex survey (synthetic)" in note.text
    assert note.yanchor == "top" and note.y == 0 and note.yshift < 0
    assert shown.layout.height > 520 and shown.layout.margin.b > chart.figure.layout.margin.b


def test_caption_text_is_escaped_and_wrapped_in_the_figure():
    caption = caption_for("T", base="Base: <b>bold</b> & " + "long " * 60)
    note = captioned(go.Figure(), caption).layout.annotations[0].text
    assert "<b>" not in note and "&lt;b&gt;" in note and "&amp;" in note
    lines = [html.unescape(line) for line in note.split("<br>")]
    assert len(lines) > len(caption.lines()) and all(len(line) <= 150 for line in lines)


def test_a_long_title_wraps_and_the_figure_grows_to_hold_it():
    title = "Got a response by age group, chat contacts (" + ", ".join(["Female", "Male", "18-29", "30-44"] * 6) + ")"
    fig = go.Figure(layout={"title": {"text": title}, "height": 500, "margin": {"t": 90}})
    shown = captioned(fig, caption_for(title))
    lines = shown.layout.title.text.split("<br>")
    assert len(lines) > 1 and all(len(line) <= 95 for line in lines) and " ".join(lines) == title
    short = captioned(go.Figure(fig, layout_title_text="T"), caption_for("T")).layout
    assert shown.layout.margin.t - short.margin.t == 22 * (len(lines) - 1)
    assert shown.layout.height - short.height == 22 * (len(lines) - 1)


def test_long_file_names_are_cut_between_words():
    many = Slice("d", networks=("facebook", "instagram"), regions=("northeast", "midwest", "west", "south") * 4)
    name = file_name("Got a response", "Age group", many, "png")
    assert len(name) <= 154 and name.endswith(".png")
    stem = name.removesuffix(".png")
    assert stem.split("_")[-1] in {"northeast", "midwest", "west", "south", "facebook", "instagram"}


def test_horizontal_bars_get_room_for_their_labels(stacked):
    shown = captioned(stacked.figure, stacked.caption)
    assert shown.layout.margin.l >= 7 * len("In person") + 24


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("Resolution rate", "Channel", Slice(AMEX, genders=("female",), age_groups=("18-29",)), "png"), {}, None),
        (("Resolved", "Channel", Slice(AMEX), "csv"), {}, "resolved_by-channel_amex-2014_all.csv"),
        (("Resolved", "Channel", Slice(AMEX, age_groups=("60+",)), "svg"), {"split": "gender"}, None),
        (
            ("Q&A: <script>/..", "", Slice("My survey (wave 2)", regions=("new england",)), "pdf"),
            {},
            "q-and-a-script_my-survey-wave-2_new-england.pdf",
        ),
    ],
)
def test_file_names_describe_the_content(args, kwargs, expected):
    name = file_name(*args, **kwargs)
    assert re.fullmatch(r"[a-z0-9_.-]+", name)
    if args[0] == "Resolution rate":
        assert name == "resolution-rate_by-channel_amex-2014_female_18-29.png"
    elif kwargs:
        assert name == "resolved_by-channel-and-gender_amex-2014_60plus.svg"
    else:
        assert name == expected


def test_a_file_name_says_when_its_marks_are_corrected_for_many_tests():
    women = Slice(AMEX, genders=("female",))
    compared = file_name("Resolved", "Gender", women, "csv", compared=True, corrected=True)
    assert compared == "resolved_compared-by-gender_fdr-corrected_amex-2014_female.csv"
    split = file_name("Resolved", "Channel", women, "png", split="age_group", corrected=True)
    assert split == "resolved_by-channel-and-age-group_fdr-corrected_amex-2014_female.png"


def test_split_of_reads_the_split_from_the_table(bundled_run):
    by_age = measure_table(bundled_run, MEASURES["resolved"], WOMEN.with_split("age_group"))
    assert split_of(by_age, "channel") == "age_group"
    assert split_of(by_age, "segment") == "none", "segments on the x axis are not a split"
    assert split_of(measure_table(bundled_run, MEASURES["resolved"], WOMEN), "channel") == "none"


# CSV and XLSX


@pytest.mark.parametrize("start", DANGEROUS_STARTS)
def test_each_dangerous_start_is_escaped(start):
    assert escape_cell(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", ["Phone", "18-29", "", "a=b", -1.5, 3, None])
def test_everything_else_is_left_alone(value):
    assert escape_cell(value) == value or (value is None and escape_cell(value) is None)


def test_csv_rows_equal_the_charts_data(chart):
    got = read_csv(to_csv(chart.data))
    assert_same_rows(got, chart.data)
    assert to_csv(chart.data).startswith(b"\xef\xbb\xbf"), "a byte-order mark, so spreadsheets read UTF-8"


def test_xlsx_rows_equal_the_charts_data_with_numbers_as_numbers(chart):
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Got a response": chart.data}, about=["About it"])))
    assert book.sheetnames == ["Got a response", "About"]
    sheet = book["Got a response"]
    assert_same_rows(sheet_rows(sheet).replace({None: np.nan}), chart.data)
    share_column = list(chart.data.columns).index("Share (%)") + 1
    assert all(sheet.cell(row, share_column).data_type == "n" for row in range(2, sheet.max_row + 1))
    assert book["About"]["A1"].value == "About it"


HOSTILE = pd.DataFrame(
    {
        "=Label": ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn", "Safe"],
        "Share (%)": [-1.5, 2.0, np.nan, 4.0, 5.0, 6.0, 7.0],
        "Base (n)": [1, 2, 3, 4, 5, 6, 7],
        "Text number": ["-1.5", "2", "3", "4", "5", "6", "7"],
    }
)


def test_csv_escapes_text_and_keeps_numbers():
    rows = list(csv.reader(io.StringIO(to_csv(HOSTILE).decode("utf-8-sig"))))
    assert rows[0] == ["'=Label", "Share (%)", "Base (n)", "Text number"]
    assert [row[0] for row in rows[1:]] == ["'" + v if v[0] in "=+-@\t\r" else v for v in HOSTILE["=Label"]]
    assert [row[1] for row in rows[1:]] == ["-1.5", "2.0", "", "4.0", "5.0", "6.0", "7.0"], "real numbers untouched"
    assert rows[1][3] == "'-1.5", "a negative number held as text is escaped"


def test_xlsx_leaves_numbers_it_cannot_hold_blank():
    frame = pd.DataFrame({"Share (%)": [np.inf, -np.inf, np.float32("nan"), 2.5], "Flag": [True, False, None, True]})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Data": frame})))["Data"]
    assert [sheet.cell(row, 1).value for row in range(2, 6)] == [None, None, None, 2.5]
    assert [sheet.cell(row, 2).value for row in range(2, 6)] == [True, False, None, True]


def test_xlsx_escapes_text_never_writes_formulas_and_keeps_numbers():
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Data": HOSTILE})))["Data"]
    assert sheet["A1"].value == "'=Label"
    for row in range(2, 9):
        assert sheet.cell(row, 1).data_type == "s", "text, never a formula"
        assert sheet.cell(row, 1).value.replace("_x000D_", "\r") == escape_cell(HOSTILE.iat[row - 2, 0])
    assert sheet["B2"].value == -1.5 and sheet["B2"].data_type == "n"
    assert sheet["B4"].value is None
    assert sheet["C8"].value == 7 and sheet["D2"].value == "'-1.5"


def test_a_hostile_dataset_label_is_escaped_everywhere(chart):
    data = chart.data.assign(Segment="@evil")
    hostile = replace(chart, data=data, caption=caption_for("=cmd title", dataset="=1+2 survey"), name="=cmd")
    book = openpyxl.load_workbook(io.BytesIO(page_xlsx([hostile])))
    cells = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert not [value for value in cells if value.startswith(DANGEROUS_STARTS)]
    assert "'=cmd title" in cells and "Dataset: =1+2 survey" in cells
    assert set(book["=cmd"].iter_rows(min_row=2, max_col=1, values_only=True)) == {("'@evil",)}
    assert set(read_csv(to_csv(data))["Segment"]) == {"'@evil"}


def test_sheet_names_are_cut_between_words():
    names = sheet_names(
        [
            "Reason for using the channel: Could not reach a rep elsewhere",
            "Expects the same response time at night and weekends",
            "Actual response time: 2 days–1 week",
            "Supercalifragilisticexpialidocious-and-more",
        ]
    )
    assert names == [
        "Reason for using the channel",
        "Expects the same response time",
        "Actual response time 2 days–1",
        "Supercalifragilisticexpialidoci",
    ]


def test_sheet_names_are_valid_and_unique():
    long = "Expects a response within 30 minutes"
    names = sheet_names([long, long + "!", "a/b:c", "History", "history", ""])
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert not any(set(n) & set("[]:*?/\\") for n in names)
    assert "History" not in names and names[-1] == "Chart"


# HTML, the page's ZIP, XLSX and methods note, and the deck, without a browser


def test_html_works_offline_and_carries_the_caption(chart):
    page = to_html(chart.figure, chart.caption).decode("utf-8")
    assert not re.search(r"<script[^>]+src=", page), "no script is fetched: plotly.js is inside"
    assert "Plotly.newPlot" in page and len(page) > 1_000_000
    assert "<title>Got a response by channel (Female)</title>" in page
    assert "Slice: Female" in page and "Dataset: Amex survey (synthetic)" in page


def test_page_xlsx_has_a_sheet_per_chart_and_their_captions(chart, stacked):
    book = openpyxl.load_workbook(io.BytesIO(page_xlsx([chart, stacked])))
    assert book.sheetnames == ["Got a response", "Contacts needed", "About"]
    assert_same_rows(sheet_rows(book["Got a response"]).replace({None: np.nan}), chart.data)
    assert_same_rows(sheet_rows(book["Contacts needed"]).replace({None: np.nan}), stacked.data)
    about = "\n".join(str(v) for (v,) in book["About"].iter_rows(values_only=True) if v)
    assert "Slice: Female" in about and chart.caption.base in about


def test_methods_note_says_slicers_bases_definitions_and_source(chart, stacked):
    note = methods_note("Response and resolution", [chart, stacked])
    for part in (
        "# Response and resolution",
        "Filters: Female",
        "Source: A blog post, 2014",
        "Cell weights on age: modelled",
        chart.caption.base,
        stacked.caption.base,
        f"`{chart.stem}.png`",
        "Wilson",
        "not adjusted for the many a page makes",
        "2026-03-04",
        "Split by: nothing",
        "count the people the contacts come from",
    ):
        assert part in note
    by_age = replace(stacked, caption=replace(stacked.caption, split="age group"))
    assert "Split by: age group" in methods_note("Response and resolution", [chart, by_age])


def test_methods_note_says_when_marks_are_corrected_for_multiple_comparisons(chart, stacked):
    corrected = replace(chart, data=chart.data.assign(**{P_COLUMN: 0.01, P_COLUMN + ADJUSTED: 0.03}))
    note = methods_note("Response and resolution", [stacked, corrected])
    assert "Benjamini-Hochberg" in note and "false discovery rate" in note
    assert "not adjusted for the many a page makes" not in note
    assert note.index("two-proportion z-test") < note.index("Benjamini-Hochberg") < note.index("◆ marks")


HOSTILE_REGION = "<img src=x onerror=alert(1)> **bold** [x](javascript:y) `code` | cell\n-2+3"


def test_methods_note_shows_uploaded_labels_as_text_not_markup(chart):
    base = f"Base: 9 contacts; ▲▼ significantly higher / lower than {HOSTILE_REGION} (95%)."  # a baseline's title
    caption = replace(chart.caption, title=f"Resolved ({HOSTILE_REGION})", slice=HOSTILE_REGION, split="_x_", base=base)
    note = methods_note("Response and resolution", [replace(chart, caption=caption)])
    filters = next(line for line in note.split("\n") if line.startswith("- Filters: "))
    title = re.search(r"^1\. \*\*(.*)\*\*: `", note, re.M).group(1)
    bases = re.search(r"^1\. .*(Base: .*)$", note, re.M).group(1)
    for text in (filters.removeprefix("- Filters: "), title, bases):
        assert not re.search(r"(?<!\\)[<>\[\]*`|]", text), "every character of markup escaped"
    assert r"\<img src=x onerror=alert(1)\> \*\*bold\*\* \[x\](javascript:y) \`code\` \| cell -2+3" in note
    assert not [line for line in note.split("\n") if line.startswith("-2+3")], (
        "a label's line break starts no list item"
    )
    assert r"Split by: \_x\_" in note


def test_each_caption_part_stays_on_one_line_whatever_its_labels():
    caption = replace(caption_for("Resolved (North\n=cmd)"), slice="North\n=cmd", split="region")
    assert caption.text().split("\n") == ["Resolved (North =cmd)", *caption.lines()]
    assert len(caption.lines()) == 6 and "Slice: North =cmd; split by region" in caption.lines()
    cells = [
        v
        for (v,) in openpyxl.load_workbook(io.BytesIO(to_xlsx({}, about=caption.text().split("\n"))))[
            "About"
        ].iter_rows(values_only=True)
    ]
    assert "'=cmd" not in cells and "Slice: North =cmd; split by region" in cells


def test_a_methods_note_downloaded_alone_names_no_file_of_the_zip(chart, stacked):
    note = methods_note("Response and resolution", [chart, stacked], images=False, bundled=False)
    assert "sheet “Got a response” of the page's workbook" in note and chart.caption.base in note
    assert not [name for name in (".png", ".svg", ".html", "data.xlsx", "interactive HTML") if name in note]


def test_page_zip_without_a_browser_holds_html_data_and_note(chart, stacked):
    archive = zipfile.ZipFile(io.BytesIO(page_zip("Response", [chart, stacked, chart], None)))
    names = archive.namelist()
    assert names == [
        f"{chart.stem}.html",
        f"{stacked.stem}.html",
        f"{chart.stem}-2.html",
        "data.xlsx",
        "methods-note.md",
    ]
    note = archive.read("methods-note.md").decode("utf-8")
    assert NEEDS_CHROMIUM in note
    assert openpyxl.load_workbook(io.BytesIO(archive.read("data.xlsx"))).sheetnames[:2] == [
        "Got a response",
        "Contacts needed",
    ]


def test_page_zip_numbers_no_chart_onto_another_charts_name(chart):
    named = [replace(chart, stem=stem) for stem in ("a_zone", "a_zone", "a_zone-2")]
    names = zipfile.ZipFile(io.BytesIO(page_zip("Response", named, None))).namelist()
    assert names[:3] == ["a_zone.html", "a_zone-2.html", "a_zone-2-2.html"]
    assert len(set(names)) == len(names)


def test_deck_without_a_browser_shows_each_charts_data_and_says_why(chart, stacked):
    deck = Presentation(io.BytesIO(page_deck("Response and resolution", [chart, stacked], None)))
    slides = list(deck.slides)
    assert len(slides) == 3, "a title slide, then one per chart"
    for slide, item in zip(slides[1:], (chart, stacked), strict=True):
        tables = [shape.table for shape in slide.shapes if shape.has_table]
        assert len(tables) == 1
        assert [c.text for c in tables[0].rows[0].cells] == list(item.data.columns)
        text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        assert "Slice: Female" in text and "Chromium" in text
        assert slide.notes_slide.notes_text_frame.text == item.caption.text()
        assert slide.shapes.title.text == item.caption.title, "a slide title for screen readers and the outline"
        assert slide.shapes.title.top + slide.shapes.title.height <= 0, "kept off the slide: the chart has its own"


# The browser and PNG text


def test_png_text_chunks_are_read_by_pillow():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, "PNG")
    tagged = png_with_text(buffer.getvalue(), {"Description": "Slice: Female – 18–29 ▲"})
    image = Image.open(io.BytesIO(tagged))
    image.load()
    assert image.size == (4, 3) and image.text["Description"] == "Slice: Female – 18–29 ▲"
    with pytest.raises(ValueError):
        png_with_text(b"GIF89a", {})


def test_find_chromium(monkeypatch, tmp_path):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("CAREGAP_CHROMIUM", "none")
    assert find_chromium() is None
    monkeypatch.setenv("CAREGAP_CHROMIUM", str(tmp_path / "missing"))
    assert find_chromium() is None
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("CAREGAP_CHROMIUM", str(browser))
    assert find_chromium() == str(browser)
    monkeypatch.delenv("CAREGAP_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() == str(browser)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert find_chromium() is None


def test_a_caption_names_the_synthetic_datasets_when_some_are_not():
    mixed = Caption("T", "Wave 1 / Amex (synthetic)", "S", "everyone", "Base: 9.", "None", True, synthetic_of="Amex")
    assert "Synthetic data (Amex) calibrated to published figures" in mixed.lines()[-1]
    alone = Caption("T", "Amex (synthetic)", "S", "everyone", "Base: 9.", "None", True)
    assert "Synthetic data calibrated to published figures" in alone.lines()[-1]
