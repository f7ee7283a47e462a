"""Summaries of repeated timings (median and percentiles, in milliseconds), and how the report writes a figure."""

from __future__ import annotations

import numpy as np


def ms(seconds: list[float], q: float) -> float:
    """The q-th percentile (0-100) of timings given in seconds, in milliseconds."""
    return float(np.percentile(np.asarray(seconds) * 1000, q)) if seconds else float("nan")


def summary(seconds: list[float]) -> dict[str, float]:
    """Median, p95 and p99 in milliseconds, and the count."""
    return {"p50": ms(seconds, 50), "p95": ms(seconds, 95), "p99": ms(seconds, 99), "n": len(seconds)}


def number(value: float) -> str:
    """A figure with one decimal below 10 and none above, so that small ones do not read as 0."""
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"
