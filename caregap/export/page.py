"""'Export this page': every chart of a page as images in one ZIP, its data in one XLSX, and a methods note."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from caregap.export.browser import NEEDS_CHROMIUM, Exporter
from caregap.export.caption import Caption, one_line
from caregap.export.images import static_image, to_html
from caregap.export.names import cut, slice_parts, slug
from caregap.export.tables import sheet_names, to_xlsx
from caregap.readout import P_BASELINE, corrected
from caregap.slicing import Slice

MARKDOWN = re.compile(r"([\\`*_\[\]<>|~])")  # what makes emphasis, code, links, tables or HTML in Markdown
DEFINITIONS = (
    "Shares are weighted with the dataset's weights (a brand audit counts every brand and message once), over "
    "the people (or contacts) for whom the question applies: the base.",
    "Base (n) is the unweighted number of people or contacts in the base; the effective base is Kish's "
    "(sum of weights)² / sum of squared weights. For contacts on all channels together (Compare), it is further "
    "divided by the design effect of one person's several contacts (clustered by respondent, at least 1).",
    "95% confidence intervals are Wilson score intervals on the effective base; for mean times, t intervals "
    "from the linearised variance of the weighted mean (n - 1 degrees of freedom), not below 0 minutes. The gap "
    "(actual minus expected minutes, on the contacts that have both) is tested the same way (paired t-test).",
    "* marks a base under 30 (read with caution); bases under 10 are not shown. For contacts on all channels "
    "together (Compare), these count the people the contacts come from (People (n)), not the contacts.",
    "▲▼ mark segments significantly higher or lower than the rest of the slice (two-proportion z-test on the "
    "effective bases, 95%). Compare's channels are each tested against the other channels' contacts, often of "
    "the same people: both effective bases are divided by the design effect of the difference, clustered by "
    "respondent (at least 1).",
)
PUBLISHED = "◆ marks the figure the study itself published, where there is one."
EACH_TEST = (
    "Each mark is one test at 5%, not adjusted for the many a page makes: with 20 segments and no real difference, "
    "about one would be marked by chance (Significance tests, in the sidebar, corrects for this)."
)
CORRECTED = (
    "Corrected for multiple comparisons (Significance tests, in the sidebar): within each chart, the p-values are "
    "adjusted by the Benjamini-Hochberg procedure (the data's “adjusted (FDR)” columns, beside each test's own) and "
    "a mark needs an adjusted p-value under 0.05, which holds the expected share of chance marks among a chart's "
    "marks at 5% (the false discovery rate)."
)
ACROSS_DATASETS = (
    "Across datasets (Compare by dataset), ▲▼ mark a dataset whose share differs from the baseline's, the dataset "
    "chosen in the sidebar: a two-proportion z-test on the two effective bases, the samples being independent, "
    "each weighted with its own weights (95%)."
)


@dataclass(frozen=True)
class ChartExport:
    """One chart as exported: its figure, the data behind it, its caption, a short name and a file stem."""

    figure: go.Figure
    data: pd.DataFrame
    caption: Caption
    name: str
    stem: str

    def dated(self, day: date) -> ChartExport:
        """The same chart, exported on that day."""
        return replace(self, caption=replace(self.caption, exported=day))


def unique_stems(charts: list[ChartExport]) -> list[str]:
    """Each chart's file stem, numbered where two charts would share one (and no number makes another's stem)."""
    stems: list[str] = []
    for chart in charts:
        stem, number = chart.stem, 1
        while stem in stems:
            number += 1
            stem = f"{chart.stem}-{number}"
        stems.append(stem)
    return stems


def page_xlsx(charts: list[ChartExport]) -> bytes:
    """One workbook: a sheet per chart (its data, as 'Show data' shows it) and an 'About' sheet of captions."""
    names = sheet_names([chart.name for chart in charts])
    about = [
        line
        for name, chart in zip(names, charts, strict=True)
        for line in (f"Sheet “{name}”:", *chart.caption.text().split("\n"), "")
    ]
    return to_xlsx(dict(zip(names, (chart.data for chart in charts), strict=True)), about=about)


def md(text: str) -> str:
    """Text in the Markdown note as typed: one line, its markup, links and HTML escaped (labels come from uploads)."""
    return MARKDOWN.sub(r"\\\1", one_line(str(text)))


def methods_note(page: str, charts: list[ChartExport], *, images: bool = True, bundled: bool = True) -> str:
    """A short note in Markdown: the data and its source, the slicers, each chart's base, and the definitions.

    bundled: the note sits in the page's ZIP beside the chart files and data.xlsx it names; otherwise (downloaded
    alone) each chart is found by its sheet in the page's workbook ('All data (XLSX)').
    """
    first = charts[0].caption
    lines = [f"# {md(page)}: methods note", "", f"Exported from Care Gap on {first.exported.isoformat()}.", ""]
    lines += ["## Data", "", f"- Dataset: {md(first.dataset)}", f"- Source: {md(first.source)}"]
    lines += [f"- Weighting: {md(first.weighting)}"]
    if first.synthetic:
        lines.append("- Synthetic data calibrated to published figures: only the published figures (◆) are real.")
    splits = ", ".join(dict.fromkeys(chart.caption.split for chart in charts if chart.caption.split)) or "nothing"
    lines += ["", "## Slicers", "", f"- Filters: {md(first.slice)}", f"- Split by: {md(splits)}"]
    lines += ["", "## Charts", ""]
    names = sheet_names([chart.name for chart in charts])
    for number, (chart, stem, sheet) in enumerate(zip(charts, unique_stems(charts), names, strict=True), start=1):
        files = f"`{stem}.png`, `{stem}.svg`" if images else f"`{stem}.html`"
        where = (
            f"{files}; sheet “{md(sheet)}” of `data.xlsx`" if bundled else f"sheet “{md(sheet)}” of the page's workbook"
        )
        lines.append(f"{number}. **{md(chart.caption.title)}**: {where}. {md(chart.caption.base)}")
    if not images and bundled:
        lines += ["", f"Charts are interactive HTML here, not images. {NEEDS_CHROMIUM}"]
    columns = {str(column) for chart in charts for column in chart.data.columns}
    tests = CORRECTED if any(corrected(chart.data) for chart in charts) else EACH_TEST
    across = [ACROSS_DATASETS] if P_BASELINE in columns else []
    definitions = (*DEFINITIONS, tests, PUBLISHED, *across)
    lines += ["", "## Definitions", "", *(f"- {text}" for text in definitions), ""]
    return "\n".join(lines)


def page_zip(page: str, charts: list[ChartExport], exporter: Exporter | None) -> bytes:
    """One ZIP: every chart as PNG and SVG (HTML without Chromium), data.xlsx and methods-note.md."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for chart, stem in zip(charts, unique_stems(charts), strict=True):
            if exporter is None:
                archive.writestr(f"{stem}.html", to_html(chart.figure, chart.caption))
                continue
            for fmt in ("png", "svg"):
                archive.writestr(f"{stem}.{fmt}", static_image(chart.figure, chart.caption, fmt, exporter))
        archive.writestr("data.xlsx", page_xlsx(charts))
        archive.writestr("methods-note.md", methods_note(page, charts, images=exporter is not None))
    return buffer.getvalue()


def page_stem(page: str, details: list[str], slc: Slice) -> str:
    """A page bundle's file stem, its choices and split among the details: 'compare_resolved_by-gender_amex-2014'."""
    parts = [slug(page) or "page", *(slug(detail) for detail in details), *slice_parts(slc)]
    return cut("_".join(part for part in parts if part))
