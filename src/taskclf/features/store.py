"""Per-day parquet feature files: the only feature code that touches disk (it never talks to
ActivityWatch; ``jobs.build_days`` fetches, builds and hands rows here to write).

A file records when it was built, the schema hash and the time zone that defined its day;
one built before its local day ended (or under another schema or zone) is stale, so today's
partial file is never taken as complete.

Schemas live side by side: ``<data_dir>/features_v2/date=…/features.parquet`` is what builds
write now; files an older taskclf wrote stay in ``features_v1/`` untouched. A date with only a
v1 file is stale (data-check rebuilds it as v2). Reads take each date's v2 file, or its v1
file when every requested column is a v1 column, so a v1 bundle replays on old data as well
as on rebuilt data (v2 keeps the v1 columns' exact definitions).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from taskclf.core.atomic import atomic_write, fsync_dir
from taskclf.core.errors import InvalidInput, StorageError
from taskclf.core.schema import COLUMN_NAMES, SCHEMA_HASH, SCHEMA_VERSION, V1, V1_NAMES
from taskclf.core.settings import Settings
from taskclf.core.timeutil import day_bounds, get_zone, iter_dates
from taskclf.features.frame import empty_rows, to_arrow

FileStatus = Literal["missing", "stale", "fresh"]

META_SCHEMA_HASH = b"taskclf.schema_hash"
META_BUILT_AT = b"taskclf.built_at"
META_DATE = b"taskclf.date"
META_TIMEZONE = b"taskclf.timezone"


def feature_path(settings: Settings, day: date, version: str = SCHEMA_VERSION) -> Path:
    """``<data_dir>/<version>/date=YYYY-MM-DD/features.parquet`` (current version: v2)."""
    return settings.data_dir / version / f"date={day.isoformat()}" / "features.parquet"


def _readable_path(settings: Settings, day: date, columns: list[str]) -> Path | None:
    """The day's file that holds ``columns``: v2, else v1 for v1-only columns, else None."""
    path = feature_path(settings, day)
    if path.exists():
        return path
    old = feature_path(settings, day, V1)
    if set(columns) <= set(V1_NAMES) and old.exists():
        return old
    return None


def file_status(settings: Settings, day: date) -> FileStatus:
    """missing; stale (written before that local day ended, or under another schema or time
    zone, whose day covers other minutes); or fresh. Files that predate the zone record are
    judged by the other rules."""
    path = feature_path(settings, day)
    if not path.exists():
        return "stale" if feature_path(settings, day, V1).exists() else "missing"
    try:
        meta = pq.read_schema(path).metadata or {}
        built_at = datetime.fromisoformat(meta[META_BUILT_AT].decode())
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return "stale"
    if meta.get(META_SCHEMA_HASH, b"").decode() != SCHEMA_HASH:
        return "stale"
    if meta.get(META_TIMEZONE, settings.timezone.encode()).decode() != settings.timezone:
        return "stale"
    day_end = day_bounds(day, get_zone(settings.timezone))[1]
    return "fresh" if built_at >= day_end else "stale"


def write_features(
    path: Path, rows: pl.DataFrame, day: date, built_at: datetime, zone: str | None = None
) -> None:
    """``built_at`` is when the events were fetched: anything recorded later is not inside.
    ``zone`` is the time zone whose calendar ``day`` the rows cover."""
    meta = {
        META_SCHEMA_HASH: SCHEMA_HASH.encode(),
        META_BUILT_AT: built_at.isoformat().encode(),
        META_DATE: day.isoformat().encode(),
    }
    if zone is not None:
        meta[META_TIMEZONE] = zone.encode()
    table = to_arrow(rows).replace_schema_metadata(meta)
    try:
        atomic_write(path, lambda handle: pq.write_table(table, handle, compression="zstd"))
    except OSError as exc:
        raise StorageError(f"cannot write feature file {path}: {exc}") from None


def read_features(
    settings: Settings, date_from: date, date_to: date, columns: list[str] | None = None
) -> pl.DataFrame:
    """All rows of the range's existing files in one frame, in schema order and dtypes,
    sorted by ``bucket_start_ts``; an empty frame with the schema when there are none."""
    wanted = list(COLUMN_NAMES) if columns is None else _check_columns(columns)
    paths = _existing(settings, date_from, date_to, wanted)
    if not paths:
        return empty_rows().select(wanted)
    try:  # one multi-threaded read: ~6x faster than file by file over a year of days
        frame = pl.read_parquet(paths, columns=wanted)
    except (OSError, pl.exceptions.PolarsError):  # find and name the broken file
        frame = pl.concat([_read_one(path, wanted) for path in paths], how="vertical")
    if "bucket_start_ts" in wanted:
        frame = frame.sort("bucket_start_ts")
    return frame


