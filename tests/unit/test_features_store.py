"""Feature files on disk: round trip, staleness, salt, reading ranges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pyarrow.parquet as pq
import pytest

from taskclf.aw.events import AwEvents
from taskclf.core.errors import InvalidInput, StorageError
from taskclf.core.schema import COLUMN_NAMES, SCHEMA_HASH
from taskclf.core.settings import load_settings
from taskclf.features.builder import build_rows
from taskclf.features.store import (
    feature_path,
    file_status,
    read_each_day,
    read_features,
    row_counts,
    title_salt,
    write_features,
)

S = 1_000_000
DAY = date(2026, 2, 3)


@pytest.fixture
def settings(tmp_path):
    return load_settings({"data_dir": tmp_path, "timezone": "UTC"}, env={})


def _rows(day: date, minutes: int) -> pl.DataFrame:
    start = int(datetime(day.year, day.month, day.day, 9, tzinfo=UTC).timestamp()) * S
    window = pl.DataFrame(
        {
            "start_us": [start],
            "end_us": [start + minutes * 60 * S],
            "app": ["Code"],
            "title": ["t"],
        }
    )
    lo = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) * S
    return build_rows(AwEvents(window), lo, lo + 86_400 * S, "UTC", b"s")


def test_round_trip_keeps_schema_order_types_and_metadata(settings):
    rows = _rows(DAY, 30)
    write_features(feature_path(settings, DAY), rows, DAY, datetime(2026, 2, 5, tzinfo=UTC))
    meta = pq.read_schema(feature_path(settings, DAY)).metadata
    assert meta[b"taskclf.schema_hash"].decode() == SCHEMA_HASH
    back = read_features(settings, DAY, DAY)
    assert back.equals(rows)
    assert tuple(back.columns) == COLUMN_NAMES
    assert row_counts(settings, DAY, DAY) == {DAY: 30}


def test_file_written_before_the_day_ended_is_stale(settings):
    path = feature_path(settings, DAY)
    assert file_status(settings, DAY) == "missing"
    write_features(path, _rows(DAY, 5), DAY, datetime(2026, 2, 3, 18, tzinfo=UTC))
    assert file_status(settings, DAY) == "stale"
    write_features(path, _rows(DAY, 5), DAY, datetime(2026, 2, 4, 0, 0, 1, tzinfo=UTC))
    assert file_status(settings, DAY) == "fresh"


def test_staleness_follows_the_local_day(tmp_path):
    tokyo = load_settings({"data_dir": tmp_path, "timezone": "Asia/Tokyo"}, env={})
    # 2026-02-03 ends in Tokyo at 15:00 UTC
    path = feature_path(tokyo, DAY)
    write_features(path, _rows(DAY, 5), DAY, datetime(2026, 2, 3, 16, tzinfo=UTC))
    assert file_status(tokyo, DAY) == "fresh"
    write_features(path, _rows(DAY, 5), DAY, datetime(2026, 2, 3, 14, tzinfo=UTC))
    assert file_status(tokyo, DAY) == "stale"


def test_read_range_concatenates_sorted_and_selects_columns(settings):
    later = DAY + timedelta(days=2)
    for day, n in ((later, 4), (DAY, 3)):
        write_features(feature_path(settings, day), _rows(day, n), day, datetime.now(UTC))
    frame = read_features(settings, DAY, later, columns=["bucket_start_ts", "app_id"])
    assert frame.columns == ["bucket_start_ts", "app_id"]
    assert frame.height == 7
    assert frame["bucket_start_ts"].is_sorted()


def test_read_each_day_gives_every_date_its_own_rows_from_one_read(settings):
    days = [DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)]
    for day, n in ((days[2], 4), (days[0], 3)):
        write_features(feature_path(settings, day), _rows(day, n), day, datetime.now(UTC))
    columns = ["bucket_start_ts", "app_id"]
    frames = read_each_day(settings, [days[2], days[1], days[0]], columns)
    assert [frame.height for frame in frames] == [4, 0, 3]
    assert all(frame.columns == columns for frame in frames)
    assert frames[0].equals(read_features(settings, days[2], days[2], columns))
    assert frames[2].equals(read_features(settings, days[0], days[0], columns))


def test_read_with_no_files_is_empty_with_schema(settings):
    frame = read_features(settings, DAY, DAY)
    assert frame.height == 0 and tuple(frame.columns) == COLUMN_NAMES
    assert frame.schema["keys"] == pl.Float32


def test_unknown_column_and_corrupt_file_are_clear_errors(settings):
    with pytest.raises(InvalidInput):
        read_features(settings, DAY, DAY, columns=["nope"])
    path = feature_path(settings, DAY)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not parquet")
    with pytest.raises(StorageError, match="rebuild that date"):
        read_features(settings, DAY, DAY)
    assert file_status(settings, DAY) == "stale"


def test_title_salt_is_created_once_and_kept(settings):
    first = title_salt(settings)
    assert len(first) == 64
    assert title_salt(settings) == first
    assert (settings.data_dir / "title_salt").read_bytes() == first
    assert not [p for p in settings.data_dir.iterdir() if p.name.startswith(".title_salt")]


def test_a_range_read_names_the_one_broken_file_among_good_ones(settings):
    good = DAY - timedelta(days=1)
    write_features(feature_path(settings, good), _rows(good, 5), good, datetime.now(UTC))
    broken = feature_path(settings, DAY)
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not parquet")
    with pytest.raises(StorageError, match=f"date={DAY.isoformat()}"):
        read_features(settings, good, DAY)
    with pytest.raises(StorageError, match=f"date={DAY.isoformat()}"):
        read_each_day(settings, [good, DAY], ["bucket_start_ts"])
    assert read_features(settings, good, good).height == 5


def test_a_file_built_under_another_time_zone_is_stale(tmp_path):
    """Its rows are another zone's calendar day: reading it would duplicate or drop minutes."""
    utc = load_settings({"data_dir": tmp_path, "timezone": "UTC"}, env={})
    tokyo = load_settings({"data_dir": tmp_path, "timezone": "Asia/Tokyo"}, env={})
    built = datetime(2026, 2, 5, tzinfo=UTC)  # after the day ended in both zones
    write_features(feature_path(utc, DAY), _rows(DAY, 5), DAY, built, zone="UTC")
    assert file_status(utc, DAY) == "fresh"
    assert file_status(tokyo, DAY) == "stale"
    meta = pq.read_schema(feature_path(utc, DAY)).metadata
    assert meta[b"taskclf.timezone"] == b"UTC"
