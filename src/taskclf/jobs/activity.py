"""What ActivityWatch recorded on one local day, minute by minute, for the Labels timeline.

Read from the stored feature rows (the dominant app and its category; never a title). A day
that has started but has no file, or a stale one (today's grows every minute), is built first
by ``build_days``, at most once a minute per day; ActivityWatch being down is part of the
answer (``error``), with whatever rows an older file holds.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import polars as pl

from taskclf.core.settings import Settings
from taskclf.features import store as feature_store
from taskclf.jobs.build_days import build_days
from taskclf.jobs.datacheck import days_to_build

COLUMNS = ["bucket_start_ts", "app_id", "app_category", "active_seconds"]
REBUILD_AFTER_S = 60.0  # today's file is rebuilt at most this often


def day_activity(settings: Settings, day: date) -> dict[str, Any]:
    """``{date, timezone, minutes: [{minute, app, category, active_seconds}]}`` plus
    ``error`` when the day could not be built."""
    error = _refresh(settings, day)
    frame = feature_store.read_features(settings, day, day, columns=COLUMNS)
    minutes = frame.select(
        minute=pl.col("bucket_start_ts").dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        app=pl.col("app_id").fill_null(""),
        category=pl.col("app_category").fill_null(""),
        active_seconds=pl.col("active_seconds").cast(pl.Float64).round(2).fill_null(0.0),
    )
    out: dict[str, Any] = {
        "date": day.isoformat(),
        "timezone": settings.timezone,
        "minutes": minutes.to_dicts(),
    }
    if error is not None:
        out["error"] = error
    return out


def _refresh(settings: Settings, day: date) -> str | None:
    """Build the day when it is missing or stale and was not built in the last minute; the
    reason it could not be, if it could not."""
    if not days_to_build([day], settings) or _recent(settings, day):
        return None
    outcome = build_days([day], settings)
    if outcome.dates_built:
        return None
    return outcome.errors[0].split(": ", 1)[-1] if outcome.errors else None


def _recent(settings: Settings, day: date) -> bool:
    try:
        written = feature_store.feature_path(settings, day).stat().st_mtime
    except OSError:
        return False
    return time.time() - written < REBUILD_AFTER_S
