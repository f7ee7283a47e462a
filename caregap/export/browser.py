"""One Chromium for the whole server, kept warm by Kaleido on a background event loop, for PNG, SVG and PDF."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import plotly.graph_objects as go

BROWSER_ENV = "CAREGAP_CHROMIUM"  # a browser's path; 'none' (or empty) turns static images off
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
NEEDS_CHROMIUM = (
    "PNG, SVG and PDF need Chromium: install it (Debian/Ubuntu: `sudo apt-get install chromium`) "
    "and restart Care Gap. HTML, CSV and XLSX work without it."
)
RENDER_TIMEOUT = 60.0  # seconds for one image, browser start included
CLOSE_TIMEOUT = 15.0
T = TypeVar("T")
TABS = 2  # one renders while the other reloads, so exports close together do not wait on a reload


async def _cancel_pending() -> None:
    """Cancel what is left on the browser's loop (the browser's watchdog, say) and let it finish."""
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _kaleido_class() -> type:
    """Kaleido, but a tab reloads after an export in the background instead of before the export returns."""
    from kaleido import Kaleido  # imported here: it is only needed once a browser is wanted

    class WarmKaleido(Kaleido):
        """Kaleido 1.5 reloads a used tab (a clean page) before handing back the image; here the image comes first."""

        async def _return_kaleido_tab(self, tab) -> None:
            """Reload the tab and put it back in the pool, without keeping the caller waiting."""
            reloads = self.__dict__.setdefault("_caregap_reloads", set())
            task = asyncio.get_running_loop().create_task(super()._return_kaleido_tab(tab))
            reloads.add(task)  # a reference, so the task is not collected while it runs

            def forget(done: asyncio.Task) -> None:
                """Let go of a finished reload."""
                reloads.discard(done)
                if not done.cancelled():
                    done.exception()  # read, so a failed reload is not logged as never retrieved

            task.add_done_callback(forget)

    return WarmKaleido


class ExportUnavailable(RuntimeError):
    """Static images cannot be made: no browser, or it would not start or answer."""


def find_chromium() -> str | None:
    """The browser static exports use: $CAREGAP_CHROMIUM, else $BROWSER_PATH, else the first on PATH; None if none."""
    named = os.environ.get(BROWSER_ENV, os.environ.get("BROWSER_PATH"))
    if named is not None:
        path = Path(named)
        return str(path) if named.strip().lower() not in ("", "none") and path.is_file() else None
    return next((found for name in BROWSER_NAMES if (found := shutil.which(name))), None)


class Exporter:
    """A Kaleido browser started once and kept open: renders figures for any thread, one at a time per tab."""

    def __init__(self, path: str, *, timeout: float = RENDER_TIMEOUT) -> None:
        self.path = path
        self.timeout = timeout
        self._lock = threading.Lock()  # guards starting and stopping
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self.failure: str | None = None  # why the browser last failed to start; None once it has started

    def alive(self) -> bool:
        """Whether the browser is up and its event loop running."""
        process = getattr(self._kaleido, "subprocess", None)
        return bool(self._thread and self._thread.is_alive() and process is not None and process.poll() is None)

    def start(self) -> None:
        """Open the browser (once; again if it died); later calls return at once."""
        with self._lock:
            if self.alive():
                return
            self._stop()
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="caregap-kaleido", daemon=True)
            self._thread.start()
            try:
                self._kaleido = self._call(self._open(), self.timeout)
            except Exception as err:
                self._stop()
                self.failure = f"Chromium at {self.path} did not start ({err or type(err).__name__})"
                raise ExportUnavailable(self.failure) from err
            self.failure = None

    def start_in_background(self) -> threading.Thread:
        """Warm the browser up without waiting for it (errors surface at the first export)."""
        thread = threading.Thread(target=self._warm, name="caregap-kaleido-warmup", daemon=True)
        thread.start()
        return thread

    def render(self, fig: go.Figure, fmt: str, *, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as png, svg or pdf bytes, from the warm browser (started first if it is not up)."""
        self.start()
        kaleido = self._kaleido
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        try:
            return self._call(kaleido.calc_fig(fig, opts=opts), self.timeout)
        except TimeoutError as err:
            raise ExportUnavailable(f"Chromium took over {self.timeout:.0f} s to draw a {fmt}") from err

    def close(self) -> None:
        """Close the browser and stop its event loop (safe to call twice, and from atexit)."""
        with self._lock:
            self._stop()

    async def _open(self) -> Any:  # a WarmKaleido, whose class is made on first use
        """Kaleido on this loop, with MathJax off (no network) and the plotly.js that plotly ships."""
        kaleido = _kaleido_class()(path=self.path, mathjax=False, timeout=self.timeout, n=TABS)
        try:
            await kaleido.open()
        except BaseException:
            with contextlib.suppress(Exception):
                await kaleido.close()
            raise
        return kaleido

    def _call(self, coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
        """Run a coroutine on the browser's loop and wait for its result."""
        future: Future[T] = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def _warm(self) -> None:
        """start(), keeping quiet about failures until someone exports."""
        with contextlib.suppress(ExportUnavailable):
            self.start()

    def _stop(self) -> None:
        """Close the browser if open, then the loop (caller holds the lock)."""
        if self._kaleido is not None and self._thread is not None and self._thread.is_alive():
            with contextlib.suppress(Exception):  # closing what may already be dead
                self._call(self._kaleido.close(), CLOSE_TIMEOUT)
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            with contextlib.suppress(Exception):
                self._call(_cancel_pending(), CLOSE_TIMEOUT)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(CLOSE_TIMEOUT)
            if not self._loop.is_running():
                self._loop.close()
        self._loop, self._thread, self._kaleido = None, None, None
