"""PNG, SVG and PDF from the warm Chromium (Debian's, as `make test` installs it): captioned, real, shared safely."""

from __future__ import annotations

import io
import threading
import time
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from caregap.export.browser import Exporter, ExportUnavailable, find_chromium
from caregap.export.caption import Caption
from caregap.export.deck import page_deck
from caregap.export.images import PNG_SCALE, WIDTH, static_image
from caregap.export.page import ChartExport, page_zip
from caregap.paths import ROOT
from tests.test_charts import CHARTS, contrast

DATASET = "American Express customer service survey 2014 (synthetic)"
TITLE = "Got a response by channel (Female)"
DATA = pd.DataFrame({"Channel": ["Phone", "Email", "Social media"], "Share (%)": [96.0, 84.0, 53.0]})


def bar_chart(title: str = TITLE) -> go.Figure:
    figure = go.Figure(go.Bar(x=["Phone", "Email", "Social media"], y=[96.0, 84.0, 53.0]))
    return figure.update_layout(title={"text": title, "x": 0, "xanchor": "left"}, margin={"t": 90, "l": 60, "b": 60})


def caption_for(title: str = TITLE) -> Caption:
    return Caption(
        title, DATASET, "A blog post (2014)", "Female", "Base: 53 to 421 contacts.", "None", True, date(2026, 3, 4)
    )


@pytest.fixture(scope="module")
def exporter():
    path = find_chromium()
    assert path, "Chromium is not on PATH: run `make test`, which installs Debian's chromium package"
    warm = Exporter(path)
    warm.start()
    yield warm
    warm.close()


def svg_text(svg: bytes) -> str:
    return " ".join(ET.fromstring(svg).itertext())


def pdf_text(pdf: bytes) -> str:
    return unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_png_is_a_real_image_of_the_chart_with_its_caption(exporter):
    png = static_image(bar_chart(), caption_for(), "png", exporter)
    image = Image.open(io.BytesIO(png))
    image.verify()
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == WIDTH * PNG_SCALE and image.height > 500 * PNG_SCALE
    assert image.text["Title"] == TITLE
    assert "Slice: Female" in image.text["Description"] and f"Dataset: {DATASET}" in image.text["Description"]
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert len(colours) > 20, "something is drawn"


def test_svg_holds_the_chart_and_the_caption_as_text(exporter):
    svg = static_image(bar_chart(), caption_for(), "svg", exporter)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = svg_text(svg)
    for part in (TITLE, "Phone", "Social media", "Slice: Female", f"Dataset: {DATASET}", "2026-03-04"):
        assert part in text
    assert root.find("{http://www.w3.org/2000/svg}desc") is not None


def test_pdf_holds_the_chart_and_the_caption_as_text(exporter):
    pdf = static_image(bar_chart(), caption_for(), "pdf", exporter)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    for part in (TITLE, "Social media", "Slice: Female", f"Dataset: {DATASET}", "Weighting: None"):
        assert part in text
    about = PdfReader(io.BytesIO(pdf)).metadata
    assert about.title == TITLE and about.subject == caption_for().text() and about.creator == "Care Gap"


def test_one_browser_stays_warm_across_exports(exporter):
    process = exporter._kaleido.subprocess
    for fmt in ("png", "svg", "pdf", "png"):
        static_image(bar_chart(), caption_for(), fmt, exporter)
    assert exporter._kaleido.subprocess is process and process.poll() is None


def test_a_used_tab_reloads_after_the_image_is_handed_back(exporter):
    """The warm export leans on Kaleido calling _return_kaleido_tab after each image: an upgrade that stops
    calling it would make every export wait for a reload again, so this fails instead."""
    static_image(bar_chart(), caption_for(), "png", exporter)
    assert "_caregap_reloads" in vars(exporter._kaleido)  # set by our override, on its first call


