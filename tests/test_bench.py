"""make bench at a tiny size: every measure runs end to end and the report states every budget."""

import re
import subprocess
import sys

import pandas as pd

from bench.budgets import why_slow_start
from bench.parity import compare
from caregap.paths import ROOT

BUDGETS = (
    "page queries p50 ≤ 20 ms",
    "faster than pandas",
    "slicer change to script finished",
    "concurrent users: p95",
    "concurrent users: no errors",
    "memory after 4 sessions",
    "server memory ≤ 600 MB",
    "cold start to first page",
    "warm PNG chart export",
)


def test_a_tiny_benchmark_run_writes_a_complete_report(tmp_path):
    out = tmp_path / "benchmarks.md"
    options = ["--sizes", "2000", "--repeats", "3", "--pandas-repeats", "1", "--changes", "4", "--users", "3"]
    options += ["--starts", "2"]
    options += ["--seconds", "6", "--pause", "1,2", "--sessions", "4", "--settle", "1", "--exports", "3"]
    options += ["--upload-rows", "300", "--upload-repeats", "1"]
    command = [sys.executable, "-m", "bench.run", *options, "--data", str(tmp_path / "data"), "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    rows = report.splitlines()
    budget_rows = [line for line in rows if line.startswith("| ") and line.endswith(("met |", "met** |"))]
    for budget in BUDGETS:
        assert any(budget in row for row in budget_rows), budget
    for page in ("Overview", "Channel preference", "Social networks", "Compare"):
        assert re.search(rf"\| 2,000 \| {page} \| .+ \| \d+\.\d \| \d+\.\d \| [\d,.]+ \| [\d,.]+x \|", report), page
    # the pooled contact measure's three queries are recorded, and timed, as the page asks them: at once
    assert re.search(r"\| 2,000 \| Compare \| whole sample \| 4, 3 at once \|", report)
    assert re.search(r"\| 2,000 \| Social networks \| whole sample \| 3, 2 at once \|", report)  # people, contacts
    assert re.search(r"- Compare, whole sample: \d+\.\d ms at once, \d+\.\d ms one after the other", report)
    assert "3 users on one server" in report
    assert re.search(r"concurrent users: no errors \| 0 \| met", report)
    # a survey export read, checked after each of three mapping changes, imported
    assert re.search(r"\| 300 \| \d+ MB \| [\d.]+ s \| [\d.]+ s \| [\d.]+ s \| [\d.]+ s \| -?[\d,]+ MB \|", report)


def test_the_pandas_twin_answers_every_page_query_as_duckdb_does(tmp_path):
    """The DuckDB / pandas ratio compares like with like, at each size of a run (in a process of its own, as make
    bench records the real pages: the second size once recorded the first's queries)."""
    command = [sys.executable, "-m", "bench.parity", "--sizes", "2000,3000", "--data", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for dataset in ("northridge_2k", "northridge_3k"):
        checked = int(re.search(rf"{dataset}: (\d+) queries compared, 0 differ", done.stdout).group(1))
        assert checked >= 12  # every page, two slices


def test_a_difference_between_pandas_and_duckdb_is_named():
    duck = pd.DataFrame({"segment": ["All", "female"], "answer": ["true", "true"], "hit_w": [3.0, 1.0], "x": [1, 2]})
    assert compare(duck, duck[["segment", "answer", "hit_w"]].iloc[::-1]) == ""  # any row order, fewer columns
    assert "hit_w" in compare(duck, duck.assign(hit_w=[3.0, 1.5])[["segment", "answer", "hit_w"]])
    assert "columns DuckDB has not" in compare(duck, duck.assign(extra=1))


def test_a_missed_cold_start_budget_says_how_much_of_it_every_size_pays():
    assert why_slow_start({10_000: 2.9, 1_000_000: 4.1, 10_000_000: 3.2}) == []
    said = " ".join(why_slow_start({10_000: 4.44, 1_000_000: 4.17, 10_000_000: 5.16}))
    assert "the 10k dataset's start, 4.44 s, is" in said and "the 10m dataset adds 0.72 s to it." in said
    assert "one size only (2k)" in " ".join(why_slow_start({2_000: 6.0}))
