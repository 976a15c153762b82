"""Window events -> what each minute was spent on: cleaned events, (minute, app) and
(minute, title) time, and each minute's dominant app and title. Pure numpy.

Why numpy and not dataframe group-bys: the live tray rebuilds a handful of minutes every
poll, where a dataframe library's fixed cost per call (a few hundred microseconds, dozens of
calls) was the whole bill; a day's build pays the same calls once. Strings become integer
codes once (``np.unique`` keeps them in sorted order, so "ties go to the first name" is
"ties go to the smallest code"), and everything after is sorting and summing integers.
Time stays integer microseconds, so sums are exact and equal times are true ties.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from taskclf.core.timeutil import MINUTE_US
from taskclf.features.apps import normalise_app


@dataclass(frozen=True)
class Grid:
    """Dense minute grid ``[lo, lo + size)`` covering the fetched range."""

    lo_min: int  # epoch minute index of the first cell
    size: int

    def index(self, minute_us: np.ndarray) -> np.ndarray:
        return (minute_us // MINUTE_US - self.lo_min).astype(np.int64)


@dataclass(frozen=True)
class Window:
    """Cleaned window events in time order; apps and titles as codes into sorted names."""

    start: np.ndarray
    end: np.ndarray
    app: np.ndarray  # code into ``apps`` (normalised app ids)
    title: np.ndarray  # code into ``titles``
    apps: np.ndarray
    titles: np.ndarray


@dataclass(frozen=True)
class Pairs:
    """Time per (grid cell, key) with ``us`` exact integer microseconds, sorted by cell."""

    cell: np.ndarray
    key: np.ndarray
    us: np.ndarray


@dataclass(frozen=True)
class Minutes:
    """One entry per grid cell that has window time, in time order."""

    cell: np.ndarray
    app: np.ndarray  # dominant app code
    title: np.ndarray  # dominant title code
    app_share: np.ndarray
    active_seconds: np.ndarray
    n_apps: np.ndarray
    by_app: Pairs
    by_title: Pairs


def explode_minutes(
    start_us: np.ndarray, end_us: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For events with ``end > start``: (event index, minute start, overlap µs) per minute.
    A 30-minute event becomes 30 triples: interval arithmetic, no per-event loop."""
    first = start_us // MINUTE_US
    counts = (end_us - 1) // MINUTE_US - first + 1
    idx = np.repeat(np.arange(len(start_us)), counts)
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    minute = (first[idx] + offsets) * MINUTE_US
    overlap = np.minimum(end_us[idx], minute + MINUTE_US) - np.maximum(start_us[idx], minute)
    return idx, minute, overlap


def codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct values, each value's code); an empty input gives empty arrays."""
    if len(values) == 0:
        return np.array([], dtype=object), np.zeros(0, dtype=np.int64)
    names, inverse = np.unique(values, return_inverse=True)
    return names, inverse.astype(np.int64).reshape(-1)


def clean_window(window: pl.DataFrame, lo_us: int, hi_us: int) -> Window:
    """Clip to the range, order by (start, end, app, title), and start each event where all
    earlier ones ended: no second is counted twice and none is lost (an event nested inside
    a longer one gives its seconds to the longer one; cutting the longer one at the nested
    start instead would drop every minute after it)."""
    start = np.clip(window["start_us"].to_numpy(), lo_us, hi_us)
    end = np.clip(window["end_us"].to_numpy(), lo_us, hi_us)
    keep = end > start
    raw_apps, raw_app = codes(window["app"].to_numpy()[keep])
    titles, title = codes(window["title"].to_numpy()[keep])
    start, end = start[keep], end[keep]
    order = np.lexsort((title, raw_app, end, start))
    start, end, raw_app, title = start[order], end[order], raw_app[order], title[order]
    covered = np.empty_like(end)
    covered[:1] = lo_us
    covered[1:] = np.maximum.accumulate(end)[:-1]
    start = np.maximum(start, covered)
    keep = end > start
    apps, app_of_raw = codes(np.array([normalise_app(a) for a in raw_apps], dtype=object))
    return Window(start[keep], end[keep], app_of_raw[raw_app[keep]], title[keep], apps, titles)


def per_minute(win: Window, grid: Grid) -> Minutes:
    """Each minute's time per app and per title, and the dominant of each (most time; a tie
    goes to the name that sorts first)."""
    idx, minute, overlap = explode_minutes(win.start, win.end)
    cell = grid.index(minute)
    by_app = group_time(cell, win.app[idx], overlap, len(win.apps))
    by_title = group_time(cell, win.title[idx], overlap, len(win.titles))
    cells, app, top_us, total_us, n_apps = dominant(by_app)
    _cells, title, _top, _total, _n = dominant(by_title)
    return Minutes(
        cell=cells,
        app=app,
        title=title,
        app_share=top_us / total_us,
        active_seconds=total_us / 1e6,
        n_apps=n_apps,
        by_app=by_app,
        by_title=by_title,
    )


def group_time(cell: np.ndarray, key: np.ndarray, us: np.ndarray, n_keys: int) -> Pairs:
    """Sum ``us`` per (cell, key), sorted by cell then key."""
    n_keys = max(n_keys, 1)
    combined, inverse = np.unique(cell * n_keys + key, return_inverse=True)
    sums = np.bincount(inverse.reshape(-1), weights=us, minlength=len(combined))
    return Pairs(combined // n_keys, combined % n_keys, np.rint(sums).astype(np.int64))


def dominant(
    pairs: Pairs,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: (cell, key with the most time, its µs, the cell's total µs, keys in it)."""
    order = np.lexsort((pairs.key, -pairs.us, pairs.cell))
    cell = pairs.cell[order]
    first = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]]) if len(cell) else cell
    totals = np.add.reduceat(pairs.us[order], first) if len(cell) else pairs.us
    counts = np.diff(np.r_[first, len(cell)])
    return cell[first], pairs.key[order][first], pairs.us[order][first], totals, counts
