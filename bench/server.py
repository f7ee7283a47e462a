"""Server-side measures against a real Care Gap server: start-up, memory, reruns, many users, many sessions."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.ws import Session
from caregap.paths import ROOT

PAGES = ("", "preference", "expectations", "resolution", "social", "comparison")
CHANGES = {  # slicer key -> label choices (a user's change picks one)
    "gender": [["Female"], ["Male"], [], ["Female", "Non-binary"]],
    "age": [["18-29"], ["60+"], [], ["30-44", "45-59"]],
    "channel": [["Social media"], ["Phone", "Chat"], []],
    "split": ["Nothing", "Age group", "Gender", "Channel used"],
}


@dataclass
class Server:
    """A running server: where it listens, its process, when it was started and how long it took to be ready."""

    url: str
    process: subprocess.Popen
    started: float
    ready_s: float

    def rss_mb(self) -> float:
        """The server process's resident memory, in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether the Streamlit server at url answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
            return reply.read() == b"ok"
    except OSError:
        return False


@contextmanager
def server(extra: Path | None) -> Iterator[Server]:
    """Start Care Gap as `make run` does (python -m caregap.serve), with an extra dataset folder."""
    port = free_port()
    library = tempfile.mkdtemp(prefix="caregap-bench-library-")  # the user's own imports are not measured
    env = {**os.environ, "CAREGAP_EXTRA_DATASETS": str(extra or ""), "CAREGAP_LIBRARY": library}
    command = [sys.executable, "-m", "caregap.serve", "--server.address", "127.0.0.1", "--server.port", str(port)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while not healthy(url):
            if process.poll() is not None or time.perf_counter() - started > 300:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        yield Server(url, process, started, time.perf_counter() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a busy machine can be slow to let a server finish its sessions
            process.kill()
            process.wait()
        shutil.rmtree(library, ignore_errors=True)


def first_page(srv: Server, dataset: str) -> float:
    """Seconds from starting the server process to its first page finished (a visitor opening a link)."""
    session = Session(srv.url)
    session.open(query=f"dataset={dataset}")
    session.close()
    return time.perf_counter() - srv.started


def slicer_reruns(srv: Server, dataset: str, changes: int, seed: int = 1) -> tuple[list[float], int]:
    """Seconds from each slicer change to the script finished, on the Channel preference page."""
    pick = random.Random(seed)
    session = Session(srv.url)
    session.open(query=f"dataset={dataset}", page="preference")
    times = [_change(session, pick) for _ in range(changes)]
    session.close()
    return times, session.errors


def _change(session: Session, pick: random.Random) -> float:
    """One random slicer change; returns the rerun's seconds."""
    key = pick.choice(list(CHANGES))
    value = pick.choice(CHANGES[key])
    if key == "split":
        return session.set_selectbox(key, value)
    return session.set_multiselect(key, value)


def many_users(
    srv: Server, dataset: str, users: int, seconds: float, pause: tuple[float, float] = (5.0, 15.0)
) -> tuple[list[float], int]:
    """Users each opening a page and changing a slicer every 5-15 s; returns rerun seconds and errors."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def user(number: int) -> None:
        """One user's session, its pauses and choices seeded by its number."""
        pick = random.Random(number)
        session = Session(srv.url)
        try:
            time.sleep(pick.uniform(0, pause[0]))
            session.open(query=f"dataset={dataset}", page=pick.choice(PAGES))
            while time.monotonic() + pause[0] < end:
                time.sleep(pick.uniform(*pause))
                elapsed = _change(session, pick)
                with lock:
                    times.append(elapsed)
        except Exception:
            with lock:
                errors[0] += 1
        finally:
            with lock:
                errors[0] += session.errors
            session.close()

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors[0]


def many_sessions(srv: Server, dataset: str, sessions: int, settle: float) -> tuple[float, float]:
    """Server memory (MB) before and after opening and closing sessions (after disconnected ones expire)."""
    before = srv.rss_mb()
    for number in range(sessions):
        session = Session(srv.url)
        session.open(query=f"dataset={dataset}", page=PAGES[number % len(PAGES)])
        session.close()
    time.sleep(settle)
    return before, srv.rss_mb()
