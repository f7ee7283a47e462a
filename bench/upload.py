"""A survey export as a user brings one: read, checked, checked again after each mapping change, imported.

python -m bench.upload ROWS --data FOLDER prints the timings as JSON, from a process of its own (its memory is the
upload's alone).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from bench.datasets import BENCH_DATA, label, run_python
from caregap import library
from caregap.ingest.example import example_csv
from caregap.ingest.mapping import Mapping, suggest
from caregap.ingest.read import read_saved
from caregap.ingest.validate import check_upload
from caregap.ui.importing import metadata

T = TypeVar("T")
CHANGED = "weight"  # the field a user maps and unmaps between checks: a mapping change
TOO_BIG = 1024  # MB: a benchmark export is no user's upload, the server's limit does not apply to it


def export_file(rows: int, data: Path) -> Path:
    """A wide survey export of a Northridge-shaped survey of this many respondents (written once, then kept)."""
    path = data / f"export_{label(rows)}.csv"
    if not path.is_file():
        data.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as folder:
            args = ["--dataset", "northridge_2015", "--respondents", str(rows), "--format", "csv", "--out", folder]
            run_python("-m", "caregap.generate", *args)
            path.write_bytes(example_csv(Path(folder)))
    return path


def _memory_mb(kind: str) -> float:
    """This process's resident memory in MB: now (VmRSS), or at its peak (VmHWM; unlike getrusage's, not inherited
    from the process that started this one)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith(f"{kind}:")).split()[1]) / 1024


def _changes(mapping: Mapping) -> list[Mapping]:
    """Three mapping changes in a row: the weights' column left out, mapped again, left out again."""
    without = replace(mapping, columns={k: v for k, v in mapping.columns.items() if k != CHANGED})
    return [without, mapping, without]


def _timed(call: Callable[..., T], *args: object) -> tuple[T, float]:
    """The call's result and the seconds it took."""
    start = time.perf_counter()
    result = call(*args)
    return result, time.perf_counter() - start


def measure(path: Path, repeats: int) -> dict:
    """Per repeat: read the export, check it as suggested, check it after each mapping change, import it."""
    data = path.read_bytes()
    warm = read_saved(path.name, b"\n".join(data.splitlines()[:20]), None)
    check_upload(warm, suggest(warm))  # the libraries a check loads are loaded before memory is measured
    before = _memory_mb("VmRSS")
    times: dict[str, list[float]] = {"read": [], "first": [], "change": [], "import": []}
    for _ in range(repeats):
        upload, seconds = _timed(read_saved, path.name, data, None)
        times["read"].append(seconds)
        mapping = suggest(upload)
        report, seconds = _timed(check_upload, upload, mapping)
        times["first"].append(seconds)
        for changed in _changes(mapping):
            report, seconds = _timed(check_upload, upload, changed)
            times["change"].append(seconds)
        with tempfile.TemporaryDirectory() as folder:
            os.environ["CAREGAP_LIBRARY"] = folder
            meta = metadata(upload, report, "Benchmark upload", "benchmark_upload")
            times["import"].append(_timed(library.save, meta, report.valid())[1])
        rows = len(upload.rows)
        del upload, report
    return {"rows": rows, "file_mb": len(data) / 1e6, "added_mb": _memory_mb("VmHWM") - before, **times}


def main(argv: list[str]) -> int:
    """Measure one export and print the timings as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.upload")
    parser.add_argument("rows", type=int)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", default=str(BENCH_DATA))
    args = parser.parse_args(argv)
    os.environ["CAREGAP_MAX_UPLOAD_MB"] = str(TOO_BIG)
    print(json.dumps(measure(export_file(args.rows, Path(args.data)), args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
