"""Incremental live rows against a real aw-server: polling a day minute by minute must give
exactly the stored training rows, while each poll fetches only what is new."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from taskclf.aw.client import AwClient
from taskclf.aw.events import AwEvents
from taskclf.core.settings import Settings
from taskclf.synthetic.activity import generate_range
from taskclf.synthetic.seed import seed_events
from taskclf.tray.live import LiveRows

pytestmark = pytest.mark.aw
DAY = date(2026, 1, 7)


def test_polling_through_a_day_gives_the_training_rows_and_fetches_little(
    aw_server, unique_host: str, tmp_path: Path
) -> None:
    from taskclf.features.store import read_features
    from taskclf.jobs.build_days import build_day

    activity = generate_range(DAY, DAY, "UTC", seed=5)
    # tab titles that say more than the browser's window titles, so that tabs count
    tabs = activity.events.web
    assert tabs is not None and tabs.height > 10
    events = replace(activity.events, web=tabs.with_columns(
        pl.concat_str(pl.lit("Quarterly ledger reconciliation: "), "title").alias("title")
    ))  # fmt: skip
    with AwClient(aw_server.base_url) as client:
        seed_events(client, events, unique_host)
    settings = Settings(
        data_dir=tmp_path / "data",
        models_dir=tmp_path / "models",
        aw_host=aw_server.base_url,
        aw_hostname=unique_host,
        timezone="UTC",
    )
    build_day(DAY, settings)
    stored = read_features(settings, DAY, DAY)
    minutes = activity.truth_for(DAY, "UTC")["minute_us"]
    first, last = int(minutes.min()), int(minutes.max())  # type: ignore[arg-type]
    live = LiveRows(settings)
    pieces: list[pl.DataFrame] = []
    sizes: list[int] = []
    now = datetime.fromtimestamp(first / 1e6, UTC) + timedelta(minutes=30, seconds=20)
    end = datetime.fromtimestamp(last / 1e6, UTC) + timedelta(minutes=2)
    with AwClient.from_settings(settings) as client:
        while now <= end:
            pieces.append(live.new_rows(client, now))
            sizes.append(live.bytes_last_poll)
            now += timedelta(minutes=7)
        whole_day = LiveRows(settings)
        whole_day.new_rows(client, now)
    rows = pl.concat(pieces)
    assert rows["bucket_start_ts"].is_unique().all()
    expected = stored.filter(pl.col("bucket_start_ts") <= rows["bucket_start_ts"].max())
    assert rows.height == expected.height > 300
    assert rows.to_dicts() == expected.to_dicts()
    # the tabs' words are in the stored (and so the live) rows: equal to the events' own
    # build with tabs (to ActivityWatch's rounding of durations), far from one without
    words = stored.select(pl.col("^title_w.*$")).to_numpy()
    with_tabs = _title_words(events, settings)
    without = _title_words(replace(events, web=None), settings)
    np.testing.assert_allclose(words, with_tabs, atol=1e-4)
    assert np.abs(words - without).max() > 0.5
    # a poll at the end of the day asks for its last minutes, not for the whole day again
    assert max(sizes[-5:]) * 10 < whole_day.bytes_last_poll, (sizes, whole_day.bytes_last_poll)


def _title_words(events: AwEvents, settings: Settings) -> np.ndarray:
    from taskclf.core.timeutil import day_bounds, get_zone, to_us
    from taskclf.features.builder import build_rows
    from taskclf.features.store import title_salt

    start, end = day_bounds(DAY, get_zone("UTC"))
    rows = build_rows(events, to_us(start), to_us(end), "UTC", title_salt(settings))
    return rows.select(pl.col("^title_w.*$")).to_numpy()
