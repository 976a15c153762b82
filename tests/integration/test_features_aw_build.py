"""Seeded real aw-server -> `taskclf features build` -> parquet rows == generator's minutes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from taskclf.aw.client import AwClient
from taskclf.cli.app import app
from taskclf.core.schema import ARROW_SCHEMA, SCHEMA_HASH
from taskclf.core.settings import load_settings
from taskclf.core.timeutil import iter_dates
from taskclf.features.store import feature_path, file_status, read_features
from taskclf.synthetic.activity import SynthConfig, SyntheticActivity, generate_range
from taskclf.synthetic.aw_process import AwServerProcess
from taskclf.synthetic.seed import seed_events

pytestmark = [pytest.mark.aw, pytest.mark.slow]

MINUTE_US = 60_000_000


def _seed(server: AwServerProcess, activity: SyntheticActivity, host: str) -> None:
    with AwClient(server.base_url) as client:
        seed_events(client, activity.events, host)


def _cli_build(server: AwServerProcess, data_dir: Path, host: str, zone: str, a: date, b: date):
    args = [
        "--data-dir",
        str(data_dir),
        "--aw-host",
        server.base_url,
        "--aw-hostname",
        host,
        "--timezone",
        zone,
        "features",
        "build",
        "--from",
        a.isoformat(),
        "--to",
        b.isoformat(),
    ]
    return CliRunner().invoke(app, args, env={"TASKCLF_CONFIG": ""})


def _assert_counts_match(activity, data_dir, host_zone, server, days) -> None:
    settings = load_settings(
        {"data_dir": data_dir, "aw_host": server.base_url, "timezone": host_zone}, env={}
    )
    for day in days:
        path = feature_path(settings, day)
        assert path.exists(), day
        expected = activity.active_minutes(day, host_zone)
        assert pq.read_metadata(path).num_rows == expected, day
        assert file_status(settings, day) == "fresh"
        schema = pq.read_schema(path)
        assert schema.metadata[b"taskclf.schema_hash"].decode() == SCHEMA_HASH
        assert schema.remove_metadata().equals(ARROW_SCHEMA)
    rows = read_features(settings, days[0], days[-1])
    truth = pl.concat([activity.truth_for(d, host_zone) for d in days])
    got = rows["bucket_start_ts"].dt.epoch("us").sort().to_list()
    assert got == truth["minute_us"].sort().to_list()
    _assert_values_match_truth(rows, truth)


def _assert_values_match_truth(rows: pl.DataFrame, truth: pl.DataFrame) -> None:
    """What the generator knows per minute survives the round trip through aw-server:
    its task blocks are whole minutes of window events, a break is AFK throughout, and
    only meetings and breaks have AFK time at all."""
    joined = rows.with_columns(pl.col("bucket_start_ts").dt.epoch("us").alias("minute_us")).join(
        truth, on="minute_us", validate="1:1"
    )
    assert joined.height == truth.height
    assert (joined["active_seconds"] > 59.99).all()  # aw-server keeps times to the ms
    assert joined["keys"].null_count() == 0
    breaks = joined.filter(pl.col("label") == "BreakIdle")
    assert (breaks["afk_share"] == 1.0).all()
    working = joined.filter(~pl.col("label").is_in(["BreakIdle", "Meet"]))
    assert working.height > 0 and (working["afk_share"] == 0.0).all()


def test_utc_days_with_long_events_afk_gaps_and_midnight(aw_server, unique_host, tmp_path):
    days = [date(2026, 2, 2), date(2026, 2, 3), date(2026, 2, 4)]
    activity = generate_range(days[0], days[-1], "UTC", seed=7, config=SynthConfig(1.0))
    window = activity.events.window
    # the data really has what this test claims to cover
    assert (window["end_us"] - window["start_us"]).max() >= 30 * MINUTE_US
    gaps = window["start_us"].sort().diff().drop_nulls()
    assert gaps.max() > 20 * MINUTE_US
    spans_midnight = window.filter(
        (pl.col("start_us") // (86_400 * 1_000_000)) != ((pl.col("end_us") - 1) // 86_400_000_000)
    )
    assert spans_midnight.height >= 1
    assert "BreakIdle" in activity.truth["label"].to_list()  # AFK minutes to compare
    _seed(aw_server, activity, unique_host)

    result = _cli_build(aw_server, tmp_path, unique_host, "UTC", days[0], days[-1])

    assert result.exit_code == 0, result.output
    assert "Feature build" in result.output
    _assert_counts_match(activity, tmp_path, "UTC", aw_server, days)


def test_non_utc_zone_across_dst_change(aw_server, unique_host, tmp_path):
    zone = "America/New_York"  # 2026-03-08 is 23 hours long there
    days = list(iter_dates(date(2026, 3, 7), date(2026, 3, 9)))
    activity = generate_range(
        days[0],
        days[-1],
        zone,
        seed=3,
        config=SynthConfig(late_night_prob=1.0, weekend_work_prob=1.0),
    )
    _seed(aw_server, activity, unique_host)

    result = _cli_build(aw_server, tmp_path, unique_host, zone, days[0], days[-1])

    assert result.exit_code == 0, result.output
    _assert_counts_match(activity, tmp_path, zone, aw_server, days)
    settings = load_settings({"data_dir": tmp_path, "timezone": zone}, env={})
    rows = read_features(settings, days[0], days[-1])
    local = rows["bucket_start_ts"].dt.convert_time_zone(zone)
    assert rows["hour_local"].to_list() == local.dt.hour().to_list()


def test_raw_titles_never_reach_the_file(aw_server, unique_host, tmp_path):
    day = date(2026, 2, 10)
    activity = generate_range(day, day, "UTC", seed=11)
    _seed(aw_server, activity, unique_host)

    result = _cli_build(aw_server, tmp_path, unique_host, "UTC", day, day)

    assert result.exit_code == 0, result.output
    settings = load_settings({"data_dir": tmp_path, "timezone": "UTC"}, env={})
    blob = feature_path(settings, day).read_bytes()
    pq_plain = pq.read_table(feature_path(settings, day)).to_pylist()
    titles = set(activity.events.window["title"].to_list())
    assert pq_plain
    for title in titles:
        assert title.encode() not in blob
        assert all(title not in map(str, row.values()) for row in pq_plain)
