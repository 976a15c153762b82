"""Events -> one feature row per active minute (schema ``features_v2``). Pure: no I/O.

Every event is exploded into the minutes it touches with numpy interval arithmetic (a
30-minute event becomes 30 (event, minute, overlap) triples), and everything else is a
group-by or a cumulative sum over a dense minute grid, so the cost is linear in events plus
minutes. Events before ``day_start`` only give context (rolling windows, session start).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import polars as pl
import pyarrow as pa

from taskclf.aw.events import AwEvents
from taskclf.core.schema import ARROW_SCHEMA, TITLE_BUCKETS
from taskclf.features import context, titles
from taskclf.features.apps import app_category, normalise_app

MINUTE_US = 60_000_000
SESSION_GAP_MIN = 5  # a pause of 5+ minutes without a non-idle minute starts a new session
IDLE_AFK_SHARE = 0.5
# History a day's rows need from before its midnight (rolling windows, session start): fetch
# from ``day_start - LOOKBACK`` so a day built alone equals the same day inside a longer run.
LOOKBACK = timedelta(hours=3)
# Columns that are null (not 0) when their bucket (input, AFK) does not exist.
NULLABLE = ("keys", "clicks", "scroll", "mouse_px", "afk_share", "keys_5m", "keys_15m",
            "clicks_15m", "scroll_15m", "afk_share_15m")  # fmt: skip


@dataclass(frozen=True)
class Grid:
    """Dense minute grid ``[lo, hi)`` covering the fetched range."""

    lo_min: int  # epoch minute index of the first cell
    size: int

    def index(self, minute_us: np.ndarray) -> np.ndarray:
        return (minute_us // MINUTE_US - self.lo_min).astype(np.int64)


def explode_minutes(
    start_us: np.ndarray, end_us: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For events with ``end > start``: (event index, minute start, overlap µs) per minute."""
    first = start_us // MINUTE_US
    counts = (end_us - 1) // MINUTE_US - first + 1
    idx = np.repeat(np.arange(len(start_us)), counts)
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    minute = (first[idx] + offsets) * MINUTE_US
    overlap = np.minimum(end_us[idx], minute + MINUTE_US) - np.maximum(start_us[idx], minute)
    return idx, minute, overlap


def clean_window(window: pl.DataFrame, lo_us: int, hi_us: int) -> pl.DataFrame:
    """Clip to the range, order by time, and start each event where all earlier ones ended.

    No second is counted twice and none is lost: an event nested inside a longer one gives
    its seconds to the longer one (cutting the longer one at the nested start instead would
    drop every minute after it).
    """
    frame = (
        window.with_columns(
            pl.col("start_us").clip(lo_us, hi_us), pl.col("end_us").clip(lo_us, hi_us)
        )
        .filter(pl.col("end_us") > pl.col("start_us"))
        .sort(["start_us", "end_us", "app", "title"])
    )
    covered_until = pl.col("end_us").cum_max().shift(1).fill_null(lo_us)
    frame = frame.with_columns(
        pl.max_horizontal("start_us", covered_until).alias("start_us")
    ).filter(pl.col("end_us") > pl.col("start_us"))
    apps = frame["app"].unique().to_list()
    ids = {app: normalise_app(app) for app in apps}
    return frame.with_columns(
        pl.col("app").replace_strict(ids, return_dtype=pl.Utf8).alias("app_id")
    )


