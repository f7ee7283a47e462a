"""What each page asks the database: recorded by running the real pages, then timed without caches."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.testing.v1 import AppTest

from caregap import db
from caregap.paths import ROOT

PAGES = {
    "Overview": "pages/overview.py",
    "Channel preference": "pages/channel_preference.py",
    "Expected response time": "pages/response_time.py",
    "Response and resolution": "pages/response_resolution.py",
    "Social networks": "pages/social_networks.py",
    "Compare": "pages/compare.py",
}
SCENARIOS = {
    "whole sample": {},
    # Compare splits by its own choice: by region here, the one split that reads the unrolled aggregate.
    "women 18-44, split by age (Compare: by region)": {
        "gender": "female",
        "age": ["18-29", "30-44"],
        "split": "age_group",
        "by": "region",
    },
}
Call = tuple[str, dict[str, object]]


def record(dataset: str, folder: Path) -> dict[tuple[str, str], list[Call]]:
    """(page, scenario) -> every query the page runs for that slice, in order.

    The app's database is built anew with this folder (a database cached from an earlier size lacks it, and its
    pages would fall back to another dataset); every recorded call must ask for this dataset.
    """
    os.environ["CAREGAP_EXTRA_DATASETS"] = str(folder)
    st.cache_resource.clear()
    calls: list[Call] = []
    original = db.run

    def recording(con: duckdb.DuckDBPyConnection, name: str, **params: object):
        calls.append((name, params))
        return original(con, name, **params)

    db.run = recording
    try:
        out = {}
        for page, path in PAGES.items():
            for scenario, query in SCENARIOS.items():
                _run_page(path, {"dataset": dataset, **query}, calls)
                if others := {p["dataset"] for _, p in calls} - {dataset}:
                    raise RuntimeError(f"{page} asked for {sorted(others)}, not {dataset}")
                out[page, scenario] = distinct(calls)
        return out
    finally:
        db.run = original


def _run_page(path: str, query: dict[str, object], calls: list[Call]) -> None:
    """Run one page for a slice with empty caches, so that `calls` holds every query it asks."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params.update(query)
    at.run()
    st.cache_data.clear()
    calls.clear()
    at.switch_page(path).run()
    if at.exception:
        raise RuntimeError(f"{path} failed: {at.exception[0].value}")


def distinct(calls: list[Call]) -> list[Call]:
    """Each call once: within a run, the app's cache answers a repeated call."""
    seen, out = set(), []
    for name, params in calls:
        marker = (name, repr(sorted(params.items())))
        if marker not in seen:
            seen.add(marker)
            out.append((name, params))
    return out


def time_calls(run: Callable[..., object], calls: list[Call], repeats: int) -> list[float]:
    """Seconds to run all the calls, once per repeat (no caching anywhere)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        for name, params in calls:
            run(name, **params)
        times.append(time.perf_counter() - started)
    return times


def time_pages(run: Callable[..., object], pages: dict[tuple[str, str], list[Call]], repeats: int) -> dict:
    """time_calls for every page, taking turns (page by page within each repeat) so that a noisy spell on a
    shared machine spreads over all pages instead of landing on one."""
    times: dict[tuple[str, str], list[float]] = {key: [] for key in pages}
    for _ in range(repeats):
        for key, calls in pages.items():
            times[key] += time_calls(run, calls, 1)
    return times
