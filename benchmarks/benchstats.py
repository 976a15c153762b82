"""How every benchmark reports a figure: the median with its spread over >= 3 runs, and the
goal from DESIGN §11 beside it. A ratio is the median of per-pair ratios, each pair's two
sides run back to back on the same data, so a slow moment hits both sides of a pair."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

MIN_RUNS = 3


def timed(func: Callable[[], Any], runs: int = MIN_RUNS) -> list[float]:
    """Wall seconds of ``runs`` calls (after one untimed warm-up call)."""
    func()
    out = []
    for _ in range(max(runs, MIN_RUNS)):
        began = time.perf_counter()
        func()
        out.append(time.perf_counter() - began)
    return out


def spread(values: Sequence[float], unit: str = "s", digits: int = 3) -> str:
    """``median (min–max, n=N)`` in ``unit``."""
    med, low, high = statistics.median(values), min(values), max(values)
    return f"{med:.{digits}f} {unit} (min {low:.{digits}f}, max {high:.{digits}f}, n={len(values)})"


def verdict(median: float, goal: float, lower_is_better: bool = True) -> str:
    ok = median <= goal if lower_is_better else median >= goal
    return "meets the goal" if ok else "MISSES the goal"


def line(name: str, values: Sequence[float], goal: float | None, unit: str = "s",
         digits: int = 3, lower_is_better: bool = True) -> str:  # fmt: skip
    text = f"{name}: {spread(values, unit, digits)}"
    if goal is not None:
        sign = "≤" if lower_is_better else "≥"
        judged = verdict(statistics.median(values), goal, lower_is_better)
        text += f"   goal {sign} {goal:g} {unit}: {judged}"
    return text
