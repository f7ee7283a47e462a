"""make bench: every measure of docs/benchmarks.md, on generated datasets, in one run on this machine."""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
from functools import partial
from pathlib import Path

from bench import pages, pandas_run, parity, server
from bench.datasets import BENCH_DATA, dataset_id, ensure
from bench.export_png import export_timings
from bench.pandas_queries import PandasSurvey
from bench.report import write_report
from bench.stats import summary
from caregap import db
from caregap.database import build
from caregap.paths import ROOT


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--sizes", default="10000,1000000,10000000", help="respondents per dataset, comma-separated")
    parser.add_argument("--repeats", type=int, default=30, help="timed runs of each page's queries (DuckDB)")
    parser.add_argument("--pandas-repeats", type=int, default=3, help="timed runs of each page's queries (pandas)")
    parser.add_argument("--starts", type=int, default=3, help="cold starts of a server per size (median)")
    parser.add_argument("--changes", type=int, default=60, help="slicer changes timed on one session")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=120.0, help="length of the many-users run")
    parser.add_argument("--pause", default="5,15", help="seconds between a user's slicer changes (min,max)")
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--settle", type=float, default=135.0, help="wait for closed sessions to expire (s)")
    parser.add_argument("--exports", type=int, default=20, help="warm PNG exports timed")
    parser.add_argument("--upload-rows", default="100000,500000", help="rows of the survey exports uploaded")
    parser.add_argument("--upload-repeats", type=int, default=3, help="reads, checks and imports of each export")
    parser.add_argument("--data", default=str(BENCH_DATA), help="where the generated datasets are kept")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    return parser.parse_args(argv)


def queries(folder: Path, dataset: str, repeats: int, pandas_repeats: int) -> dict:
    """Per page and scenario: DuckDB and pandas timings of everything the page asks."""
    steps = pages.record(dataset, folder)
    con, _ = build([folder])
    duck = pages.time_pages(partial(db.run, con), steps, repeats)
    both_ways = pages.time_both_ways(partial(db.run, con), steps, repeats)
    survey = PandasSurvey(folder)
    checked, wrong = parity.differences(con, survey, steps)  # like with like, or no ratio at all
    con.close()
    if wrong or not checked:
        raise RuntimeError(f"pandas and DuckDB answer differently on {dataset}:\n" + "\n".join(wrong))
    plain = pages.time_pages(partial(pandas_run.run, survey), steps, pandas_repeats, at_once=False)
    del survey
    gc.collect()
    return {
        key: {**_counts(steps[key]), "duckdb": duck[key], "pandas": plain[key], "both_ways": both_ways.get(key)}
        for key in steps
    }


def _counts(steps: list[pages.Step]) -> dict[str, int]:
    """A page's number of queries, and how many of them it asks at once."""
    return {"calls": len(pages.calls(steps)), "at_once": sum(len(step) for step in steps if len(step) > 1)}


def server_side(folder: Path, dataset: str, changes: int, starts: int) -> dict:
    """Cold start to first page (the median of several starts), memory with the dataset loaded, and slicer-change
    reruns."""
    with server.server(folder) as srv:
        colds, readies = [server.first_page(srv, dataset)], [srv.ready_s]
        rss = srv.rss_mb()
        reruns, errors = server.slicer_reruns(srv, dataset, changes)
    for _ in range(starts - 1):
        with server.server(folder) as srv:
            colds.append(server.first_page(srv, dataset))
            readies.append(srv.ready_s)
    return {"cold_start_s": statistics.median(colds), "ready_s": statistics.median(readies), "rss_mb": rss,
            "reruns": summary(reruns), "rerun_errors": errors}  # fmt: skip


def under_load(folder: Path, dataset: str, args: argparse.Namespace) -> dict:
    """Many users at once, then many sessions opened and closed, against one server."""
    low, high = (float(v) for v in args.pause.split(","))
    with server.server(folder) as srv:
        server.first_page(srv, dataset)
        times, errors = server.many_users(srv, dataset, args.users, args.seconds, (low, high))
        before, after = server.many_sessions(srv, dataset, args.sessions, args.settle)
    return {"users": args.users, "seconds": args.seconds, "pause": (low, high), "reruns": summary(times),
            "errors": errors, "sessions": args.sessions, "rss_before_mb": before, "rss_after_mb": after}  # fmt: skip


def uploads(rows: int, data: Path, repeats: int) -> dict:
    """A survey export of this many rows read, checked and imported, in a process of its own (bench/upload.py)."""
    command = [sys.executable, "-m", "bench.upload", str(rows), "--repeats", str(repeats), "--data", str(data)]
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str]) -> int:
    """Run every measure and write the report."""
    args = _options(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    data = Path(args.data)
    for size in sizes:
        folder = ensure(size, data)
        print(f"measuring {dataset_id(size)}", flush=True)
        results[size] = {
            "queries": queries(folder, dataset_id(size), args.repeats, args.pandas_repeats),
            "server": server_side(folder, dataset_id(size), args.changes, args.starts),
        }
    largest = max(sizes)
    print(f"many users on {dataset_id(largest)}", flush=True)
    load = under_load(ensure(largest, data), dataset_id(largest), args)
    print("chart exports", flush=True)
    exports = export_timings(args.exports)
    print("uploads", flush=True)
    uploaded = [uploads(int(rows), data, args.upload_repeats) for rows in args.upload_rows.split(",")]
    write_report(Path(args.out), sizes, results, load, exports, uploaded, vars(args))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
