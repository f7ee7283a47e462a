"""make bench at a tiny size: every measure runs end to end and the report states every budget."""

import re
import subprocess
import sys

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
    options += ["--seconds", "6", "--pause", "1,2", "--sessions", "4", "--settle", "1", "--exports", "3"]
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
    assert "3 users on one server" in report
    assert re.search(r"concurrent users: no errors \| 0 \| met", report)
