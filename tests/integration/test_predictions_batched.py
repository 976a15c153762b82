"""Days scored together (one LightGBM call, one decoding pass) give exactly what each day
scored on its own gives, whichever days the per-day cache already holds."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fixtures.training_fx import train_synthetic, write_feature_days
from taskclf.core.settings import Settings
from taskclf.core.timeutil import day_bounds, get_zone, iter_dates
from taskclf.features import store
from taskclf.jobs import predict
from taskclf.jobs.replay import replay_frame
from taskclf.labels.store import LabelStore
from taskclf.registry.loaded import load_model
from taskclf.training import synthetic

FIRST, LAST = date(2026, 1, 5), date(2026, 1, 8)


@pytest.fixture
def every_minute(train_settings: Settings) -> str:
    """Four days with a row every minute, so runs cross midnight and only the day split
    keeps a day's decoding from seeing its neighbours; a 5-round model decodes often."""
    model_id = train_synthetic(train_settings, rounds=5).model_id
    data = synthetic.generate(FIRST, FIRST + timedelta(days=20), "UTC").frame
    start = day_bounds(FIRST, get_zone("UTC"))[0]
    n = 4 * 1440
    stamps = pl.datetime_range(start, start + timedelta(minutes=n - 1), "1m", eager=True)
    write_feature_days(train_settings, data.head(n).with_columns(bucket_start_ts=stamps))
    return model_id


def alone(settings: Settings, model_id: str, day: date) -> pl.DataFrame:
    """One day through replay on its own, as the per-day path scored it."""
    model = load_model(settings.models_dir, model_id)
    frame = store.read_features(settings, day, day, ["bucket_start_ts", *model.feature_names])
    out = replay_frame(model, frame)
    return out.select(
        pl.col("bucket_start_ts").alias("minute"),
        pl.col("decoded").alias("label"),
        pl.col("decoded_confidence").alias("confidence"),
        pl.col("label").alias("raw_label"),
    )


def test_days_scored_together_equal_each_day_scored_alone(
    train_settings: Settings, every_minute: str
) -> None:
    labels = LabelStore(train_settings.db_path)
    expected = pl.concat([alone(train_settings, every_minute, d) for d in iter_dates(FIRST, LAST)])
    model = load_model(train_settings.models_dir, every_minute)
    frame = store.read_features(
        train_settings, FIRST, LAST, ["bucket_start_ts", *model.feature_names]
    )
    across = replay_frame(model, frame).get_column("decoded")
    assert across.to_list() != expected["label"].to_list()  # the day split matters here

    predict.forget_scores()
    together = predict.predict_range(train_settings, labels, every_minute, FIRST, LAST)
    assert_frame_equal(together.select(expected.columns), expected, check_exact=True)

    predict.forget_scores()  # some days cached, the others scored together around them
    predict.predict_range(train_settings, labels, every_minute, FIRST, FIRST)
    predict.predict_range(train_settings, labels, every_minute, LAST, LAST)
    mixed = predict.predict_range(train_settings, labels, every_minute, FIRST, LAST)
    assert_frame_equal(mixed, together, check_exact=True)
