"""Per-day parquet feature files (CONTRACT STUB — to be implemented)."""

from __future__ import annotations

from datetime import date
from typing import Literal

import polars as pl

from taskclf.core.settings import Settings

FileStatus = Literal["missing", "stale", "fresh"]


def feature_path(settings: Settings, day: date):  # -> Path
    """``<data_dir>/features_v1/date=YYYY-MM-DD/features.parquet``."""
    return settings.features_dir / f"date={day.isoformat()}" / "features.parquet"


def file_status(settings: Settings, day: date) -> FileStatus:
    """missing; stale (written before that local day ended); or fresh."""
    raise NotImplementedError


def build_features_for_date(day: date, settings: Settings, client=None) -> int:
    """Fetch the day's events from AW, build rows, write the file atomically; return row count.

    Raises an ``AwError`` subclass (and writes nothing) when ActivityWatch fails.
    """
    raise NotImplementedError


def read_features(
    settings: Settings, date_from: date, date_to: date, columns: list[str] | None = None
) -> pl.DataFrame:
    """All rows of the range's existing files in one frame, in schema order and dtypes,
    sorted by ``bucket_start_ts``; an empty frame with the schema when there are none."""
    raise NotImplementedError