def build_rows(
    events: AwEvents, day_start_us: int, day_end_us: int, zone: str, salt: bytes
) -> pl.DataFrame:
    """Rows for the active minutes in ``[day_start_us, day_end_us)``, schema order and types."""
    window = events.window
    first = window["start_us"].min()
    lo_us = min(day_start_us, first if isinstance(first, int) else day_start_us)
    lo_us = max(lo_us - lo_us % MINUTE_US, day_start_us - 24 * 60 * MINUTE_US)
    grid = Grid(lo_us // MINUTE_US, (day_end_us - lo_us) // MINUTE_US + 1)
    win = clean_window(window, lo_us, day_end_us)
    if win.height == 0:
        return empty_rows()
    per_minute = _window_minutes(win, grid)
    minutes = per_minute["frame"]
    g = grid.index(minutes["minute_us"].to_numpy())
    cols = _switch_columns(win, grid, g)
    cols |= _rolling_apps(per_minute["pairs"], grid, g)
    cols |= _input_columns(events.input, grid, g, lo_us, day_end_us)
    cols |= _afk_columns(events.afk, grid, g, lo_us, day_end_us)
    cols["session_minutes"] = _session_minutes(g, cols["afk_share"])
    by_app = per_minute["pairs"]
    cells = grid.index(by_app["minute_us"].to_numpy())
    cols |= context.app_context(by_app, minutes["app_id"], cells, grid.size, g)
    hashes = _hash_titles(minutes["title"], salt)
    cols["app_run_minutes"] = context.run_minutes(g, minutes["app_id"].to_numpy())
    cols["title_run_minutes"] = context.run_minutes(g, hashes.to_numpy())
    shares = _title_shares(per_minute["titles"], events.web, grid, g, salt, (lo_us, day_end_us))
    cols |= {f"title_w{b:02d}": shares[:, b] for b in range(TITLE_BUCKETS)}
    frame = minutes.with_columns(
        **{name: pl.Series(name, values) for name, values in cols.items()}, title_hash=hashes
    )
    frame = frame.filter(pl.col("minute_us") >= day_start_us)
    return _finish(frame, zone)


def hash_title(title: str, salt: bytes) -> str:
    """Salted so that a leaked feature file cannot be matched against guessed titles."""
    return hashlib.sha256(salt + title.encode("utf-8")).hexdigest()[:16]


def _hash_titles(titles: pl.Series, salt: bytes) -> pl.Series:
    hashes = {t: hash_title(t, salt) for t in titles.unique().to_list()}
    return titles.replace_strict(hashes, return_dtype=pl.Utf8)


def _window_minutes(win: pl.DataFrame, grid: Grid) -> dict[str, pl.DataFrame]:
    idx, minute, overlap = explode_minutes(win["start_us"].to_numpy(), win["end_us"].to_numpy())
    pairs = pl.DataFrame(
        {
            "minute_us": minute,
            "app_id": win["app_id"].to_numpy()[idx],
            "title": win["title"].to_numpy()[idx],
            "us": overlap,  # integer µs: sums are exact, so equal times are true ties
        }
    )
    by_app = pairs.group_by("minute_us", "app_id").agg(pl.col("us").sum())
    dominant = (
        by_app.sort(["minute_us", "us", "app_id"], descending=[False, True, False])
        .group_by("minute_us", maintain_order=True)
        .agg(
            pl.col("app_id").first(),
            (pl.col("us").first() / pl.col("us").sum()).alias("app_share"),
            (pl.col("us").sum() / 1e6).alias("active_seconds"),
            pl.len().alias("n_apps"),
        )
    )
    by_title = pairs.group_by("minute_us", "title").agg(pl.col("us").sum())
    titles = (
        by_title.sort(["minute_us", "us", "title"], descending=[False, True, False])
        .group_by("minute_us", maintain_order=True)
        .agg(pl.col("title").first())
    )
    frame = dominant.join(titles, on="minute_us").sort("minute_us")
    return {"frame": frame, "pairs": by_app, "titles": by_title}


def _title_shares(
    by_title: pl.DataFrame,
    web: pl.DataFrame | None,
    grid: Grid,
    g: np.ndarray,
    salt: bytes,
    bounds: tuple[int, int],
) -> np.ndarray:
    """Title-word bucket shares per row from window titles plus browser-tab titles."""
    pairs = by_title.select("minute_us", "title", "us")
    if web is not None and web.height:
        tabs = web.filter((pl.col("end_us") > bounds[0]) & (pl.col("start_us") < bounds[1]))
        tabs = tabs.with_columns(
            pl.col("start_us").clip(*bounds), pl.col("end_us").clip(*bounds)
        ).filter(pl.col("end_us") > pl.col("start_us"))
        idx, minute, overlap = explode_minutes(
            tabs["start_us"].to_numpy(), tabs["end_us"].to_numpy()
        )
        tab_pairs = pl.DataFrame(
            {"minute_us": minute, "title": tabs["title"].to_numpy()[idx], "us": overlap},
            schema=pairs.schema,
        )
        pairs = pl.concat([pairs, tab_pairs])
    row_of_cell = np.full(grid.size, -1, dtype=np.int64)
    row_of_cell[g] = np.arange(len(g))
    cells = grid.index(pairs["minute_us"].to_numpy())
    inside = (cells >= 0) & (cells < grid.size)
    rows = np.where(inside, row_of_cell[np.clip(cells, 0, grid.size - 1)], -1)
    return titles.bucket_shares(pairs, rows, len(g), salt)


def _window_sums(values: np.ndarray, grid: Grid, g: np.ndarray, k: int) -> np.ndarray:
    """Sum of per-cell ``values`` over the ``k`` minutes ending at each ``g``."""
    csum = np.concatenate([[0.0], np.cumsum(values)])
    return csum[g + 1] - csum[np.maximum(g + 1 - k, 0)]


def _switch_columns(win: pl.DataFrame, grid: Grid, g: np.ndarray) -> dict[str, np.ndarray]:
    app = win["app_id"].to_numpy()
    title = win["title"].to_numpy()
    cell = grid.index(win["start_us"].to_numpy())
    switch = np.zeros(len(app), dtype=bool)
    switch[1:] = app[1:] != app[:-1]
    changed = switch.copy()
    changed[1:] |= title[1:] != title[:-1]
    per_cell = np.bincount(cell, weights=switch, minlength=grid.size)
    out = {
        "n_switches": per_cell[g],
        "n_switches_5m": _window_sums(per_cell, grid, g, 5),
        "n_switches_15m": _window_sums(per_cell, grid, g, 15),
        "title_changes": np.bincount(cell, weights=changed, minlength=grid.size)[g],
    }
    return out


def _rolling_apps(pairs: pl.DataFrame, grid: Grid, g: np.ndarray) -> dict[str, np.ndarray]:
    cells = grid.index(pairs["minute_us"].to_numpy())
    codes = pairs["app_id"].cast(pl.Categorical).to_physical().to_numpy().astype(np.int64)
    n_codes = int(codes.max()) + 1
    out = {}
    for k in (5, 15):
        spread = (cells[:, None] + np.arange(k)[None, :]).ravel()
        keys = np.unique(spread * n_codes + np.repeat(codes, k))
        counts = np.bincount(keys // n_codes, minlength=grid.size + k)
        out[f"n_apps_{k}m"] = counts[g]
    return out


def _explode_into_grid(
    frame: pl.DataFrame, lo_us: int, hi_us: int, grid: Grid
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, pl.DataFrame]:
    """(event index, grid cell, overlap µs, whole event length µs, clipped events).

    The length is taken before clipping, so an event across the range's edge shares its
    counts with the next day's file instead of being counted whole in both.
    """
    inside = frame.filter((pl.col("end_us") >= lo_us) & (pl.col("start_us") < hi_us))
    length = np.maximum((inside["end_us"] - inside["start_us"]).to_numpy(), 1)
    clipped = inside.with_columns(
        pl.col("start_us").clip(lo_us, hi_us - 1), pl.col("end_us").clip(lo_us, hi_us)
    )
    start = clipped["start_us"].to_numpy()
    end = np.maximum(clipped["end_us"].to_numpy(), start + 1)  # instant events count too
    idx, minute, overlap = explode_minutes(start, end)
    return idx, grid.index(minute), overlap, length[idx], clipped


def _input_columns(
    inp: pl.DataFrame | None, grid: Grid, g: np.ndarray, lo_us: int, hi_us: int
) -> dict[str, np.ndarray]:
    names = ("keys", "clicks", "scroll", "mouse_px")
    if inp is None:
        rolled = ("keys_5m", "keys_15m", "clicks_15m", "scroll_15m")
        return {name: np.full(len(g), np.nan) for name in names + rolled}
    idx, cell, overlap, length, clipped = _explode_into_grid(inp, lo_us, hi_us, grid)
    share = overlap / length  # long input events are spread over their minutes
    raw = {
        "keys": clipped["presses"].to_numpy(),
        "clicks": clipped["clicks"].to_numpy(),
        "scroll": np.abs(clipped["scrollX"].to_numpy()) + np.abs(clipped["scrollY"].to_numpy()),
        "mouse_px": np.hypot(clipped["deltaX"].to_numpy(), clipped["deltaY"].to_numpy()),
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
    away = afk.filter(pl.col("afk") & (pl.col("end_us") > pl.col("start_us")))
    _idx, cell, overlap, _length, _clipped = _explode_into_grid(away, lo_us, hi_us, grid)
    per_cell = np.minimum(np.bincount(cell, weights=overlap, minlength=grid.size) / MINUTE_US, 1)
    return {
        "afk_share": per_cell[g],
        "afk_share_15m": context.per_minute_rates(per_cell, g, 15),
    }


def _session_minutes(g: np.ndarray, afk_share: np.ndarray) -> np.ndarray:
    """Minutes since the current run of non-idle minutes began (idle minutes read 0)."""
    busy = ~(afk_share >= IDLE_AFK_SHARE)  # NaN (no AFK bucket) counts as busy
    cells = g[busy]
    out = np.zeros(len(g))
    if len(cells) == 0:
        return out
    new = np.ones(len(cells), dtype=bool)
    new[1:] = np.diff(cells) > SESSION_GAP_MIN
    starts = np.maximum.accumulate(np.where(new, cells, -1))
    out[busy] = cells - starts
    return out


def _finish(frame: pl.DataFrame, zone: str) -> pl.DataFrame:
    stamp = pl.from_epoch(pl.col("minute_us"), time_unit="us").dt.replace_time_zone("UTC")
    local = stamp.dt.convert_time_zone(zone)
    frame = frame.with_columns(
        stamp.alias("bucket_start_ts"),
        local.dt.hour().alias("hour_local"),
        (local.dt.weekday() - 1).alias("weekday_local"),
        pl.col("app_id")
        .replace_strict(
            {a: app_category(a) for a in frame["app_id"].unique()}, return_dtype=pl.Utf8
        )
        .alias("app_category"),
        *[pl.col(c).fill_nan(None) for c in NULLABLE],
    )
    table = frame.select(ARROW_SCHEMA.names).to_arrow().cast(ARROW_SCHEMA)
    return pl.DataFrame(pl.from_arrow(table))


def empty_rows() -> pl.DataFrame:
    return pl.DataFrame(pl.from_arrow(ARROW_SCHEMA.empty_table()))


def to_arrow(rows: pl.DataFrame) -> pa.Table:
    """The exact declared arrow types (polars would write large_string etc.)."""
    return rows.to_arrow().cast(ARROW_SCHEMA)
