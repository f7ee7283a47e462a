"""Exports in real Chromium against `make run`: every file a chart or page offers, checked against the screen."""

from __future__ import annotations

import base64
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from caregap.charts import share_chart
from caregap.export.caption import Caption
from caregap.export.images import to_html
from caregap.paths import DATA_DIR
from tests.browser.conftest import assert_no_exception, chart_values, drawn_chart, make_run, pick, wait_for_app

META = json.loads((DATA_DIR / "amex_2014" / "metadata.json").read_text(encoding="utf-8"))
CHARTS = 5  # on the Response and resolution page
SVG = "http://www.w3.org/2000/svg"
WAIT_MS = 60_000  # for a page or a menu to appear on a busy 2-core machine
DOWNLOAD_MS = 120_000  # a first static export may start the browser on a busy machine


@pytest.fixture()
def server_without_chromium(tmp_path_factory):
    """A `make run` server told there is no Chromium for static images."""
    with make_run(tmp_path_factory, {"CAREGAP_CHROMIUM": "none"}) as url:
        yield url


def open_resolution(tab: Page, url: str, *slicers: tuple[str, str], titled: str = "everyone", legend: str = "") -> None:
    """The Response and resolution page of the Amex survey, slicers chosen in the sidebar, every chart redrawn for them.

    titled is the slice as the chart titles say it; legend, a segment the first chart's legend must show.
    """
    tab.set_default_timeout(WAIT_MS)
    tab.goto(f"{url}/resolution?dataset=amex_2014")
    wait_for_app(tab)
    for widget, option in slicers:
        pick(tab, widget, option)
    plots = tab.locator(".js-plotly-plot")
    expect(plots).to_have_count(CHARTS, timeout=WAIT_MS)
    for index in range(CHARTS):
        expect(plots.nth(index).locator(".gtitle")).to_contain_text(f"({titled})", timeout=WAIT_MS)
    if legend:
        expect(plots.first.locator(".legend")).to_contain_text(legend, timeout=WAIT_MS)
    expect(tab.get_by_test_id("stPopover")).to_have_count(CHARTS, timeout=WAIT_MS)
    expect(tab.get_by_role("button", name="All charts (ZIP)")).to_be_visible(timeout=WAIT_MS)


def on_screen(tab: Page, index: int = 0) -> dict:
    """The title and the bars (name, x, y of each bar trace, not of a hidden bar's note: caregap/bar_text.py) of the
    page's index-th chart, read from the browser."""
    drawn = drawn_chart(tab, index).evaluate(
        "n => ({title: n.layout.title.text, bars: n._fullData.filter(t => t.type === 'bar' && t.hoverinfo !== 'skip')"
        ".map(t => ({name: t.name, x: Array.from(t.x), y: Array.from(t.y)}))})"
    )
    values = chart_values(tab, index)
    assert drawn["bars"] and all(bar["y"] in values for bar in drawn["bars"])
    return {**drawn, "title": re.sub(r"<[^>]+>", "", drawn["title"].replace("<br>", " "))}  # wrapped on screen


def base_caption(tab: Page, index: int = 0) -> str:
    """The bases and marks shown beside the page's index-th chart."""
    return tab.get_by_test_id("stCaptionContainer").filter(has_text="Base:").nth(index).inner_text()


def menu(tab: Page, index: int = 0) -> Locator:
    """Open the index-th chart's export menu."""
    tab.get_by_test_id("stPopover").nth(index).get_by_role("button").first.click()
    body = tab.get_by_test_id("stPopoverBody")
    expect(body).to_be_visible(timeout=WAIT_MS)
    return body


