"""Export controls: a menu under every chart, and 'Export this page' once the page has run."""

from __future__ import annotations

import atexit
from collections.abc import Callable
from datetime import date

import streamlit as st

from caregap.export.browser import NEEDS_CHROMIUM, Exporter, ExportUnavailable, find_chromium
from caregap.export.deck import page_deck
from caregap.export.images import MIME, static_image, to_html
from caregap.export.names import FDR_PART
from caregap.export.page import ChartExport, methods_note, page_stem, page_xlsx, page_zip
from caregap.export.tables import to_csv, to_xlsx
from caregap.readout import corrected
from caregap.slicing import Slice
from caregap.ui.this_run import this_run

# A page choice in a bundle's name (else its value as it is).
CHOICE_WORDS = {"by": "by {}", "on": "on {}", "within": "on {}", "against": "with {}"}
ALL = {"all": "all channels"}  # Compare's contacts on every channel
STATIC = {"png": "PNG image", "svg": "SVG image", "pdf": "PDF"}


@st.cache_resource(show_spinner=False, on_release=lambda exporter: exporter.close())
def _warm_exporter(path: str) -> Exporter:
    """The server's one browser for static images: started in the background now, closed when the server stops."""
    exporter = Exporter(path)
    atexit.register(exporter.close)
    exporter.start_in_background()
    return exporter


def exporter() -> Exporter | None:
    """The warm exporter, or None where no Chromium is found or it would not start (static images are then off)."""
    path = find_chromium()
    browser = _warm_exporter(path) if path else None
    return None if browser is None or browser.failure else browser


def images_off() -> str:
    """Why PNG, SVG and PDF are off, and how to turn them on."""
    path = find_chromium()
    failure = _warm_exporter(path).failure if path else None
    return f"{failure}. {NEEDS_CHROMIUM}" if failure else NEEDS_CHROMIUM


def page_charts() -> list[tuple[ChartExport, Slice]]:
    """The charts this script run has drawn so far (a fresh list on every run of every session)."""
    return this_run("charts")


def page_details(charts: list[ChartExport]) -> list[str]:
    """What tells this view of the page from another, for its bundle's name: its choices, its charts' splits, and
    whether their marks are corrected for many tests."""
    choices = [CHOICE_WORDS.get(key, "{}").format(ALL.get(value, value)) for key, value in this_run("choices")]
    splits = [f"by {split}" for split in dict.fromkeys(c.caption.split for c in charts if c.caption.split)]
    return choices + splits + ([FDR_PART] if any(corrected(c.data) for c in charts) else [])


def _today(make: Callable[[ChartExport], bytes | str], chart: ChartExport) -> Callable[[], bytes | str]:
    """A deferred download: made only when clicked, captioned with the day it is made."""
    return lambda: make(chart.dated(date.today()))


def _button(label: str, make: Callable[[], bytes | str], name: str, key: str) -> None:
    """A download button whose file is made only when clicked, without rerunning the page."""
    ext = name.rsplit(".", 1)[-1]
    st.download_button(label, data=make, file_name=name, mime=MIME[ext], key=key, on_click="ignore", width="stretch")


def export_menu(chart: ChartExport, slc: Slice, key: str) -> None:
    """The chart's export menu (PNG, SVG, PDF, HTML, CSV, XLSX); the chart joins the page's export."""
    page_charts().append((chart, slc))
    browser = exporter()
    with st.popover("Export", icon=":material/download:", help="Download this chart or the data behind it"):
        for fmt, label in STATIC.items():
            if browser is None:
                st.button(label, key=f"{key}-export-{fmt}", disabled=True, help=images_off(), width="stretch")
                continue
            make = _today(lambda c, fmt=fmt: static_image(c.figure, c.caption, fmt, browser), chart)
            _button(label, make, f"{chart.stem}.{fmt}", f"{key}-export-{fmt}")
        if browser is None:
            st.caption(images_off())
        _button(
            "Interactive HTML",
            _today(lambda c: to_html(c.figure, c.caption), chart),
            f"{chart.stem}.html",
            f"{key}-export-html",
        )
        _button("Data (CSV)", _today(lambda c: to_csv(c.data), chart), f"{chart.stem}.csv", f"{key}-export-csv")
        xlsx = _today(lambda c: to_xlsx({c.name: c.data}, about=c.caption.text().split("\n")), chart)
        _button("Data (XLSX)", xlsx, f"{chart.stem}.xlsx", f"{key}-export-xlsx")


def _dated(charts: list[ChartExport]) -> list[ChartExport]:
    """The charts captioned with today's date (the day of the click)."""
    return [chart.dated(date.today()) for chart in charts]


def _bundle(make: Callable, page: str, charts: list[ChartExport], browser: Exporter | None) -> Callable[[], bytes]:
    """A deferred page bundle with images; without them (as when no Chromium is found) if the browser fails."""

    def bundle() -> bytes:
        """The bundle, made at the click."""
        try:
            return make(page, _dated(charts), browser)
        except ExportUnavailable:
            return make(page, _dated(charts), None)

    return bundle


def draw_page_export(page: str) -> None:
    """'Export this page' (ZIP of images, XLSX of data, methods note, slides), for a page that drew charts."""
    drawn = page_charts()
    if not drawn:
        return
    charts = [chart for chart, _ in drawn]
    stem = page_stem(page, page_details(charts), drawn[0][1])
    browser = exporter()
    st.divider()
    st.subheader("Export this page", anchor=False)
    cols = st.columns(4)
    with cols[0]:
        _button("All charts (ZIP)", _bundle(page_zip, page, charts, browser), f"{stem}.zip", "page-export-zip")
    with cols[1]:
        _button("All data (XLSX)", lambda: page_xlsx(_dated(charts)), f"{stem}.xlsx", "page-export-xlsx")
    with cols[2]:
        _button(
            "Methods note",
            lambda: methods_note(page, _dated(charts), bundled=False),
            f"{stem}_methods.md",
            "page-export-md",
        )
    with cols[3]:
        _button("Slides (PowerPoint)", _bundle(page_deck, page, charts, browser), f"{stem}.pptx", "page-export-pptx")
    where = "PNG and SVG of" if browser else "interactive HTML of"
    st.caption(f"The ZIP holds {where} every chart above, their data (XLSX) and the methods note.")
    if browser is None:
        st.caption(images_off() + " Until then, the slides show each chart's data table.")
