"""Per-minute predictions of a saved model over stored feature rows, beside the true labels.

One implementation for ``GET /api/train/models/{id}/predictions`` and ``taskclf model
predict``: the model is loaded by the registry, the rows are read by the feature store with
exactly the model's own columns (so a bundle keeps working across schema changes), and
``LoadedModel.predict`` scores them as the tray does. ``true_label`` is the strict-containment
projection of the label spans, as training sees them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import polars as pl

from taskclf.core.atomic import atomic_write, atomic_write_bytes
from taskclf.core.errors import BundleNotFound, InvalidInput, StorageError
from taskclf.core.settings import Settings
from taskclf.core.timeutil import get_zone, range_bounds
from taskclf.features import store as feature_store
from taskclf.labels.projection import project_labels
from taskclf.registry import LoadedModel, current_model_id, load_bundle, resolve_bundle_dir
from taskclf.registry.bundle import MODEL_FILE

COLUMNS = ("minute", "label", "confidence", "true_label")
_CACHE_SIZE = 2  # the dashboard flips between the current model and one other at most
_cache: OrderedDict[tuple[str, int], LoadedModel] = OrderedDict()
_cache_lock = threading.Lock()


class SpanSource(Protocol):
    def span_arrays(self, start: Any, end: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...


def current_id(settings: Settings, tray_report: dict[str, Any] | None) -> str:
    """The tray's loaded model when a tray runs and has one, else the active (or newest
    valid) bundle; ``BundleNotFound("no active model")`` when there is none."""
    if tray_report and tray_report.get("loaded") and tray_report.get("model_id"):
        return str(tray_report["model_id"])
    try:
        return current_model_id(settings.models_dir)
    except BundleNotFound:
        raise BundleNotFound("no active model: train one, or activate one") from None


def predict_range(
    settings: Settings, labels: SpanSource, model_id: str, date_from: date, date_to: date
) -> pl.DataFrame:
    """``minute`` (UTC), ``label``, ``confidence`` and ``true_label`` (null when the minute is
    unlabelled, partly labelled or conflicting) for every stored row of the local days."""
    model = cached_model(settings.models_dir, model_id)
    columns = ["bucket_start_ts", *model.feature_names]
    frame = feature_store.read_features(settings, date_from, date_to, columns=columns)
    names, confidence = model.predict(frame)
    minutes = frame.get_column("bucket_start_ts")
    starts_us = minutes.dt.epoch("us").cast(pl.Int64).to_numpy()
    bounds = range_bounds(date_from, date_to, get_zone(settings.timezone))
    truth = project_labels(starts_us, *labels.span_arrays(*bounds)).labels
    return pl.DataFrame(
        {
            "minute": minutes,
            "label": pl.Series(names, dtype=pl.String),
            "confidence": pl.Series(confidence, dtype=pl.Float64),
            "true_label": pl.Series(truth.tolist(), dtype=pl.String),
        }
    )


def cached_model(models_dir: Path, model_id: str) -> LoadedModel:
    """A bundle is never changed in place once saved, so a loaded one can be reused for as
    long as its model file is the same (loading a booster costs more than scoring a month)."""
    path = resolve_bundle_dir(models_dir, model_id)
    try:
        stamp = (path / MODEL_FILE).stat().st_mtime_ns
    except OSError:
        stamp = -1  # load_bundle says what is wrong
    key = (str(path), stamp)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    model = load_bundle(path)
    with _cache_lock:
        _cache[key] = model
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return model


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """``minute`` as ISO-8601 UTC (``+00:00``), as label spans are written."""
    return frame.select(COLUMNS).with_columns(
        pl.col("minute").dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"), pl.col("confidence").round(4)
    )


def to_json_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return as_text(frame).to_dicts()


def write_rows(frame: pl.DataFrame, path: Path | None) -> str | None:
    """``.parquet`` (typed) or ``.csv`` written atomically; ``None`` gives the CSV back as
    text for stdout."""
    if path is None:
        return as_text(frame).write_csv()
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise InvalidInput("--out must end in .csv or .parquet", field="out")
    try:
        if suffix == ".csv":
            atomic_write_bytes(path, as_text(frame).write_csv().encode("utf-8"))
        else:
            atomic_write(path, lambda handle: frame.select(COLUMNS).write_parquet(handle))
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc}") from None
    return None
