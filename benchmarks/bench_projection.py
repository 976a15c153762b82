"""Projection speed: a year of minute rows against 7,000 label spans, the kept-row mask
included (DESIGN §11 goal: <= 0.1 s).

The naive baseline (every row checked against every span in Python) is far too slow to run in
full, so it is timed on a small slice of the rows and extrapolated linearly — it is linear in
rows by construction. Both are checked to agree on that slice.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl

from benchstats import line, timed
from taskclf.core.timeutil import to_us
from taskclf.labels.projection import MINUTE_US, project_frame, project_labels

GOAL_S = 0.1
N_ROWS = 365 * 24 * 60  # 525,600
N_SPANS = 7_000
NAIVE_ROWS = 400
LABELS = np.array(
    ["Build", "Debug", "Review", "Write", "ReadResearch", "Communicate", "Meet", "BreakIdle"],
    dtype=object,
)


def make_spans(rng: np.random.Generator, t0: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spans of 5 s to 3 h with second-resolution edges, denser than real life: about a third
    of the rows sit under conflicting overlaps, so every branch of the projection is timed."""
    starts = t0 + np.sort(rng.integers(0, N_ROWS * 60, N_SPANS)) * 1_000_000
    ends = starts + rng.integers(5, 3 * 3600, N_SPANS) * 1_000_000
    return starts.astype(np.int64), ends.astype(np.int64), rng.choice(LABELS, N_SPANS)


def naive(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, labels: np.ndarray) -> list:
    spans = list(zip(starts.tolist(), ends.tolist(), labels.tolist(), strict=True))
    out = []
    for s in rows.tolist():
        found = {label for a, b, label in spans if a <= s and b >= s + MINUTE_US}
        out.append(found.pop() if len(found) == 1 else None)
    return out


def main() -> None:
    rng = np.random.default_rng(7)
    t0 = to_us(datetime(2025, 1, 1, tzinfo=UTC))
    rows = t0 + np.arange(N_ROWS, dtype=np.int64) * MINUTE_US
    starts, ends, labels = make_spans(rng, t0)

    fast = timed(lambda: project_labels(rows, starts, ends, labels).keep, runs=5)
    result = project_labels(rows, starts, ends, labels)

    frame = pl.DataFrame(
        {
            "bucket_start_ts": pl.datetime_range(
                datetime(2025, 1, 1, tzinfo=UTC),
                datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=N_ROWS - 1),
                "1m",
                time_unit="us",
                time_zone="UTC",
                eager=True,
            )
        }
    )
    framed = timed(lambda: project_frame(frame, (starts, ends, labels)))

    subset = rows[:: N_ROWS // NAIVE_ROWS][:NAIVE_ROWS]
    began = time.perf_counter()
    slow_labels = naive(subset, starts, ends, labels)
    slow = (time.perf_counter() - began) * N_ROWS / len(subset)
    assert slow_labels == project_labels(subset, starts, ends, labels).labels.tolist()

    print(f"rows {N_ROWS:,} x spans {N_SPANS:,}")
    print(
        f"labelled {result.n_labelled:,}  partial {result.n_partial:,}  "
        f"conflicting {result.n_conflicting:,}  unlabelled {result.n_unlabelled:,}"
    )
    print(line("project_labels, kept-row mask included", fast, GOAL_S))
    print(line("project_frame (polars in and out)", framed, None))
    print(
        f"naive rows x spans loop: {slow:.1f} s (measured once on {len(subset)} rows, "
        f"extrapolated linearly to {N_ROWS:,})"
    )
    print(f"speed-up: {slow / statistics.median(fast):,.0f}x (median vectorised vs naive)")


if __name__ == "__main__":
    main()