def download(tab: Page, where: Locator, label: str) -> tuple[str, bytes]:
    """Click a download button; the file's suggested name and its bytes."""
    with tab.expect_download(timeout=DOWNLOAD_MS) as info:
        where.get_by_role("button", name=label, exact=True).click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def flat(text: str) -> str:
    """Text with ligatures undone and whitespace runs as single spaces (caption lines wrap)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def caption_parts(tab: Page, slicers: str) -> list[str]:
    """What every exported chart's caption must say, from the screen and the dataset's metadata."""
    weighting = re.split(r"[:;.]", META["weighting"])[0]
    return [
        f"Dataset: {META['title']}",
        f"Source: {META['source']}",
        f"Slice: {slicers}",
        flat(base_caption(tab)),
        f"Weighting: {weighting}",
        f"Exported from Care Gap on {date.today().isoformat()}",
    ]


def drawn_text(svg: bytes) -> str:
    """The text an SVG draws (its <text> elements, not its <title> or <desc>), flattened."""
    return flat(" ".join(" ".join(element.itertext()) for element in ET.fromstring(svg).iter(f"{{{SVG}}}text")))


def rasterised(tab: Page, svg: bytes) -> bytes:
    """The SVG drawn by Chromium at the PNG export's scale, as a PNG screenshot."""
    root = ET.fromstring(svg)
    size = {"width": round(float(root.get("width"))), "height": round(float(root.get("height")))}
    context = tab.context.browser.new_context(viewport=size, device_scale_factor=2)
    view = context.new_page()
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    view.set_content(f'<body style="margin:0"><img style="display:block" src="{source}"></body>')
    view.wait_for_function("() => document.images[0].complete && document.images[0].naturalWidth > 0")
    shot = view.screenshot()
    context.close()
    return shot


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, na_values=[""])


def read_sheet(sheet) -> pd.DataFrame:
    rows = list(sheet.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0]).replace({None: float("nan"), "": float("nan")})


def assert_rows_are_the_bars(table: pd.DataFrame, bars: list[dict], x_title: str = "Channel") -> None:
    """One row per plotted bar, its segment and category as on screen, its share the bar's height (0 = not shown).

    The segment's column is named by the split ('Age group'), or 'Segment' when there is none.
    """
    segment = table.columns[0]
    assert segment == ("Segment" if {bar["name"] for bar in bars} == {"Everyone in the slice"} else "Age group")
    for bar in bars:
        rows = table[table[segment] == bar["name"]]
        assert rows[x_title].tolist() == bar["x"]
        assert rows["Share (%)"].fillna(0).tolist() == pytest.approx([round(y, 1) for y in bar["y"]], abs=0.051)
    assert pd.api.types.is_numeric_dtype(table["Share (%)"]) and pd.api.types.is_integer_dtype(table["Base (n)"])


def test_png_svg_and_pdf_show_the_chart_and_its_caption(server_url, page):
    open_resolution(page, server_url, ("Gender", "Female"), ("Age group", "18-29"), titled="Female; 18-29")
    chart, others = on_screen(page), [on_screen(page, i)["title"] for i in range(1, CHARTS)]
    expected = [chart["title"], *caption_parts(page, "Female; 18-29")]
    body = menu(page)

    name, svg = download(page, body, "SVG image")
    assert name == "got-a-response_by-channel_amex-2014_female_18-29.svg"
    text = drawn_text(svg)
    for part in [*expected, *chart["bars"][0]["x"]]:
        assert part in text
    assert not any(title in text for title in others), "the chart asked for, not another one"

    name, png = download(page, body, "PNG image")
    assert name == "got-a-response_by-channel_amex-2014_female_18-29.png"
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 30_000
    image = Image.open(io.BytesIO(png))
    assert image.width == 2000 and image.height > 1000
    assert image.text["Title"] == chart["title"]
    assert all(part in flat(image.text["Description"]) for part in expected[1:])
    differs = np.abs(pixels(png) - pixels(rasterised(page, svg))).max(axis=2) > 32
    assert differs.mean() < 0.005, "the PNG is the captioned chart the SVG draws"

    name, pdf = download(page, body, "PDF")
    assert name == "got-a-response_by-channel_amex-2014_female_18-29.pdf" and pdf.startswith(b"%PDF-")
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for part in [*expected, "Social media"]:
        assert part in text
    assert_no_exception(page)


def test_html_renders_offline(server_url, page, tmp_path):
    open_resolution(page, server_url, ("Gender", "Female"), titled="Female")
    chart = on_screen(page)
    name, html = download(page, menu(page), "Interactive HTML")
    assert name == "got-a-response_by-channel_amex-2014_female.html"
    assert not re.search(rb"<script[^>]*\ssrc\s*=", html), "no script is fetched from anywhere"
    saved = tmp_path / name
    saved.write_bytes(html)

    offline = page.context.new_page()
    offline.set_default_timeout(WAIT_MS)
    fetched: list[str] = []
    offline.on("request", lambda request: fetched.append(request.url))
    offline.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    offline.goto(saved.as_uri())
    expect(offline.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=WAIT_MS)
    expect(offline.locator(".js-plotly-plot .annotation-text")).to_contain_text("Slice: Female", timeout=WAIT_MS)
    assert on_screen(offline) == chart
    assert offline.title() == chart["title"]
    assert [url for url in fetched if not url.startswith(("file:", "data:", "blob:"))] == []


