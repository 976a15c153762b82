"""Believable labelled feature rows for a date range, made in memory (no ActivityWatch, no disk).

Each local working day is a sequence of task blocks (15-90 minutes); every task has its own
mix of apps and of typing/switching behaviour, with enough overlap that a model has to learn
rather than look up. Seeded by the range, so the same request gives the same rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np
import polars as pl

from taskclf.core.schema import ARROW_SCHEMA, COLUMN_NAMES, CONTEXT_CATEGORIES, TITLE_BUCKETS
from taskclf.core.timeutil import MINUTE_US, get_zone, iter_dates

APP_CATEGORY = {
    "code": "editor",
    "pycharm": "editor",
    "terminal": "terminal",
    "firefox": "browser",
    "chrome": "browser",
    "slack": "chat",
    "thunderbird": "email",
    "zoom": "meeting",
    "libreoffice-writer": "docs",
    "obsidian": "docs",
    "figma": "design",
    "vlc": "media",
}


@dataclass(frozen=True)
class TaskProfile:
    apps: dict[str, float]  # dominant-app mix
    switch_rate: float  # app switches per minute
    keys: float  # key presses per minute
    clicks: float
    title_rate: float
    afk: float  # mean AFK share


PROFILES: dict[str, TaskProfile] = {
    "Build": TaskProfile({"code": 0.6, "terminal": 0.3, "firefox": 0.1}, 1.0, 140, 6, 1.5, 0.02),
    "Debug": TaskProfile({"terminal": 0.5, "code": 0.35, "chrome": 0.15}, 2.5, 70, 10, 3.0, 0.03),
    "Review": TaskProfile({"firefox": 0.55, "code": 0.35, "slack": 0.1}, 1.2, 25, 18, 2.0, 0.03),
    "Write": TaskProfile(
        {"libreoffice-writer": 0.55, "obsidian": 0.35, "firefox": 0.1}, 0.4, 180, 3, 0.4, 0.02
    ),
    "ReadResearch": TaskProfile(
        {"firefox": 0.6, "chrome": 0.3, "obsidian": 0.1}, 0.8, 8, 12, 2.5, 0.05
    ),
    "Communicate": TaskProfile(
        {"slack": 0.55, "thunderbird": 0.4, "firefox": 0.05}, 2.0, 90, 14, 3.5, 0.03
    ),
    "Meet": TaskProfile({"zoom": 0.85, "slack": 0.1, "firefox": 0.05}, 0.2, 4, 2, 0.1, 0.1),
    "BreakIdle": TaskProfile({"vlc": 0.4, "firefox": 0.3, "slack": 0.3}, 0.3, 2, 1, 0.3, 0.8),
}
LABELS = tuple(PROFILES)
NOISE = 0.15  # share of minutes whose behaviour is drawn from a random task
TITLE_POOL = np.array(
    [hashlib.blake2b(f"title-{i}".encode(), digest_size=8).hexdigest() for i in range(64)],
    dtype=object,
)


@dataclass(frozen=True)
class SyntheticData:
    frame: pl.DataFrame  # current schema's columns and dtypes, sorted by bucket_start_ts
    labels: np.ndarray  # object array, the true label of each row
    span_starts_us: np.ndarray  # the task blocks as label spans (int64 µs, UTC)
    span_ends_us: np.ndarray
    span_labels: np.ndarray


def range_seed(date_from: date, date_to: date, salt: int = 0) -> int:
    text = f"{date_from.isoformat()}:{date_to.isoformat()}:{salt}".encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def generate(
    date_from: date,
    date_to: date,
    timezone: str = "UTC",
    *,
    seed: int | None = None,
    day_start_hour: int = 9,
    day_minutes: int = 480,
) -> SyntheticData:
    """Working days of ``day_minutes`` minutes from ``day_start_hour`` local, every day."""
    rng = np.random.default_rng(range_seed(date_from, date_to) if seed is None else seed)
    zone = get_zone(timezone)
    parts = [
        _day(rng, day, zone, day_start_hour, day_minutes) for day in iter_dates(date_from, date_to)
    ]
    starts = np.concatenate([p[0] for p in parts])
    labels = np.concatenate([p[1] for p in parts]).astype(object)
    frame = _features(rng, starts, labels, timezone)
    span_starts, span_ends, span_labels = _spans(starts, labels)
    return SyntheticData(frame, labels, span_starts, span_ends, span_labels)


def _day(
    rng: np.random.Generator, day: date, zone: object, start_hour: int, minutes: int
) -> tuple[np.ndarray, np.ndarray]:
    local = datetime.combine(day, time(hour=start_hour), tzinfo=zone)  # type: ignore[arg-type]
    first_us = int(local.timestamp()) * 1_000_000
    lengths: list[int] = []
    while sum(lengths) < minutes:
        lengths.append(int(rng.integers(15, 91)))
    lengths[-1] -= sum(lengths) - minutes
    tasks = rng.choice(len(LABELS), size=len(lengths), p=_task_mix())
    labels = np.repeat(np.asarray(LABELS, dtype=object)[tasks], lengths)
    return first_us + np.arange(minutes, dtype=np.int64) * MINUTE_US, labels


def _task_mix() -> np.ndarray:
    weights = np.array([0.22, 0.14, 0.1, 0.12, 0.12, 0.12, 0.1, 0.08])
    return weights / weights.sum()


def _spans(starts: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of equal label over contiguous minutes become one span each."""
    new_run = np.ones(starts.shape[0], dtype=bool)
    new_run[1:] = (labels[1:] != labels[:-1]) | (np.diff(starts) != MINUTE_US)
    first = np.flatnonzero(new_run)
    last = np.append(first[1:], starts.shape[0]) - 1
    return starts[first], starts[last] + MINUTE_US, labels[first]


