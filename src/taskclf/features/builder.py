"""Events -> one feature row per active minute (schema ``features_v2``). Pure: no I/O.

Every event is exploded into the minutes it touches with numpy interval arithmetic (a
30-minute event becomes 30 (event, minute, overlap) triples), and everything else is a
group-by or a cumulative sum over a dense minute grid, so the cost is linear in events plus
minutes. Events before ``day_start`` only give context (rolling windows, session start).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import numpy as np
import polars as pl

from taskclf.aw.events import AwEvents
from taskclf.core.schema import TITLE_BUCKETS
from taskclf.features import context, titles
from taskclf.features.apps import app_category
from taskclf.features.frame import empty_rows, finish
from taskclf.features.minutes import (
    MINUTE_US,
    Grid,
    Minutes,
    Pairs,
    Window,
    clean_window,
    codes,
    explode_minutes,
    per_minute,
)
from taskclf.features.runs import Carry, OpenRun, run_minutes, session_minutes

# The rolling windows' reach: per-minute input before ``day_start - HISTORY_US`` is never read
# (sessions and runs, which reach further, come from the window and AFK events).
HISTORY_US = max(context.WINDOWS) * MINUTE_US
# History a day's rows need from before its midnight (rolling windows, session start): fetch
# from ``day_start - LOOKBACK`` so a day built alone equals the same day inside a longer run.
LOOKBACK = timedelta(hours=3)


def build_rows(
    events: AwEvents,
    day_start_us: int,
    day_end_us: int,
    zone: str,
    salt: bytes,
    carry: Carry | None = None,
) -> pl.DataFrame:
    """Rows for the active minutes in ``[day_start_us, day_end_us)``, schema order and types.

    Without ``carry`` the events must reach back to the start of every run the rows belong to
    (``LOOKBACK`` before a day does). With it, the open runs come from ``carry`` (taken from
    every row before ``day_start_us``) and the events need only reach ``HISTORY_US`` before
    ``day_start_us``, unclipped, as fetched: ``recent_events`` picks them.
    """
    window = events.window
    first = window["start_us"].min()
    lo_us = min(day_start_us, first if isinstance(first, int) else day_start_us)
    lo_us = max(lo_us - lo_us % MINUTE_US, day_start_us - 24 * 60 * MINUTE_US)
    grid = Grid(lo_us // MINUTE_US, (day_end_us - lo_us) // MINUTE_US + 1)
    win = clean_window(window, lo_us, day_end_us)
    if len(win.start) == 0:
        return empty_rows()
    minutes = per_minute(win, grid)
    every = minutes.cell  # every active minute, the history before the range included
    keep = (every + grid.lo_min) * MINUTE_US >= day_start_us
    g = every[keep]  # the rows returned
    recent_us = max(lo_us, day_start_us - day_start_us % MINUTE_US - HISTORY_US)
    afk = _afk_columns(events.afk, grid, every, lo_us, day_end_us)
    cols = {
        "app_share": minutes.app_share[keep],
        "active_seconds": minutes.active_seconds[keep],
        "n_apps": minutes.n_apps[keep],
        "afk_share": afk["afk_share"][keep],
        "afk_share_15m": afk["afk_share_15m"][keep],
        "title_hash": _hash_titles(win.titles[minutes.title[keep]], salt),
        "app_id": win.apps[minutes.app[keep]],
    }
    cols |= _run_columns(minutes, keep, afk["afk_share"], cols, grid, carry)
    cols |= _switch_columns(win, grid, g)
    cols |= _rolling_apps(minutes.by_app, grid, g)
    cols |= _input_columns(events.input, grid, g, recent_us, day_end_us)
    cols |= context.app_context(minutes.by_app, win.apps, minutes.app[keep], grid.size, g)
    shares = _title_shares(win, minutes, g, cols["app_id"], events.web, grid, salt,
                           (recent_us, day_end_us))  # fmt: skip
    cols |= {f"title_w{b:02d}": shares[:, b] for b in range(TITLE_BUCKETS)}
    return finish(cols, (g + grid.lo_min) * MINUTE_US, zone)


def recent_events(events: AwEvents, rows_from_us: int) -> AwEvents:
    """The events a build with a carry reads for rows from ``rows_from_us``: those that
    reach into the rolling windows of its first row (see ``AwEvents.ending_from``)."""
    return events.ending_from(rows_from_us - HISTORY_US)


def hash_title(title: str, salt: bytes) -> str:
    """Salted so that a leaked feature file cannot be matched against guessed titles."""
    return hashlib.sha256(salt + title.encode("utf-8")).hexdigest()[:16]


def _hash_titles(titles: np.ndarray, salt: bytes) -> np.ndarray:
    names, code = codes(titles)
    return np.array([hash_title(str(t), salt) for t in names], dtype=object)[code]


def _title_shares(
    win: Window,
    minutes: Minutes,
    g: np.ndarray,
    row_apps: np.ndarray,
    web: pl.DataFrame | None,
    grid: Grid,
    salt: bytes,
    bounds: tuple[int, int],
) -> np.ndarray:
    """Title-word bucket shares per row from window titles and, in minutes spent mostly in a
    browser, from its tab titles.

    Per bucket a row takes the larger of the two shares, not their sum: a browser's window
    title usually *is* its tab's title, and the same words must not count twice; where the
    window title says less (a browser that shows only its own name), the tab's words fill in.
    A browser watcher reports its active tab even while another app is in front, hence the
    browser minutes only."""
    row_of_cell = np.full(grid.size, -1, dtype=np.int64)
    row_of_cell[g] = np.arange(len(g))
    by_title = minutes.by_title
    shares = _bucket_shares(win.titles, by_title.key, by_title.us, by_title.cell,
                            row_of_cell, len(g), salt)  # fmt: skip
    in_browser = _browser_rows(row_apps)
    if web is None or web.height == 0 or not in_browser.any():
        return shares
    start = np.clip(web["start_us"].to_numpy(), *bounds)
    end = np.clip(web["end_us"].to_numpy(), *bounds)
    keep = end > start
    names, title = codes(web["title"].to_numpy()[keep])
    idx, minute, overlap = explode_minutes(start[keep], end[keep])
    browser_row_of_cell = row_of_cell.copy()
    browser_row_of_cell[g[~in_browser]] = -1
    tabs = _bucket_shares(names, title[idx], overlap, grid.index(minute), browser_row_of_cell,
                          len(g), salt)  # fmt: skip
    return np.maximum(shares, tabs)


def _bucket_shares(
    names: np.ndarray,
    title: np.ndarray,
    us: np.ndarray,
    cells: np.ndarray,
    row_of_cell: np.ndarray,
    n_rows: int,
    salt: bytes,
) -> np.ndarray:
    inside = (cells >= 0) & (cells < len(row_of_cell))
    rows = np.where(inside, row_of_cell[np.clip(cells, 0, len(row_of_cell) - 1)], -1)
    return titles.bucket_shares(names, title, us, rows, n_rows, salt)


def _browser_rows(apps: np.ndarray) -> np.ndarray:
    """Whether each row's dominant app is a browser."""
    names, code = codes(apps)
    return np.array([app_category(str(a)) == "browser" for a in names], dtype=bool)[code]


