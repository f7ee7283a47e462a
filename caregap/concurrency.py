"""A view's independent queries side by side: each runs on a cursor of its own, and DuckDB parses, plans and runs
it without holding Python's GIL, so the machine's cores share a page's queries instead of taking turns."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
WORKERS = 4  # shared by every session of the server: calls queue while all four are busy
PREFIX = "caregap-query"
_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix=PREFIX)


def together(*calls: Callable[[], T]) -> list[T]:
    """Each call's result, in order, the calls made at once on the query threads.

    Once every call has finished, the first exception one raised is raised here. Called from a query thread (a
    call that itself asks for calls together), they run one after the other, so no thread waits for itself.
    """
    if len(calls) < 2 or threading.current_thread().name.startswith(PREFIX):
        return [call() for call in calls]
    futures = [_POOL.submit(call) for call in calls]
    wait(futures)
    return [future.result() for future in futures]
