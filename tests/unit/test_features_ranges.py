"""The builder's promise to the live tray: the rows of any range equal the same rows built
inside a longer run, whatever the range's start (the tray builds a few minutes at a time)."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import polars as pl
import pytest

from taskclf.features.builder import build_rows, recent_events
from taskclf.features.frame import local_hour_weekday
from taskclf.features.runs import carry_from
from taskclf.synthetic.realistic import RealisticConfig, realistic_day

M = 60_000_000
ZONE = "Europe/Berlin"


@pytest.fixture(scope="module")
def day_rows() -> tuple[object, int, int, pl.DataFrame]:
    activity = realistic_day(date(2026, 4, 7), ZONE, RealisticConfig(seed=3))
    minutes = activity.truth["minute_us"]
    lo = int(minutes.min()) - 60 * M  # type: ignore[arg-type]
    hi = int(minutes.max()) + 2 * M  # type: ignore[arg-type]
    return activity.events, lo, hi, build_rows(activity.events, lo, hi, ZONE, b"salt")


@pytest.mark.parametrize("offset_min", [1, 17, 95, 240, 413])
@pytest.mark.parametrize("length_min", [1, 6, 30])
def test_a_short_range_equals_the_same_minutes_of_the_whole_day(
    day_rows: tuple[object, int, int, pl.DataFrame], offset_min: int, length_min: int
) -> None:
    events, lo, hi, whole = day_rows
    start = lo + 60 * M + offset_min * M
    end = min(start + length_min * M, hi)
    part = build_rows(events, start, end, ZONE, b"salt")  # type: ignore[arg-type]
    stamps = pl.col("bucket_start_ts").dt.epoch("us")
    expected = whole.filter((stamps >= start) & (stamps < end))
    assert part.height == expected.height
    assert part.equals(expected)


@pytest.mark.parametrize("seed", [3, 8])
def test_polling_with_carried_runs_and_a_quarter_hour_of_events_gives_the_whole_day(
    seed: int,
) -> None:
    """The live tray's shape: each poll builds the minutes since the last one from the
    carry of the rows before and only the events of the rolling windows' reach."""
    activity = realistic_day(date(2026, 4, 8), ZONE, RealisticConfig(seed=seed))
    minutes = activity.truth["minute_us"]
    lo = int(minutes.min()) - 60 * M  # type: ignore[arg-type]
    hi = int(minutes.max()) + 2 * M  # type: ignore[arg-type]
    whole = build_rows(activity.events, lo, hi, ZONE, b"salt")
    stamps = pl.col("bucket_start_ts").dt.epoch("us")
    start = int(minutes.min()) + 20 * M  # type: ignore[arg-type]
    pieces, step, carried = [], 1, 0
    while start < hi:
        end = min(start + step * M, hi)
        carry = carry_from(whole.filter(stamps < start))
        if carry is None:
            pieces.append(whole.filter((stamps >= start) & (stamps < end)))
        else:
            carried += 1
            events = recent_events(activity.events, start)
            pieces.append(build_rows(events, start, end, ZONE, b"salt", carry))
        start, step = end, step % 7 + 1  # polls 1 to 7 minutes apart
    rows = pl.concat(pieces)
    expected = whole.filter(stamps >= int(minutes.min()) + 20 * M)  # type: ignore[arg-type]
    assert carried > 50
    assert rows.height == expected.height > 300
    assert rows.equals(expected)
    # the carry matters: without it, long sessions restart at the quarter hour's edge
    assert rows["session_minutes"].max() > 60


@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns"])
def test_local_hour_and_weekday_match_the_zone_database_minute_by_minute(zone: str) -> None:
    from zoneinfo import ZoneInfo

    # across a DST change where the zone has one (Lord Howe moves by 30 minutes)
    start = int(datetime(2026, 4, 4, 12).timestamp()) * 1_000_000
    minutes = start + np.arange(0, 36 * 60, 7) * M
    hours, weekdays = local_hour_weekday(minutes, zone)
    local = [datetime.fromtimestamp(m / 1e6, ZoneInfo(zone)) for m in minutes.tolist()]
    assert hours.tolist() == [t.hour for t in local]
    assert weekdays.tolist() == [t.weekday() for t in local]