def _run_columns(
    minutes: Minutes,
    keep: np.ndarray,
    afk_share: np.ndarray,
    cols: dict[str, np.ndarray],
    grid: Grid,
    carry: Carry | None,
) -> dict[str, np.ndarray]:
    """Session, app-run and title-run minutes of the kept rows: over every active minute of
    the events, or, with a carry, over the kept rows continuing the carried runs."""
    every = minutes.cell
    if carry is None:
        return {
            "session_minutes": session_minutes(every, afk_share)[keep],
            "app_run_minutes": run_minutes(every, minutes.app)[keep],
            "title_run_minutes": run_minutes(every, minutes.title)[keep],
        }
    g = every[keep]

    def cells(run: OpenRun) -> tuple[int, int]:
        return run.last_us // MINUTE_US - grid.lo_min, run.start_us // MINUTE_US - grid.lo_min

    app = cells(carry.app) if len(g) and cols["app_id"][0] == carry.app.value else None
    title = cells(carry.title) if len(g) and cols["title_hash"][0] == carry.title.value else None
    return {
        "session_minutes": session_minutes(g, afk_share[keep], cells(carry.session)),
        "app_run_minutes": run_minutes(g, minutes.app[keep], app),
        "title_run_minutes": run_minutes(g, minutes.title[keep], title),
    }


