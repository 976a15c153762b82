"""data-check: make a date range ready for training and say how ready it is.

Missing or stale days are built from ActivityWatch first, by ``build_days`` (the same rules as
the feature-build job; callers run this whole function off the event loop). ActivityWatch
being down is a normal answer, not a crash: each day that could not be built becomes a
``"YYYY-MM-DD: reason"`` entry.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Protocol

import numpy as np
import polars as pl

from taskclf.core.errors import StorageError
from taskclf.core.requests import DateRange
from taskclf.core.settings import Settings
from taskclf.core.timeutil import get_zone, iter_dates, local_today, range_bounds
from taskclf.features import store as feature_store
from taskclf.jobs.build_days import build_days
from taskclf.jobs.worker import WorkerDied, run_in_child
from taskclf.labels.projection import project_labels

INLINE_MAX_DAYS = 2


class SpanSource(Protocol):
    def span_arrays(self, start: Any, end: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...


def data_check(request: DateRange, settings: Settings, labels: SpanSource) -> dict[str, Any]:
    """The spec's data-check payload plus ``dropped_rows`` (why rows are not trainable)."""
    days = list(iter_dates(request.date_from, request.date_to))
    built, errors = build_missing(days, settings)
    minutes, unreadable = _minute_starts_us(settings, days)
    on_disk = feature_store.dates_with_features(settings, request.date_from, request.date_to)
    present = [d for d in on_disk if d.isoformat() not in unreadable]
    present_set = set(present)
    explained = {error[:10] for error in errors}
    errors = sorted(errors + [f"{d}: {why}" for d, why in unreadable.items() if d not in explained])
    zone = get_zone(settings.timezone)
    starts, ends, names = labels.span_arrays(
        *range_bounds(request.date_from, request.date_to, zone)
    )
    projection = project_labels(minutes, starts, ends, names)
    keep = projection.keep
    rows_per_day = _rows_per_day(minutes, zone)
    return {
        "date_from": request.date_from.isoformat(),
        "date_to": request.date_to.isoformat(),
        "dates_with_features": [d.isoformat() for d in present],
        "dates_missing_features": [d.isoformat() for d in days if d not in present_set],
        "total_feature_rows": int(minutes.size),
        "label_span_count": len(starts),
        "trainable_rows": int(keep.sum()),
        "trainable_labels": sorted({str(x) for x in projection.labels[keep]}),
        "dates_built": [d.isoformat() for d in built],
        "build_errors": errors,
        "dropped_rows": {
            "partial": int(projection.n_partial),
            "conflicting": int(projection.n_conflicting),
            "unlabelled": int(projection.n_unlabelled),
        },
        "days": day_statuses(days, present_set, set(built), errors, rows_per_day),
    }


DayStatus = Literal["built", "existing", "missing", "empty", "error"]


def day_statuses(
    days: list[date],
    present: set[date],
    built: set[date],
    errors: list[str],
    rows: dict[date, int],
) -> list[dict[str, Any]]:
    """One entry per day for the dashboard's strip: what the day's data is like now.

    ``empty`` (a file with no rows, e.g. ActivityWatch recorded nothing) wins over the error
    that says so; a day whose rebuild failed reads ``error`` even when an older file remains.
    """
    failed = {error[:10] for error in errors}
    out = []
    for day in days:
        count = rows.get(day, 0)
        status: DayStatus
        if day in present and count == 0:
            status = "empty"
        elif day.isoformat() in failed:
            status = "error"
        elif day not in present:
            status = "missing"
        else:
            status = "built" if day in built else "existing"
        out.append({"date": day.isoformat(), "status": status, "rows": count})
    return out


def _rows_per_day(minutes_us: np.ndarray, zone: Any) -> dict[date, int]:
    """Rows per local day, from the minute starts already read (no second read)."""
    if minutes_us.size == 0:
        return {}
    local = pl.Series(minutes_us).cast(pl.Datetime("us", "UTC")).dt.convert_time_zone(zone.key)
    counts = local.dt.date().value_counts()
    return dict(zip(counts[:, 0].to_list(), counts[:, 1].to_list(), strict=True))


def days_to_build(days: list[date], settings: Settings) -> list[date]:
    """Missing or stale days that have started (a future day cannot have events yet)."""
    today = local_today(settings.timezone)
    return [d for d in days if d <= today and feature_store.file_status(settings, d) != "fresh"]


def build_missing(days: list[date], settings: Settings) -> tuple[list[date], list[str]]:
    """Build the missing or stale days that have started; (days built, ``"YYYY-MM-DD:
    reason"`` errors).

    One or two days build here (a child process costs about a second to start); more build
    in a child process, because building holds the GIL long enough to stall the server's
    other requests, and the child dies with the server whatever happens to it.
    """
    todo = days_to_build(days, settings)
    if not todo:
        return [], []
    if len(todo) <= INLINE_MAX_DAYS:
        outcome = build_days(todo, settings)
    else:
        try:
            outcome = run_in_child(build_days, todo, settings)
        except WorkerDied as exc:  # reported per day like any build error, never a 500
            return [], [f"{day.isoformat()}: {exc.message}" for day in todo]
    return outcome.dates_built, outcome.errors


def _minute_starts_us(settings: Settings, days: list[date]) -> tuple[np.ndarray, dict[str, str]]:
    """Minute starts of the range's readable files, and ``{"YYYY-MM-DD": reason}`` for files
    too damaged to read (they could not be rebuilt: ActivityWatch down, or a future day)."""
    try:
        return _read_minutes(settings, days[0], days[-1]), {}
    except StorageError:
        pass
    parts, unreadable = [], {}
    for day in days:  # slow path: find the damaged files, keep the rest
        try:
            parts.append(_read_minutes(settings, day, day))
        except StorageError as exc:
            unreadable[day.isoformat()] = exc.message
    return np.concatenate([np.empty(0, dtype=np.int64), *parts]), unreadable


def _read_minutes(settings: Settings, date_from: date, date_to: date) -> np.ndarray:
    frame = feature_store.read_features(settings, date_from, date_to, columns=["bucket_start_ts"])
    if frame.height == 0:
        return np.empty(0, dtype=np.int64)
    column = frame.get_column("bucket_start_ts").dt.epoch("us")
    return column.cast(pl.Int64).to_numpy()
