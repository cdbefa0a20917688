"""Summaries of timings: median with the 10th and 90th percentiles, in milliseconds."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed_ms(fn: Callable[[], object]) -> tuple[float, object]:
    """(milliseconds fn took, what it returned)."""
    t0 = time.perf_counter()
    result = fn()
    return (time.perf_counter() - t0) * 1000, result


def summary(ms: list[float]) -> dict:
    if len(ms) < 2:
        return {"n": len(ms), "median": ms[0], "p10": ms[0], "p90": ms[0]}
    deciles = statistics.quantiles(ms, n=10, method="inclusive")
    return {"n": len(ms), "median": statistics.median(ms), "p10": deciles[0], "p90": deciles[-1]}


def fmt(s: dict) -> str:
    return f"{s['median']:8.2f} ms (p10 {s['p10']:.2f}, p90 {s['p90']:.2f})"
