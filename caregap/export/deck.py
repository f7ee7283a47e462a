"""A PowerPoint deck of a page: a title slide, then one slide per chart (its captioned PNG, or its data table)."""

from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from caregap.export.browser import NEEDS_CHROMIUM, Exporter
from caregap.export.images import static_image
from caregap.export.page import ChartExport

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.4)
TABLE_ROWS = 16  # data rows that fit on a slide; the XLSX has them all
BLANK, TITLE_ONLY = 6, 5  # the default template's layouts


def _text(slide: Slide, text: str, top: Emu, height: Emu, size: int, *, bold: bool = False) -> None:
    """A text box across the slide."""
    box = slide.shapes.add_textbox(MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height)
    box.text_frame.word_wrap = True
    for number, line in enumerate(text.split("\n")):
        paragraph = box.text_frame.paragraphs[0] if number == 0 else box.text_frame.add_paragraph()
        paragraph.text = line
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(size), bold


def _picture(slide: Slide, png: bytes, caption: str) -> None:
    """The captioned chart, as large as the slide allows, centred, with the caption as its alt text."""
    picture = slide.shapes.add_picture(io.BytesIO(png), MARGIN, MARGIN, height=SLIDE_HEIGHT - 2 * MARGIN)
    if picture.width > SLIDE_WIDTH - 2 * MARGIN:
        ratio = (SLIDE_WIDTH - 2 * MARGIN) / picture.width
        picture.width, picture.height = int(picture.width * ratio), int(picture.height * ratio)
    picture.left = int((SLIDE_WIDTH - picture.width) / 2)
    picture._element.nvPicPr.cNvPr.set("descr", caption)


def _table(slide: Slide, data: pd.DataFrame, top: Emu, height: Emu) -> None:
    """The chart's data (its first rows) as a slide table."""
    shown = data.head(TABLE_ROWS)
    shape = slide.shapes.add_table(len(shown) + 1, len(shown.columns), MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height)
    for col, column in enumerate(shown.columns):
        shape.table.cell(0, col).text = str(column)
        for row, value in enumerate(shown[column], start=1):
            shape.table.cell(row, col).text = "" if pd.isna(value) else str(value)
    for cell in (shape.table.cell(r, c) for r in range(len(shown) + 1) for c in range(len(shown.columns))):
        for paragraph in cell.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(9)


def _chart_slide(slide: Slide, chart: ChartExport, exporter: Exporter | None) -> None:
    """The chart's PNG; without a browser, its title, data table, caption and how to get the image."""
    if exporter is not None:
        _picture(slide, static_image(chart.figure, chart.caption, "png", exporter), chart.caption.text())
        return
    _text(slide, chart.caption.title, MARGIN, Inches(0.6), 20, bold=True)
    _table(slide, chart.data, Inches(1.1), Inches(4.2))
    more = f" (first {TABLE_ROWS} of {len(chart.data)} rows)" if len(chart.data) > TABLE_ROWS else ""
    lines = [*chart.caption.lines(), f"Data table instead of the chart{more}. {NEEDS_CHROMIUM}"]
    _text(slide, "\n".join(lines), Inches(5.6), Inches(1.6), 9)


def page_deck(page: str, charts: list[ChartExport], exporter: Exporter | None) -> bytes:
    """A title slide, then one slide per chart; each chart slide's notes hold its caption."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    first = charts[0].caption
    cover = deck.slides.add_slide(deck.slide_layouts[BLANK])
    _text(cover, page, Inches(2.2), Inches(1), 36, bold=True)
    about = [f"Dataset: {first.dataset}", f"Slice: {first.slicers()}", f"Exported from Care Gap on {first.exported}"]
    _text(cover, "\n".join(about), Inches(3.4), Inches(2), 16)
    for chart in charts:
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
        heading = slide.shapes.title  # for screen readers and the outline; the chart shows its title itself
        heading.text, heading.top = chart.caption.title, -heading.height  # just above the slide, out of the show
        _chart_slide(slide, chart, exporter)
        slide.notes_slide.notes_text_frame.text = chart.caption.text()
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
