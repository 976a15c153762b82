"""data-check: make a date range ready for training and say how ready it is.

Missing or stale days are built from ActivityWatch first, in a small thread pool (callers run
this whole function off the event loop). ActivityWatch being down is a normal answer, not a
crash: each day that could not be built becomes a ``"YYYY-MM-DD: reason"`` entry, and once the
server is known to be unreachable the remaining days are reported without waiting on it again.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any, Protocol

import numpy as np
import polars as pl

from taskclf.core.errors import AwUnavailable, TaskclfError
from taskclf.core.requests import DateRange
from taskclf.core.settings import Settings
from taskclf.core.timeutil import get_zone, iter_dates, range_bounds, utcnow
from taskclf.features import store as feature_store
from taskclf.labels.projection import project_labels

BUILD_WORKERS = 2  # aw-server answers one query at a time well; more threads only queue


class SpanSource(Protocol):
    def span_arrays(self, start: Any, end: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...


def data_check(
    request: DateRange, settings: Settings, labels: SpanSource, client: Any = None
) -> dict[str, Any]:
    """The spec's data-check payload plus ``dropped_rows`` (why rows are not trainable)."""
    days = list(iter_dates(request.date_from, request.date_to))
    built, errors = build_missing(days, settings, client)
    present = [d for d in days if feature_store.file_status(settings, d) != "missing"]
    present_set = set(present)
    minutes = _minute_starts_us(settings, request)
    zone = get_zone(settings.timezone)
    starts, ends, names = labels.span_arrays(
        *range_bounds(request.date_from, request.date_to, zone)
    )
    projection = project_labels(minutes, starts, ends, names)
    keep = projection.keep
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
    }


def days_to_build(days: list[date], settings: Settings) -> list[date]:
    """Missing or stale days that have started (a future day cannot have events yet)."""
    today = utcnow().astimezone(get_zone(settings.timezone)).date()
    return [d for d in days if d <= today and feature_store.file_status(settings, d) != "fresh"]


def build_missing(
    days: list[date], settings: Settings, client: Any = None
) -> tuple[list[date], list[str]]:
    """Build what needs building; return (days built, ``"YYYY-MM-DD: reason"`` errors)."""
    todo = days_to_build(days, settings)
    if not todo:
        return [], []
    aw_down = threading.Event()
    down_reason: list[str] = []

    def build_one(day: date) -> str | None:
        if aw_down.is_set():
            return down_reason[0]
        try:
            feature_store.build_features_for_date(day, settings, client)
        except AwUnavailable as exc:
            down_reason.append(exc.message)
            aw_down.set()
            return exc.message
        except TaskclfError as exc:
            return exc.message
        return None

    with ThreadPoolExecutor(max_workers=min(BUILD_WORKERS, len(todo))) as pool:
        outcomes = list(pool.map(build_one, todo))
    built = [d for d, err in zip(todo, outcomes, strict=True) if err is None]
    errors = [f"{d.isoformat()}: {err}" for d, err in zip(todo, outcomes, strict=True) if err]
    return built, errors


def _minute_starts_us(settings: Settings, request: DateRange) -> np.ndarray:
    frame = feature_store.read_features(
        settings, request.date_from, request.date_to, columns=["bucket_start_ts"]
    )
    if frame.height == 0:
        return np.empty(0, dtype=np.int64)
    column = frame.get_column("bucket_start_ts").dt.epoch("us")
    return column.cast(pl.Int64).to_numpy()