def _features(
    rng: np.random.Generator, starts: np.ndarray, labels: np.ndarray, tz: str
) -> pl.DataFrame:
    n = starts.shape[0]
    present, inverse = np.unique(labels.astype(str), return_inverse=True)
    codes = np.array([LABELS.index(name) for name in present])[inverse]
    # Real minutes are messy: some look like a different task than the one being done.
    codes = np.where(rng.random(n) < NOISE, rng.integers(0, len(LABELS), n), codes)
    profiles = [PROFILES[name] for name in LABELS]
    app = _apps(rng, codes, profiles)
    rate = lambda attr: np.array([getattr(p, attr) for p in profiles])[codes]  # noqa: E731
    switches = rng.poisson(rate("switch_rate")).astype(np.int16)
    afk = np.clip(rng.normal(rate("afk"), 0.08), 0, 1).astype(np.float32)
    has_input = np.repeat(rng.random(n // 480 + 1) > 0.1, 480)[:n]
    day_first = np.r_[True, np.diff(starts) != MINUTE_US]
    session = _session_minutes(day_first | (labels == "BreakIdle"))
    frame = pl.DataFrame(
        {
            "bucket_start_ts": starts,
            "app_id": app,
            "app_share": np.clip(rng.beta(6, 1.5, n) * (1 - afk), 0.05, 1).astype(np.float32),
            "active_seconds": np.round(60 * (1 - afk) * rng.uniform(0.85, 1.0, n)).astype(
                np.float32
            ),
            "n_apps": (1 + np.minimum(switches, rng.poisson(0.6, n) + (switches > 0))).astype(
                np.int16
            ),
            "n_switches": switches,
            "title_changes": rng.poisson(rate("title_rate")).astype(np.int16),
            "keys": _maybe(rng.poisson(rate("keys")), has_input),
            "clicks": _maybe(rng.poisson(rate("clicks")), has_input),
            "scroll": _maybe(rng.poisson(rate("clicks") * 3), has_input),
            "mouse_px": _maybe(rng.gamma(2.0, 400.0 + 40 * rate("clicks")), has_input),
            "afk_share": afk,
            "session_minutes": session.astype(np.float32),
        }
    )
    return _finish(frame, rng, tz)


def _apps(rng: np.random.Generator, codes: np.ndarray, profiles: list[TaskProfile]) -> np.ndarray:
    names = np.asarray(list(APP_CATEGORY), dtype=object)
    index = {name: i for i, name in enumerate(names)}
    probs = np.full((len(profiles), len(names)), 0.15 / len(names))
    for row, profile in enumerate(profiles):
        for name, share in profile.apps.items():
            probs[row, index[name]] += 0.85 * share
    cumulative = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    draws = rng.random((codes.shape[0], 1))
    picks = np.minimum((draws > cumulative[codes]).sum(axis=1), len(names) - 1)
    return names[picks]


def _maybe(values: np.ndarray, present: np.ndarray) -> np.ndarray:
    return np.where(present, values.astype(np.float32), np.float32(np.nan))


def _session_minutes(resets: np.ndarray) -> np.ndarray:
    idx = np.arange(resets.shape[0])
    last_reset = np.maximum.accumulate(np.where(resets, idx, 0))
    return idx - last_reset


def _finish(frame: pl.DataFrame, rng: np.random.Generator, tz: str) -> pl.DataFrame:
    """Window features, local time, categories and title hashes; then the schema's dtypes."""
    local = pl.col("bucket_start_ts").dt.convert_time_zone(tz)
    title_ids = rng.integers(0, TITLE_POOL.shape[0], frame.height)
    frame = frame.with_columns(
        pl.from_epoch(pl.col("bucket_start_ts"), time_unit="us").dt.replace_time_zone("UTC"),
        pl.Series("title_hash", TITLE_POOL[title_ids]),
    )
    rolled = [
        pl.col("n_switches")
        .cast(pl.Int32)
        .rolling_sum(w, min_samples=1)
        .cast(pl.Int16)
        .alias(f"n_switches_{w}m")
        for w in (5, 15)
    ] + [
        pl.col("n_apps")
        .cast(pl.Int32)
        .rolling_max(w, min_samples=1)
        .add(w // 5)
        .cast(pl.Int16)
        .alias(f"n_apps_{w}m")
        for w in (5, 15)
    ]
    frame = frame.with_columns(
        *rolled,
        pl.col("app_id").replace_strict(APP_CATEGORY, default="other").alias("app_category"),
        local.dt.hour().cast(pl.Int8).alias("hour_local"),
        (local.dt.weekday() - 1).cast(pl.Int8).alias("weekday_local"),
        pl.col("keys").fill_nan(None),
        pl.col("clicks").fill_nan(None),
        pl.col("scroll").fill_nan(None),
        pl.col("mouse_px").fill_nan(None),
    )
    frame = _context(frame, rng)
    return pl.from_arrow(frame.select(COLUMN_NAMES).to_arrow().cast(ARROW_SCHEMA))  # type: ignore[return-value]


def _context(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """The features_v2 columns: rolling means of the minute columns, and title-word buckets
    drawn per task (each task favours a few buckets, as its titles share words)."""
    cats = {c: ("chat", "email") if c == "comm" else (c,) for c in CONTEXT_CATEGORIES}
    rolled = [
        pl.col(src).cast(pl.Float32).rolling_mean(k, min_samples=1).alias(name)
        for name, src, k in (("app_share_5m", "app_share", 5), ("app_share_15m", "app_share", 15),
                             ("keys_5m", "keys", 5), ("keys_15m", "keys", 15),
                             ("clicks_15m", "clicks", 15), ("scroll_15m", "scroll", 15),
                             ("afk_share_15m", "afk_share", 15))
    ] + [
        pl.col("app_category").is_in(list(members)).cast(pl.Float32)
        .rolling_mean(k, min_samples=1).alias(f"cat_{cat}_{k}m")
        for cat, members in cats.items() for k in (5, 15)
    ]  # fmt: skip
    runs = (pl.col("app_id") != pl.col("app_id").shift(1)).fill_null(True).cum_sum()
    frame = frame.with_columns(
        *rolled,
        pl.int_range(pl.len()).cum_count().over(runs).cast(pl.Float32).alias("app_run_minutes"),
        pl.Series("title_run_minutes", rng.geometric(0.3, frame.height).astype(np.float32)),
    )
    return frame.with_columns(
        pl.Series(f"title_w{b:02d}", column) for b, column in enumerate(_buckets(rng, frame).T)
    )


def _buckets(rng: np.random.Generator, frame: pl.DataFrame) -> np.ndarray:
    n = frame.height
    favoured = rng.random((len(LABELS), TITLE_BUCKETS)) < 4 / TITLE_BUCKETS
    task = rng.integers(0, len(LABELS), n)  # title noise is independent of the label here
    on = favoured[task] & (rng.random((n, TITLE_BUCKETS)) < 0.6)
    on |= rng.random((n, TITLE_BUCKETS)) < 2 / TITLE_BUCKETS
    return np.where(on, rng.uniform(0.3, 1.0, (n, TITLE_BUCKETS)), 0.0).astype(np.float32)