def test_sessions_exporting_at_once_each_get_their_own_chart(exporter):
    results: dict[str, str] = {}

    def export(title: str) -> None:
        results[title] = svg_text(static_image(bar_chart(title), caption_for(title), "svg", exporter))

    titles = [f"Chart number {n}" for n in range(6)]
    threads = [threading.Thread(target=export, args=(title,)) for title in titles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(results) == titles
    for title, text in results.items():
        others = [t for t in titles if t != title]
        assert title in text and not any(other in text for other in others)


def test_a_browser_that_died_is_started_again(exporter):
    old = exporter._kaleido.subprocess
    old.kill()
    old.wait(10)
    png = static_image(bar_chart(), caption_for(), "png", exporter)
    assert png.startswith(b"\x89PNG") and exporter._kaleido.subprocess is not old


def test_close_stops_the_browser_and_a_later_export_starts_it_again():
    warm = Exporter(find_chromium())
    warm.start()
    process = warm._kaleido.subprocess
    warm.close()
    assert not warm.alive() and process.poll() is not None
    warm.close()  # twice is fine (atexit and the cache may both close it)
    assert static_image(bar_chart(), caption_for(), "svg", warm).lstrip().startswith(b"<svg")
    warm.close()


def test_a_browser_that_will_not_start_says_so(tmp_path):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    exporter = Exporter(str(broken), timeout=20)
    with pytest.raises(ExportUnavailable, match="did not start"):
        exporter.render(bar_chart(), "png", width=400, height=300)
    assert exporter.failure.startswith(f"Chromium at {broken} did not start"), "remembered, so the page can say why"


def test_a_page_turns_images_off_when_the_browser_will_not_start(tmp_path, monkeypatch):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("CAREGAP_CHROMIUM", str(broken))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/response_resolution.py").run()  # the warm-up fails in the background meanwhile
    deadline = time.monotonic() + 30
    while not any("did not start" in c.value for c in at.caption) and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
    png = [b for b in at.button if b.label == "PNG image"]
    assert png and all(b.disabled for b in png)
    assert any(
        f"Chromium at {broken} did not start" in c.value and "apt-get install chromium" in c.value for c in at.caption
    )
    assert any("The ZIP holds interactive HTML of every chart" in c.value for c in at.caption)


def test_page_zip_holds_a_png_and_an_svg_of_every_chart(exporter):
    charts = [
        ChartExport(bar_chart(title), DATA, caption_for(title), "Chart", stem)
        for title, stem in ((TITLE, "got-a-response_by-channel_female"), ("Second chart", "second_female"))
    ]
    archive = zipfile.ZipFile(io.BytesIO(page_zip("Response and resolution", charts, exporter)))
    assert sorted(archive.namelist()) == sorted(
        [
            "got-a-response_by-channel_female.png",
            "got-a-response_by-channel_female.svg",
            "second_female.png",
            "second_female.svg",
            "data.xlsx",
            "methods-note.md",
        ]
    )
    assert Image.open(io.BytesIO(archive.read("second_female.png"))).text["Title"] == "Second chart"
    assert "Second chart" in svg_text(archive.read("second_female.svg"))


def test_deck_has_a_captioned_picture_per_chart(exporter):
    charts = [ChartExport(bar_chart(t), DATA, caption_for(t), "Chart", "c") for t in (TITLE, "Second chart")]
    deck = Presentation(io.BytesIO(page_deck("Response and resolution", charts, exporter)))
    slides = list(deck.slides)
    assert len(slides) == 3
    for slide, chart in zip(slides[1:], charts, strict=True):
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert Image.open(io.BytesIO(pictures[0].image.blob)).text["Title"] == chart.caption.title
        assert slide.notes_slide.notes_text_frame.text == chart.caption.text()
        assert pictures[0].left >= 0 and pictures[0].left + pictures[0].width <= deck.slide_width


def _style(element: ET.Element, name: str) -> str | None:
    """One property of an SVG element's inline style ('fill', 'stroke'), as Plotly writes it."""
    for part in (element.get("style") or "").split(";"):
        key, _, value = part.partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def test_exports_are_light_whatever_the_screen_theme(exporter):
    """An export never follows the screen: even a figure on Plotly's dark template comes out on white, with dark
    text and error bars that read on paper (and Kaleido's own page has no light or dark preference)."""
    dark = go.Figure(CHARTS["share"]).update_layout(template="plotly_dark")
    svg = ET.fromstring(static_image(dark, caption_for(), "svg", exporter))
    ns = "{http://www.w3.org/2000/svg}"
    assert _style(svg.find(f"{ns}rect"), "fill") == "rgb(255, 255, 255)"  # the page behind everything
    texts = [text for text in svg.iter(f"{ns}text") if "".join(text.itertext()).strip()]
    assert len(texts) > 10
    points = [group for group in svg.iter(f"{ns}g") if group.get("class") == "point"]
    on_bars = {  # a bar's share, written inside it, reads on the bar
        text: _style(point.find(f"{ns}path"), "fill") for point in points for text in point.iter(f"{ns}text")
    }
    assert any(text in on_bars for text in texts), "some bars write their share"
    for text in texts:
        fill, under = _style(text, "fill"), on_bars.get(text, "rgb(255, 255, 255)")
        assert contrast(fill, under) >= 4.5, f"{''.join(text.itertext())!r} in {fill} on {under}"
    errors = [path for group in svg.iter(f"{ns}g") if group.get("class") == "errorbar" for path in group]
    assert errors and all(contrast(_style(path, "stroke"), "#FFFFFF") >= 3 for path in errors)
    png = Image.open(io.BytesIO(static_image(dark, caption_for(), "png", exporter))).convert("RGB")
    assert png.getpixel((1, 1)) == png.getpixel((png.width - 2, png.height - 2)) == (255, 255, 255)


def first_ink_row(png: bytes) -> int:
    """The first pixel row (from the top) that holds dark ink: the top of the title."""
    ink = np.asarray(Image.open(io.BytesIO(png)).convert("L")).min(axis=1) < 128
    return int(np.argmax(ink))


@pytest.mark.parametrize("size", [None, 24])
def test_a_wrapped_title_starts_as_low_as_a_short_one(exporter, size):
    """Plotly puts the first line of a title of several lines at its top: nothing of it may be cut off."""
    long = "Reason for using the channel: Could not reach a rep elsewhere, Social media contacts by age group (South)"
    tops = []
    for title in (TITLE, long):
        figure = bar_chart(title).update_layout(title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}})
        tops.append(
            first_ink_row(static_image(figure.update_layout(title_font_size=size), caption_for(title), "png", exporter))
        )
    assert tops[1] >= tops[0] - 2 * PNG_SCALE and tops[1] > 4 * PNG_SCALE, tops
