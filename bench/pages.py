"""What each page asks the database: recorded by running the real pages, then timed without caches."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.testing.v1 import AppTest

from caregap import concurrency, db
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
Step = list[Call]  # one query, or the queries a page asks at once (concurrency.together)


def record(dataset: str, folder: Path) -> dict[tuple[str, str], list[Step]]:
    """(page, scenario) -> every query the page runs for that slice, in order, those it asks at once together.

    The app's database is built anew with this folder (a database cached from an earlier size lacks it, and its
    pages would fall back to another dataset); every recorded call must ask for this dataset.
    """
    os.environ["CAREGAP_EXTRA_DATASETS"] = str(folder)
    st.cache_resource.clear()
    out = {}
    with recording() as steps:
        for page, path in PAGES.items():
            for scenario, query in SCENARIOS.items():
                _run_page(path, {"dataset": dataset, **query}, steps)
                if others := {p["dataset"] for _, p in calls(steps)} - {dataset}:
                    raise RuntimeError(f"{page} asked for {sorted(others)}, not {dataset}")
                out[page, scenario] = distinct(steps)
    return out


@contextmanager
def recording() -> Iterator[list[Step]]:
    """While open, every query the app runs is added to the steps yielded: one step per query, or one for the
    queries asked at once (concurrency.together)."""
    steps: list[Step] = []
    group: list[Step] = []  # the step being asked at once, if any
    original_run, original_together = db.run, concurrency.together

    def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> object:
        """db.run, the call added to the step being asked at once, or as a step of its own."""
        if group:
            group[0].append((name, params))
        else:
            steps.append([(name, params)])
        return original_run(con, name, **params)

    def together(*asks: Callable[[], object]) -> list[object]:
        """concurrency.together, its calls recorded as one step."""
        if group:  # asked from within a call made at once: part of that step
            return original_together(*asks)
        group.append([])
        try:
            return original_together(*asks)
        finally:
            steps.append(group.pop())

    db.run, concurrency.together = run, together
    try:
        yield steps
    finally:
        db.run, concurrency.together = original_run, original_together


def _run_page(path: str, query: dict[str, object], steps: list[Step]) -> None:
    """Run one page for a slice with empty caches, so that `steps` holds every query it asks."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params.update(query)
    at.run()
    st.cache_data.clear()
    steps.clear()
    at.switch_page(path).run()
    if at.exception:
        raise RuntimeError(f"{path} failed: {at.exception[0].value}")


def calls(steps: list[Step]) -> list[Call]:
    """Every call of the steps, in order."""
    return [call for step in steps for call in step]


def distinct(steps: list[Step]) -> list[Step]:
    """Each call once (within a run, the app's cache answers a repeated call); steps left empty dropped."""
    seen, out = set(), []
    for step in steps:
        kept = []
        for name, params in step:
            marker = (name, repr(sorted(params.items())))
            if marker not in seen:
                seen.add(marker)
                kept.append((name, params))
        if kept:
            out.append(kept)
    return out


def time_calls(run: Callable[..., object], steps: list[Step], repeats: int, *, at_once: bool = True) -> list[float]:
    """Seconds to run all the steps, once per repeat (no caching anywhere); a step's calls at once, as the page
    makes them, or (at_once False) one after the other."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        for step in steps:
            asks = [partial(run, name, **params) for name, params in step]
            if at_once:
                concurrency.together(*asks)
            else:
                for ask in asks:
                    ask()
        times.append(time.perf_counter() - started)
    return times


def time_pages(
    run: Callable[..., object], pages: dict[tuple[str, str], list[Step]], repeats: int, *, at_once: bool = True
) -> dict:
    """time_calls for every page, taking turns (page by page within each repeat) so that a noisy spell on a
    shared machine spreads over all pages instead of landing on one."""
    times: dict[tuple[str, str], list[float]] = {key: [] for key in pages}
    for _ in range(repeats):
        for key, steps in pages.items():
            times[key] += time_calls(run, steps, 1, at_once=at_once)
    return times


def time_both_ways(run: Callable[..., object], pages: dict[tuple[str, str], list[Step]], repeats: int) -> dict:
    """For each page that asks some queries at once: its times asked so and one after the other, taking turns
    (what asking at once saves, measured in one run whatever the machine's speed at the time)."""
    grouped = {key: steps for key, steps in pages.items() if any(len(step) > 1 for step in steps)}
    times: dict[tuple[str, str], dict[str, list[float]]] = {key: {"at_once": [], "serial": []} for key in grouped}
    for _ in range(repeats):
        for key, steps in grouped.items():
            times[key]["at_once"] += time_calls(run, steps, 1)
            times[key]["serial"] += time_calls(run, steps, 1, at_once=False)
    return times