def _switch_columns(win: Window, grid: Grid, g: np.ndarray) -> dict[str, np.ndarray]:
    cell = grid.index(win.start)
    switch = np.zeros(len(win.app), dtype=bool)
    switch[1:] = win.app[1:] != win.app[:-1]
    changed = switch.copy()
    changed[1:] |= win.title[1:] != win.title[:-1]
    per_cell = np.bincount(cell, weights=switch, minlength=grid.size)
    return {
        "n_switches": per_cell[g],
        "n_switches_5m": context.window_sums(per_cell, g, 5),
        "n_switches_15m": context.window_sums(per_cell, g, 15),
        "title_changes": np.bincount(cell, weights=changed, minlength=grid.size)[g],
    }


def _rolling_apps(pairs: Pairs, grid: Grid, g: np.ndarray) -> dict[str, np.ndarray]:
    """Distinct apps over the last 5 and 15 minutes: each (cell, app) pair is spread over
    the k cells whose windows contain it, and distinct (cell, app) keys are counted."""
    n_codes = int(pairs.key.max()) + 1 if len(pairs.key) else 1
    recent = pairs.cell >= (g[0] - max(context.WINDOWS) if len(g) else 0)
    cell, key = pairs.cell[recent], pairs.key[recent]
    out = {}
    for k in context.WINDOWS:
        spread = (cell[:, None] + np.arange(k)[None, :]).ravel()
        keys = np.unique(spread * n_codes + np.repeat(key, k))
        counts = np.bincount(keys // n_codes, minlength=grid.size + k)
        out[f"n_apps_{k}m"] = counts[g]
    return out


def _explode_into_grid(
    frame: pl.DataFrame, keep: np.ndarray | None, lo_us: int, hi_us: int, grid: Grid
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(event index, grid cell, overlap µs, whole event length µs, kept event indices).

    The length is taken before clipping, so an event across the range's edge shares its
    counts with the next day's file instead of being counted whole in both.
    """
    start = frame["start_us"].to_numpy()
    end = frame["end_us"].to_numpy()
    inside = (end >= lo_us) & (start < hi_us)
    if keep is not None:
        inside &= keep
    kept = np.flatnonzero(inside)
    start, end = start[kept], end[kept]
    length = np.maximum(end - start, 1)
    start = np.clip(start, lo_us, hi_us - 1)
    end = np.maximum(np.clip(end, lo_us, hi_us), start + 1)  # instant events count too
    idx, minute, overlap = explode_minutes(start, end)
    return idx, grid.index(minute), overlap, length[idx], kept


def _input_columns(
    inp: pl.DataFrame | None, grid: Grid, g: np.ndarray, lo_us: int, hi_us: int
) -> dict[str, np.ndarray]:
    names = ("keys", "clicks", "scroll", "mouse_px")
    if inp is None:
        rolled = ("keys_5m", "keys_15m", "clicks_15m", "scroll_15m")
        return {name: np.full(len(g), np.nan) for name in names + rolled}
    idx, cell, overlap, length, kept = _explode_into_grid(inp, None, lo_us, hi_us, grid)
    share = overlap / length  # long input events are spread over their minutes

    def column(name: str) -> np.ndarray:
        return inp[name].to_numpy()[kept]

    raw = {
        "keys": column("presses"),
        "clicks": column("clicks"),
        "scroll": np.abs(column("scrollX")) + np.abs(column("scrollY")),
        "mouse_px": np.hypot(column("deltaX"), column("deltaY")),
    }
    per_cell = {
        name: np.bincount(cell, weights=raw[name][idx] * share, minlength=grid.size)
        for name in names
    }
    out = {name: values[g] for name, values in per_cell.items()}
    out["keys_5m"] = context.per_minute_rates(per_cell["keys"], g, 5)
    for name in ("keys", "clicks", "scroll"):
        out[f"{name}_15m"] = context.per_minute_rates(per_cell[name], g, 15)
    return out


def _afk_columns(
    afk: pl.DataFrame | None, grid: Grid, g: np.ndarray, lo_us: int, hi_us: int
) -> dict[str, np.ndarray]:
    """AFK share of the minute and of the last 15 minutes (NaN without an AFK bucket)."""
    if afk is None:
        return {"afk_share": np.full(len(g), np.nan), "afk_share_15m": np.full(len(g), np.nan)}
    away = afk["afk"].to_numpy() & (afk["end_us"].to_numpy() > afk["start_us"].to_numpy())
    _idx, cell, overlap, _length, _kept = _explode_into_grid(afk, away, lo_us, hi_us, grid)
    per_cell = np.minimum(np.bincount(cell, weights=overlap, minlength=grid.size) / MINUTE_US, 1)
    return {
        "afk_share": per_cell[g],
        "afk_share_15m": context.per_minute_rates(per_cell, g, 15),
    }
