"""Benchmark datasets: Northridge-shaped surveys of any size, generated once and prepared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from caregap.paths import ROOT
from caregap.prepare import is_prepared

BENCH_DATA = ROOT / "bench-data"


def label(respondents: int) -> str:
    """10000 -> '10k', 1000000 -> '1m'."""
    for size, suffix in ((1_000_000, "m"), (1_000, "k")):
        if respondents >= size and respondents % size == 0:
            return f"{respondents // size}{suffix}"
    return str(respondents)


def dataset_id(respondents: int) -> str:
    """The benchmark dataset's id, e.g. northridge_10m."""
    return f"northridge_{label(respondents)}"


def ensure(respondents: int, root: Path = BENCH_DATA) -> Path:
    """The prepared benchmark dataset of this size (generated and prepared if missing or stale)."""
    folder = root / dataset_id(respondents)
    meta = folder / "metadata.json"
    fresh = meta.is_file() and json.loads(meta.read_text())["sample_size"] == respondents
    if not fresh:
        args = ["--dataset", "northridge_2015", "--respondents", str(respondents), "--format", "parquet"]
        run_python("-m", "caregap.generate", *args, "--out", str(folder), "--id", dataset_id(respondents))
    if not fresh or not is_prepared(folder):
        run_python("-m", "caregap.prepare", str(folder))
    return folder


def run_python(*args: str) -> None:
    """Run a Care Gap command in a child process (so its memory is not the benchmark's)."""
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
