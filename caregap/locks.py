"""Advisory locks (flock) on the library's folders: one change to it at a time, and a staging folder claimed
while an import works in it, so that cleaning up after a crash never takes it. They hold between this server's
sessions (threads) and between processes on one machine."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

_CHANGING = threading.Lock()


@contextmanager
def one_change(root: Path) -> Iterator[None]:
    """One change to the library in root at a time: among this server's sessions, and with any other Care Gap
    using the same library (an advisory lock on its folder, which puts no file in it)."""
    with _CHANGING, ExitStack() as held:
        try:
            folder = os.open(root, os.O_RDONLY)
        except OSError:  # no library yet: nothing in it to change
            pass
        else:
            held.callback(os.close, folder)
            fcntl.flock(folder, fcntl.LOCK_EX)
        yield


@contextmanager
def claimed(staging: Path) -> Iterator[None]:
    """While held, in_use(staging) is true, and the library's clean() leaves it alone: an import is at work in it."""
    folder = os.open(staging, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)


def in_use(path: Path) -> bool:
    """Whether an import (of this server or another on the same library) holds this staging folder."""
    folder = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(folder)
    return False
