"""Browser tests: a real `make run` server on 127.0.0.1 and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.sync_api import Browser, JSHandle, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.server import free_port, healthy
from caregap.paths import ROOT

T = TypeVar("T")

# The index-th chart's plot, or nothing while the page has fewer charts or any chart is not drawn yet: a chart
# is a loading skeleton until Streamlit's chart code is there, and a later chart can finish first. (The app's charts
# are Streamlit's chart elements; an exported HTML file holds the plot alone.)
DRAWN_CHART = """index => {
    if (document.querySelector('[data-testid="stSkeleton"]')) return null;
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    const plots = charts.length ? charts.map(chart => chart.querySelector('.js-plotly-plot'))
        : [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length > index && plots.every(plot => plot && plot._fullData) ? plots[index] : null;
}"""

# A fresh server draws its first chart only once plotly.js has loaded: seconds on a busy 2-core machine.
expect.set_options(timeout=20_000)

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def wait_healthy(url: str, server: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    """Wait until Streamlit answers its health check, or fail with the server's log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"`make run` exited with {server.returncode}:\n{log.read_text()}")
        if healthy(url):
            return
        time.sleep(0.3)
    pytest.fail(f"`make run` did not become healthy in {seconds:.0f} s:\n{log.read_text()}")


@contextmanager
def make_run(tmp_path_factory, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Start the app exactly as a user does (`make run`), on a free port, with extra_env set; stop it afterwards."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "make-run.log"
    env = {**os.environ, "CAREGAP_LIBRARY": str(tmp_path_factory.mktemp("library")), **(extra_env or {})}
    with log.open("w") as out:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server, log)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory) -> Iterator[str]:
    """One `make run` server shared by the browser tests."""
    with make_run(tmp_path_factory) as url:
        yield url


@pytest.fixture()
def fresh_server_url(tmp_path_factory) -> Iterator[str]:
    """A `make run` server nobody has visited yet."""
    with make_run(tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (found on PATH), headless."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not on PATH: run `make test`, which installs Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser page (its own context: no shared cookies or storage)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


def wait_for_app(tab: Page) -> None:
    """Wait until Streamlit has finished running the script for the current view: the sidebar's slicers are there
    (this session's run has begun; folded away on a phone), no run is under way, no element is still loading, and
    none is still faded as stale from an earlier run (a cold server's first run can start after the status was
    read)."""
    tab.wait_for_selector('[data-testid="stSidebar"] [data-testid="stSelectbox"]', state="attached")
    tab.wait_for_function(
        "() => (!document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running'))"
        " && !document.querySelector('[data-stale=\"true\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
    )
    tab.wait_for_timeout(300)


def assert_no_exception(tab: Page) -> None:
    """No Streamlit exception box, and no error alert, anywhere on the page."""
    assert tab.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in tab.content()


def drawn_chart(tab: Page, index: int = 0) -> JSHandle:
    """The page's index-th Plotly chart, once every chart the page shows so far is drawn: Plotly may finish the
    second chart first, and a chart's element is there a moment before its data."""
    return tab.wait_for_function(DRAWN_CHART, arg=index)


def chart_values(tab: Page, index: int = 0) -> list:
    """The plotted values (y of every trace) of the page's index-th Plotly chart, read from the browser."""
    return drawn_chart(tab, index).evaluate("node => node._fullData.map(trace => Array.from(trace.y || trace.x || []))")


def another_tab(tab: Page, url: str) -> Page:
    """A new tab of the same browser (its own Streamlit session) opened at url, once the app has run there."""
    other = tab.context.new_page()
    other.goto(url)
    wait_for_app(other)
    return other


def eventually(tab: Page, read: Callable[[], T], done: Callable[[T], bool], seconds: float = 20.0) -> T:
    """What read() gives once done(it) holds, or what it gives at the deadline: on a busy machine a rerun's chart
    can be redrawn a moment after its run has finished."""
    deadline = time.monotonic() + seconds
    while not done(now := read()) and time.monotonic() < deadline:
        tab.wait_for_timeout(250)
    return now


def changed(tab: Page, read: Callable[[], T], before: T, seconds: float = 20.0) -> T:
    """What read() gives once it differs from `before` (a chart's values, say; see eventually). Fails, showing it,
    if it never changes."""
    now = eventually(tab, read, lambda value: value != before, seconds)
    assert now != before, f"still {before}"
    return now


def new_values(tab: Page, before: list, index: int = 0) -> list:
    """The index-th chart's values once they differ from `before` (see changed)."""
    return changed(tab, lambda: chart_values(tab, index), before)


def pick(tab: Page, label: str, option: str, *, area: str = "stSidebar") -> None:
    """Choose an option in the widget with this label, in the sidebar (or the area with this test id).

    As a person would, open the list again if a script run that was still finishing redrew the sidebar and
    closed it (the status widget shows 'Running' only after a moment, so a slow first run can hide from
    wait_for_app).
    """
    widget = tab.get_by_test_id(area).locator("[data-testid='stMultiSelect'], [data-testid='stSelectbox']")
    choice = tab.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        widget.filter(has_text=label).first.click()
        try:
            choice.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            tab.keyboard.press("Escape")
            wait_for_app(tab)
    choice.click()
    tab.keyboard.press("Escape")
    wait_for_app(tab)
