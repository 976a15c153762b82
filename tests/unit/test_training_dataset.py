"""Dataset assembly, time split, class weights and dataset hash over hand-built frames."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest

from taskclf.core.errors import TrainingDataError
from taskclf.training.dataset import (
    balanced_weights,
    build_dataset,
    dataset_hash,
    feature_matrix,
    time_split,
)

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def frame_of(n: int, apps: list[str] | None = None, shuffle: bool = False) -> pl.DataFrame:
    minutes = np.arange(n)
    if shuffle:
        minutes = np.random.default_rng(1).permutation(minutes)
    apps = apps or ["code", "slack", "zoom"]
    return pl.DataFrame(
        {
            "bucket_start_ts": [T0 + timedelta(minutes=int(m)) for m in minutes],
            "app_id": [apps[int(m) % len(apps)] for m in minutes],
            "keys": [float(m) for m in minutes],
        }
    ).with_columns(pl.col("bucket_start_ts").dt.cast_time_unit("us"))


FEATURES = ["app_id", "keys"]
CATS = ["app_id"]


def labels_for(frame: pl.DataFrame, names: list[str | None]) -> np.ndarray:
    out = np.empty(frame.height, dtype=object)
    minute = (
        frame["bucket_start_ts"].dt.epoch("us").to_numpy() - int(T0.timestamp() * 1e6)
    ) // 60_000_000
    out[:] = [names[int(m) % len(names)] for m in minute]
    return out


def test_build_drops_unlabelled_rows_and_orders_by_time() -> None:
    frame = frame_of(30, shuffle=True)
    data = build_dataset(frame, labels_for(frame, ["Build", None, "Meet"]), FEATURES, CATS)
    assert data.n_rows == 20
    assert np.all(np.diff(data.ts_us) > 0)
    assert data.label_names == ["Build", "Meet"]
    assert data.X.dtype == np.float32 and data.X.shape == (20, 2)
    # slack only occurs on the unlabelled minutes, so it is not a training category
    assert data.encodings == {"app_id": ["code", "zoom"]}
    # keys column is the minute number; its row order must match the sorted timestamps
    assert np.all(np.diff(data.X[:, 1]) > 0)
    assert set(data.X[:, 0].tolist()) == {0.0, 1.0}


def test_time_split_never_trains_on_the_future() -> None:
    frame = frame_of(100)
    data = build_dataset(frame, labels_for(frame, ["A", "B", "C"]), FEATURES, CATS)
    split = time_split(data)
    assert split.train.n_rows == 80 and split.validation.n_rows == 20
    assert split.train.ts_us.max() < split.validation.ts_us.min() == split.boundary_us
    described = split.describe()
    assert described["method"] == "time_ordered"
    assert described["boundary_ts"] == (T0 + timedelta(minutes=80)).isoformat()


def test_one_class_fails_clearly() -> None:
    frame = frame_of(50)
    data = build_dataset(frame, labels_for(frame, ["Build"]), FEATURES, CATS)
    with pytest.raises(TrainingDataError, match=r"Only one label class \(Build\)"):
        time_split(data)


def test_training_side_with_one_class_fails_clearly() -> None:
    frame = frame_of(50)
    labels = np.array(["Build"] * 45 + ["Meet"] * 5, dtype=object)
    data = build_dataset(frame, labels, FEATURES, CATS)
    with pytest.raises(TrainingDataError, match="training rows"):
        time_split(data)


def test_too_few_rows_to_split() -> None:
    frame = frame_of(7)
    data = build_dataset(frame, labels_for(frame, ["A", "B"]), FEATURES, CATS)
    with pytest.raises(TrainingDataError, match="Too few labeled rows"):
        time_split(data)


def test_balanced_weights_give_each_class_equal_total() -> None:
    y = np.array([0] * 90 + [1] * 10 + [3] * 20, dtype=np.int32)
    w = balanced_weights(y, 4)
    totals = [w[y == c].sum() for c in (0, 1, 3)]
    assert np.allclose(totals, totals[0])
    assert w.mean() == pytest.approx(1.0)
    assert w[y == 1][0] == pytest.approx(9 * w[y == 0][0])


def test_dataset_hash_is_stable_and_sensitive() -> None:
    frame = frame_of(40)
    labels = labels_for(frame, ["A", "B"])
    first = dataset_hash(build_dataset(frame, labels, FEATURES, CATS))
    assert first == dataset_hash(build_dataset(frame, labels.copy(), FEATURES, CATS))
    labels[3] = "A" if labels[3] == "B" else "B"
    assert first != dataset_hash(build_dataset(frame, labels, FEATURES, CATS))


def test_feature_matrix_tolerates_missing_extra_and_unseen() -> None:
    frame = pl.DataFrame({"app_id": ["code", "brand-new-app", None], "extra": [1, 2, 3]})
    X = feature_matrix(frame, ["app_id", "keys"], {"app_id": ["code", "slack"]})
    assert X.shape == (3, 2)
    assert X[0, 0] == 0.0
    assert np.isnan(X[1, 0]) and np.isnan(X[2, 0])
    assert np.isnan(X[:, 1]).all()


def test_a_label_only_in_validation_is_named_in_the_split() -> None:
    """The model cannot learn it; metadata says so instead of leaving a silent zero F1."""
    frame = frame_of(100)
    labels = np.array(["A", "B"] * 45 + ["C"] * 10, dtype=object)
    split = time_split(build_dataset(frame, labels, FEATURES, CATS))
    assert split.train.label_names == ["A", "B", "C"]
    assert split.describe()["labels_only_in_validation"] == ["C"]
    both = time_split(build_dataset(frame, labels_for(frame, ["A", "B"]), FEATURES, CATS))
    assert both.describe()["labels_only_in_validation"] == []