@pytest.mark.parametrize(
    ("slicers", "shown", "described", "stem"),
    [
        (
            (("Gender", "Female"), ("Age group", "18-29")),
            {"titled": "Female; 18-29"},
            "Female; 18-29",
            "got-a-response_by-channel_amex-2014_female_18-29",
        ),
        (
            (("Gender", "Female"), ("Split by", "Age group")),
            {"titled": "Female, by age group", "legend": "18-29"},
            "Female; split by age group",
            "got-a-response_by-channel-and-age-group_amex-2014_female",
        ),
    ],
)
def test_csv_and_xlsx_rows_are_the_charts_data_under_the_slicers(server_url, page, slicers, shown, described, stem):
    open_resolution(page, server_url)
    everyone = on_screen(page)
    open_resolution(page, server_url, *slicers, **shown)
    chart = on_screen(page)
    assert chart["bars"] != everyone["bars"], "the slicers changed the chart"
    body = menu(page)

    name, csv = download(page, body, "Data (CSV)")
    assert name == f"{stem}.csv"
    table = read_csv(csv)
    assert_rows_are_the_bars(table, chart["bars"])
    plotted = {bar["name"] for bar in chart["bars"]}
    assert set(table.iloc[:, 0]) - plotted <= {"Everyone in the slice"}, "only the slice's own rows besides the bars"
    split = table.iloc[:, 0] == "Everyone in the slice"  # rows of the whole slice, beside a split chart's bars
    split = split if not split.all() else ~split
    bars, whole = table.loc[~split, "Base (n)"], table.loc[split, "Base (n)"]
    said = f"Base: {bars.min():,} to {bars.max():,} contacts"
    said += f"; the whole slice: {whole.min():,} to {whole.max():,}" if split.any() else ""
    assert said in base_caption(page)

    name, xlsx = download(page, body, "Data (XLSX)")
    assert name == f"{stem}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["Got a response", "About"]
    pd.testing.assert_frame_equal(read_sheet(book["Got a response"]), table, check_dtype=False)
    shares = book["Got a response"].iter_rows(min_row=2, min_col=3, max_col=3)
    assert all(cell.data_type == "n" for (cell,) in shares), "numbers stay numbers"
    about = [cell.value for (cell,) in book["About"].iter_rows()]
    assert chart["title"] in about and f"Slice: {described}" in about
    assert_no_exception(page)


def test_page_exports_hold_every_chart(server_url, page):
    open_resolution(page, server_url, ("Gender", "Female"), titled="Female")
    charts = [on_screen(page, index) for index in range(CHARTS)]
    titles = [chart["title"] for chart in charts]
    section = page.get_by_test_id("stMain")

    name, bundle = download(page, section, "All charts (ZIP)")
    assert name == "response-and-resolution_got-response_amex-2014_female.zip"
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    stems = sorted(n[:-4] for n in archive.namelist() if n.endswith(".png"))
    assert len(stems) == CHARTS and all(s.endswith("_female") and "_by-channel" in s for s in stems)
    assert sorted(archive.namelist()) == sorted(
        [*(f"{s}.png" for s in stems), *(f"{s}.svg" for s in stems), "data.xlsx", "methods-note.md"]
    )
    for stem in stems:
        title = Image.open(io.BytesIO(archive.read(f"{stem}.png"))).text["Title"]
        svg = drawn_text(archive.read(f"{stem}.svg"))
        assert title in titles and title in svg and "Slice: Female" in svg
    assert sorted(Image.open(io.BytesIO(archive.read(f"{s}.png"))).text["Title"] for s in stems) == sorted(titles)
    note = re.sub(r"\\(.)", r"\1", archive.read("methods-note.md").decode("utf-8"))  # as the Markdown reads
    for part in ["Filters: Female", META["title"], META["source"], *(base_caption(page, i) for i in range(CHARTS))]:
        assert part in note

    name, data = download(page, section, "All data (XLSX)")
    assert name == "response-and-resolution_got-response_amex-2014_female.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert len(book.sheetnames) == CHARTS + 1 and book.sheetnames[-1] == "About"
    assert_rows_are_the_bars(read_sheet(book.worksheets[0]), charts[0]["bars"])

    name, note = download(page, section, "Methods note")
    assert name == "response-and-resolution_got-response_amex-2014_female_methods.md"
    assert "Filters: Female" in note.decode("utf-8")
    assert f"sheet “{book.sheetnames[0]}” of the page's workbook" in note.decode("utf-8"), "the sheets just saved"

    name, deck = download(page, section, "Slides (PowerPoint)")
    assert name == "response-and-resolution_got-response_amex-2014_female.pptx"
    slides = list(Presentation(io.BytesIO(deck)).slides)
    assert len(slides) == 1 + CHARTS
    for slide, title in zip(slides[1:], titles, strict=True):
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert [Image.open(io.BytesIO(p.image.blob)).text["Title"] for p in pictures] == [title]
        assert "Slice: Female" in slide.notes_slide.notes_text_frame.text
    assert_no_exception(page)


