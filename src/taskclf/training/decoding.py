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

MINUTE_US = 60_000_000
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
    n, k = proba.shape
    if n == 0:
        return np.empty(0, dtype=np.int64)
    emit = np.log(np.maximum(proba, FLOOR))
    trans = np.log(np.asarray(transitions, dtype=np.float64))
    back = np.zeros((n, k), dtype=np.int64)
    score = emit[0].copy()
    for t in range(1, n):
        step = score[:, None] + trans  # step[i, j]: best path ending in i, then i -> j
        back[t] = step.argmax(axis=0)
        score = step[back[t], np.arange(k)] + emit[t]
    path = np.empty(n, dtype=np.int64)
    path[-1] = int(score.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def decode(proba: np.ndarray, transitions: np.ndarray, ts_us: np.ndarray) -> np.ndarray:
    """Label index per row; rows in time order, runs split at gaps over GAP_MINUTES."""
    out = np.empty(proba.shape[0], dtype=np.int64)
    if proba.shape[0] == 0:
        return out
    cuts = np.flatnonzero(np.diff(ts_us) > GAP_MINUTES * MINUTE_US) + 1
    for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, proba.shape[0]], strict=True):
        out[lo:hi] = viterbi(proba[lo:hi], transitions)
    return out


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
