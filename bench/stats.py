"""Timing helpers shared by the bench scripts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Series:
    label: str
    times: list[float] = field(default_factory=list)  # seconds

    def add(self, seconds: float) -> None:
        self.times.append(seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "n": len(self.times),
            "median_ms": round(self.median * 1000, 3),
            "min_ms": round(min(self.times) * 1000, 3),
            "max_ms": round(max(self.times) * 1000, 3),
        }


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


class Cold:
    """A contender with an untimed preparation before each timed call (e.g. emptying a cache)."""

    def __init__(self, prepare: Callable[[], object], run: Callable[[], object]):
        self.prepare, self.run = prepare, run

    def __call__(self):
        self.prepare()
        return self.run()


def interleave(rounds: int, runners: dict[str, Callable[[], object]], series: dict[str, Series]) -> None:
    """Run each contender once per round, in turn, so that noise from the (shared) machine falls
    on all of them alike instead of on whichever ran during a busy second."""
    for _ in range(rounds):
        for name, runner in runners.items():
            if isinstance(runner, Cold):
                runner.prepare()
                runner = runner.run
            seconds, _ = timed(runner)
            series[name].add(seconds)