def test_without_chromium_the_image_buttons_say_how_and_the_rest_works(server_without_chromium, page):
    open_resolution(page, server_without_chromium, ("Gender", "Female"), titled="Female")
    chart = on_screen(page)
    body = menu(page)
    for label in ("PNG image", "SVG image", "PDF"):
        expect(body.get_by_role("button", name=label, exact=True)).to_be_disabled(timeout=WAIT_MS)
    expect(body).to_contain_text("PNG, SVG and PDF need Chromium", timeout=WAIT_MS)
    expect(body).to_contain_text("sudo apt-get install chromium", timeout=WAIT_MS)

    name, csv = download(page, body, "Data (CSV)")
    assert name == "got-a-response_by-channel_amex-2014_female.csv"
    assert_rows_are_the_bars(read_csv(csv), chart["bars"])
    name, html = download(page, body, "Interactive HTML")
    assert name == "got-a-response_by-channel_amex-2014_female.html" and b"Plotly.newPlot" in html
    name, xlsx = download(page, body, "Data (XLSX)")
    assert_rows_are_the_bars(read_sheet(openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]), chart["bars"])
    page.keyboard.press("Escape")
    expect(body).to_be_hidden(timeout=WAIT_MS)

    name, bundle = download(page, page.get_by_test_id("stMain"), "All charts (ZIP)")
    files = zipfile.ZipFile(io.BytesIO(bundle)).namelist()
    assert len([n for n in files if n.endswith(".html")]) == CHARTS and "data.xlsx" in files
    assert not [n for n in files if n.endswith((".png", ".svg"))]
    expect(page.get_by_test_id("stMain")).to_contain_text("PNG, SVG and PDF need Chromium", timeout=WAIT_MS)
    assert_no_exception(page)


@pytest.mark.parametrize("x_title", ["", "Dataset"])
def test_the_caption_sits_under_axis_labels_of_many_lines(page, tmp_path, x_title):
    names = ["State of Customer Service Experience 2015 (synthetic)", "American Express survey 2014 (synthetic)"]
    table = pd.DataFrame({"x": names, "segment": "All", "share": [13.0, 17.0], "ci_low": [10.0, 13.0]})
    table = table.assign(ci_high=[17.0, 21.0], base_n=[400, 380], low_base=False, suppressed=False, significant=False)
    fig = share_chart(table.assign(direction=""), x="x", title="Resolved across datasets", x_title=x_title)
    caption = Caption("Resolved", "Two surveys", "Two blogs", "everyone", "Base: 400.", "None", True, date(2026, 3, 4))
    (tmp_path / "chart.html").write_bytes(to_html(fig, caption))
    page.goto((tmp_path / "chart.html").as_uri())
    page.wait_for_selector(".annotation-text-g")
    bottom = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.xtick text, .g-xtitle text')]"
        ".map(t => t.getBoundingClientRect().bottom))"
    )
    top = page.evaluate("() => document.querySelector('.annotation-text-g').getBoundingClientRect().top")
    lines = page.locator(".xtick").first.locator("tspan.line").count()
    assert lines >= 4 and bottom <= top, f"{lines} lines of labels end at {bottom} px, the caption starts at {top} px"
