"""Sequence decoding: per-minute probabilities -> the likeliest sequence of tasks (Viterbi).

A person rarely switches task for a single minute, so a lone minute that looks like another
task (a 90 s glance at chat inside an hour of debugging) is most likely still the same task.
An HMM whose transition matrix is learned from the label sequences (how often one labelled
minute is followed by another of each task) turns that into numbers: the model's probability
of a minute is the emission, the learned transition the cost of a switch.

Two forms:
- ``decode`` (replay, inspect, per-minute predictions): the whole sequence, each run of
  consecutive minutes (gaps over ``GAP_MINUTES`` split runs) decoded on its own.
- ``decode_online`` (the tray): only the minutes up to now, reporting the minute ``lag``
  minutes back, so the suggestion for a minute never depends on minutes after ``now``.
Pure and deterministic: ties resolve to the lowest label index.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from taskclf.core.timeutil import MINUTE_US

GAP_MINUTES = 5
SMOOTHING = 1.0  # pseudo-count per transition, so unseen switches stay possible
FLOOR = 1e-6  # lowest probability an emission may have (log of 0 would forbid a label)
DEFAULT_LAG = 2  # minutes the tray's online decoding looks back


def fit_transitions(y: np.ndarray, ts_us: np.ndarray, n_classes: int) -> np.ndarray:
    """Row-stochastic (n_classes, n_classes) matrix from consecutive labelled minutes."""
    counts = np.full((n_classes, n_classes), SMOOTHING)
    consecutive = np.diff(ts_us) == MINUTE_US
    np.add.at(counts, (y[:-1][consecutive], y[1:][consecutive]), 1.0)
    return counts / counts.sum(axis=1, keepdims=True)


def viterbi(proba: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The likeliest label index per row of ``proba`` (n_rows, n_classes) as one sequence."""
    n = proba.shape[0]
    return _viterbi_runs(proba, transitions, np.zeros(1 if n else 0, dtype=np.int64), n)


def decode(
    proba: np.ndarray,
    transitions: np.ndarray,
    ts_us: np.ndarray,
    starts: np.ndarray | None = None,
) -> np.ndarray:
    """Label index per row; rows in time order, runs split at gaps over GAP_MINUTES and at
    the row indices in ``starts`` (the predictions cache decodes each day on its own)."""
    if proba.shape[0] == 0:
        return np.empty(0, dtype=np.int64)
    cuts = np.flatnonzero(np.diff(ts_us) > GAP_MINUTES * MINUTE_US) + 1
    extra = np.asarray([] if starts is None else starts, dtype=np.int64)
    run_starts = np.union1d(np.r_[0, cuts], extra[(extra > 0) & (extra < proba.shape[0])])
    return _viterbi_runs(proba, transitions, run_starts, proba.shape[0])


def _viterbi_runs(
    proba: np.ndarray, transitions: np.ndarray, run_starts: np.ndarray, n: int
) -> np.ndarray:
    """Viterbi over every run at once: runs ``[run_starts[r], run_starts[r + 1])`` are
    independent, so minute ``t`` of all runs still that long is one numpy step. A numpy step
    per minute of the whole range cost ~7 µs (0.3 s for 30 days); stepping the runs side by
    side costs the longest run's length in steps. Each run sees exactly the arithmetic of a
    lone run (same sums, same first-index argmax), so results are identical."""
    if n == 0:
        return np.empty(0, dtype=np.int64)
    first, lengths = _longest_first(run_starts, n)
    slots, going, offsets = _time_major(first, lengths, n)
    emit = np.log(np.maximum(proba, FLOOR))[slots]
    trans = np.log(np.asarray(transitions, dtype=np.float64))
    back = np.zeros((n, proba.shape[1]), dtype=np.int64)
    score = emit[: going[0]].copy()
    final = np.empty_like(score)  # each run's scores at its last minute
    for t in range(1, len(going)):
        lo, live = offsets[t], going[t]
        if live < score.shape[0]:  # the shortest runs have ended
            final[live : score.shape[0]] = score[live:]
            score = score[:live]
        step = score[:, :, None] + trans  # step[r, i, j]: end in i, then i -> j
        back[lo : lo + live] = step.argmax(axis=1)
        score = np.maximum.reduce(step, axis=1) + emit[lo : lo + live]
    final[: score.shape[0]] = score
    in_rows = np.empty_like(back)
    in_rows[slots] = back
    return _backtrack(in_rows, final.argmax(axis=1), first, first + lengths, n)


def _longest_first(run_starts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """First rows and lengths of the runs, longest first, so the runs still going at any
    minute are a prefix of them."""
    lengths = np.diff(np.r_[run_starts, n])
    order = np.argsort(-lengths, kind="stable")
    return run_starts[order], lengths[order]


def _time_major(
    first: np.ndarray, lengths: np.ndarray, n: int
) -> tuple[np.ndarray, list[int], list[int]]:
    """``slots`` lays rows out minute by minute (minute 0 of every run, then minute 1 of
    every run that long, ...), so each step reads and writes one block from ``offsets[t]``;
    ``going[t]``: how many runs last beyond minute ``t``."""
    going = np.searchsorted(-lengths, -np.arange(int(lengths[0])), side="left")
    offsets = np.r_[0, np.cumsum(going)]
    minute = np.repeat(np.arange(len(going)), going)
    slots = first[np.arange(n) - offsets[minute]] + minute
    return slots, going.tolist(), offsets.tolist()


def _backtrack(
    back: np.ndarray, last: np.ndarray, first: np.ndarray, ends: np.ndarray, n: int
) -> np.ndarray:
    """Follows each run's back pointers from its best last state, in plain Python over
    lists (a numpy call per minute would cost more than the whole walk)."""
    pointers = back.tolist()
    path = [0] * n
    for start, end, state in zip(first.tolist(), ends.tolist(), last.tolist(), strict=True):
        path[end - 1] = state
        for row in range(end - 1, start, -1):
            state = pointers[row][state]
            path[row - 1] = state
    return np.asarray(path, dtype=np.int64)


def decode_online(
    recent: np.ndarray | Sequence[Sequence[float]],
    transitions: np.ndarray | Sequence[Sequence[float]],
    lag: int = DEFAULT_LAG,
) -> int:
    """For the tray: ``recent`` holds the probability rows of the last consecutive minutes,
    oldest first, newest (the current minute) last, columns in the bundle's label order.
    Returns the decoded label index of the minute ``lag`` minutes before the newest (0 =
    the newest itself, decoded with past minutes only). 15-30 rows are plenty."""
    rows = np.asarray(recent, dtype=np.float64)
    if rows.ndim != 2 or rows.shape[0] == 0:
        raise ValueError("recent must hold at least one probability row")
    path = viterbi(rows, np.asarray(transitions, dtype=np.float64))
    return int(path[max(rows.shape[0] - 1 - lag, 0)])
