"""PNG export times of a typical page chart with its caption: one warm Chromium, and a fresh start per export."""

from __future__ import annotations

import json
import time
from functools import partial

import plotly.graph_objects as go

from caregap import db
from caregap.bases import base_note
from caregap.charts import share_chart
from caregap.database import build, bundled_folders
from caregap.export.browser import Exporter, find_chromium
from caregap.export.caption import Caption
from caregap.export.images import static_image
from caregap.measures import MEASURES
from caregap.paths import DATA_DIR
from caregap.slicing import Slice
from caregap.views import measure_table

DATASET = "amex_2014"
COLD_REPEATS = 3  # a cold start costs seconds; a few show it
PAUSE = 0.5  # seconds between warm exports, as between clicks: the browser reloads a used tab in the meantime


def typical_chart() -> tuple[go.Figure, Caption]:
    """'Got a response by channel' for women 18-29 in the Amex survey, as the Response and resolution page draws it."""
    con, _ = build(bundled_folders())
    try:
        slc = Slice(DATASET, genders=("female",), age_groups=("18-29",))
        table = measure_table(partial(db.run, con), MEASURES["got_response"], slc)
    finally:
        con.close()
    title = f"Got a response by channel ({slc.describe()})"
    meta = json.loads((DATA_DIR / DATASET / "metadata.json").read_text(encoding="utf-8"))
    figure = share_chart(table, x="channel", title=title, x_title="Channel")
    caption = Caption(
        title, meta["title"], meta["source"], slc.describe(), base_note(table, "contacts"), meta["weighting"], True
    )
    return figure, caption


def _timed(export, *, pause: float = 0.0) -> float:
    """Seconds one call takes (after a pause, as between a user's clicks, which is not counted)."""
    time.sleep(pause)
    start = time.perf_counter()
    export()
    return time.perf_counter() - start


def export_timings(repeats: int = 20) -> dict[str, list[float]]:
    """Seconds per PNG export: warm (one browser kept, its first export left out) and cold (a browser per export).

    Warm exports are half a second apart, as a user's clicks are; back to back, one of two tabs is still reloading.
    """
    path = find_chromium()
    if path is None:
        raise RuntimeError("No Chromium found for the export benchmark: install it or set CAREGAP_CHROMIUM")
    figure, caption = typical_chart()
    warm = Exporter(path)
    try:
        times = [_timed(lambda: static_image(figure, caption, "png", warm), pause=PAUSE) for _ in range(repeats + 1)]
    finally:
        warm.close()
    return {
        "warm_png": times[1:],
        "cold_png": [_cold(path, figure, caption) for _ in range(min(COLD_REPEATS, repeats))],
    }


def _cold(path: str, figure: go.Figure, caption: Caption) -> float:
    """Seconds of one export by a browser started for it (its start included), closed afterwards."""
    exporter = Exporter(path)
    try:
        return _timed(lambda: static_image(figure, caption, "png", exporter))
    finally:
        exporter.close()