def read_each_day(settings: Settings, days: list[date], columns: list[str]) -> list[pl.DataFrame]:
    """Each date's rows, sorted by time (an empty frame for a date without a file), from one
    multi-file read: a month read file by file cost twice as long."""
    wanted = _check_columns(columns)
    paths = [_readable_path(settings, day, wanted) for day in days]
    present = [path for path in paths if path is not None]
    parts = _read_by_file(present, wanted) if present else {}
    empty = empty_rows().select(wanted)
    frames = [empty if path is None else parts.get(str(path), empty) for path in paths]
    if "bucket_start_ts" in wanted:
        frames = [frame.sort("bucket_start_ts") for frame in frames]
    return frames


def dates_with_features(
    settings: Settings, date_from: date, date_to: date, columns: list[str] | None = None
) -> list[date]:
    """Dates with a file holding ``columns`` (default: the current schema's file)."""
    wanted = list(COLUMN_NAMES) if columns is None else columns
    return [d for d in iter_dates(date_from, date_to) if _readable_path(settings, d, wanted)]


def row_counts(settings: Settings, date_from: date, date_to: date) -> dict[date, int]:
    """Rows per existing file, read from parquet footers (no data pages)."""
    out: dict[date, int] = {}
    for day in dates_with_features(settings, date_from, date_to):
        path = feature_path(settings, day)
        try:
            out[day] = pq.read_metadata(path).num_rows
        except (OSError, pa.ArrowException) as exc:
            raise StorageError(f"feature file {path} is unreadable: {exc}") from None
    return out


def title_salt(settings: Settings) -> bytes:
    """The per-install secret mixed into title hashes, created once and never rotated
    (rotating would make old and new rows' hashes incomparable)."""
    path = settings.data_dir / "title_salt"
    if not path.exists():
        _create_once(path, secrets.token_hex(32).encode())
    try:
        return path.read_bytes().strip()
    except OSError as exc:
        raise StorageError(f"cannot read title salt {path}: {exc}") from None


def _create_once(path: Path, data: bytes) -> None:
    """Write to a temp file, then hard-link into place: exactly one concurrent creator wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".title_salt.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
        fsync_dir(path.parent)
    except FileExistsError:
        pass
    finally:
        Path(tmp).unlink(missing_ok=True)


_SOURCE = "__source_file"  # which file a row of a multi-file read came from


def _read_by_file(paths: list[Path], columns: list[str]) -> dict[str, pl.DataFrame]:
    """Each file's rows by its path. A multi-file read gives each file's rows in one run,
    so the runs of the source column are the files (the column comes through a scan:
    ``read_parquet`` drops it when ``columns`` is given)."""
    try:
        frame = (
            pl.scan_parquet(paths, include_file_paths=_SOURCE).select([*columns, _SOURCE]).collect()
        )
    except (OSError, pl.exceptions.PolarsError):  # find and name the broken file
        return {str(path): _read_one(path, columns) for path in paths}
    runs = frame.get_column(_SOURCE).rle().struct.unnest()
    frame, offset, parts = frame.drop(_SOURCE), 0, {}
    for length, source in runs.iter_rows():
        parts[source] = frame.slice(offset, length)
        offset += length
    # never drop rows: a path reported otherwise, or a file's rows not in one run, reads anew
    if len(parts) != runs.height or not parts.keys() <= {str(path) for path in paths}:
        return {str(path): _read_one(path, columns) for path in paths}
    return parts


def _existing(settings: Settings, date_from: date, date_to: date, columns: list[str]) -> list[Path]:
    paths = (_readable_path(settings, d, columns) for d in iter_dates(date_from, date_to))
    return [path for path in paths if path is not None]


def _read_one(path: Path, columns: list[str]) -> pl.DataFrame:
    try:
        table = pq.read_table(path, columns=columns)
    except (OSError, pa.ArrowException) as exc:
        raise StorageError(
            f"feature file {path} is unreadable ({exc}); rebuild that date"
        ) from None
    return pl.DataFrame(pl.from_arrow(table))


def _check_columns(columns: list[str]) -> list[str]:
    unknown = [c for c in columns if c not in COLUMN_NAMES]
    if unknown:
        raise InvalidInput(f"unknown feature columns: {', '.join(unknown)}", field="columns")
    return list(columns)
