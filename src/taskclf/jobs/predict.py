"""Per-minute predictions of a saved model over stored feature rows, beside the true labels.

One implementation for ``GET /api/train/models/{id}/predictions`` and ``taskclf model
predict``: the model is loaded by the registry, the rows are read by the feature store with
exactly the model's own columns (so a bundle keeps working across schema changes), and
``jobs.replay.replay_frame`` scores them (the same scoring and sequence decoding as replay,
inspect and compare). ``true_label`` is the strict-containment projection of the label
spans, as training sees them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from datetime import date
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import numpy as np
import polars as pl

from taskclf.core.atomic import atomic_write, atomic_write_bytes
from taskclf.core.errors import BundleNotFound, InvalidInput, StorageError
from taskclf.core.settings import Settings
from taskclf.core.timeutil import get_zone, iter_dates, range_bounds
from taskclf.features import store as feature_store
from taskclf.jobs.replay import replay_frame
from taskclf.labels.projection import project_labels
from taskclf.registry import LoadedModel, current_model_id, load_bundle, resolve_bundle_dir
from taskclf.registry.bundle import MODEL_FILE

COLUMNS = ("minute", "label", "confidence", "true_label", "raw_label")


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
    model, model_key = _model(settings.models_dir, model_id)
    days = _scored_days(settings, model, model_key, list(iter_dates(date_from, date_to)))
    scores = pl.concat([_EMPTY, *days], how="vertical")
    starts_us = scores.get_column("minute").dt.epoch("us").cast(pl.Int64).to_numpy()
    bounds = range_bounds(date_from, date_to, get_zone(settings.timezone))
    truth = project_labels(starts_us, *labels.span_arrays(*bounds)).labels
    return scores.with_columns(true_label=pl.Series(truth.tolist(), dtype=pl.String))


def forget_scores() -> None:
    """Drop the cached per-day scores (benchmarks time the first view with it)."""
    _scores.clear()


def _model(models_dir: Path, model_id: str) -> tuple[LoadedModel, tuple[str, int]]:
    """A bundle is never changed in place once saved, so a loaded one is reused for as long
    as its model file is the same (loading a booster costs more than scoring a day)."""
    path = resolve_bundle_dir(models_dir, model_id)
    try:
        stamp = (path / MODEL_FILE).stat().st_mtime_ns
    except OSError:
        stamp = -1  # load_bundle says what is wrong
    key = (str(path), stamp)
    model = _models.get(key)
    if model is None:
        model = _models.put(key, load_bundle(path))
    return model, key


def _scored_days(
    settings: Settings, model: LoadedModel, model_key: tuple[str, int], days: list[date]
) -> list[pl.DataFrame]:
    """Each local day's predictions, scored once per (model, day's files as written): a
    day's file only changes when it is rebuilt, so a month is paid for once, not per view.
    The days not scored yet are scored together: one feature matrix, one LightGBM call (its
    threads get all the rows) and one decoding pass, each day still decoded on its own so a
    day's answer never depends on which other days were asked for with it."""
    keys = {day: _day_key(settings, model_key, day) for day in days}
    found = {day: _scores.get(key) for day, key in keys.items() if key is not None}
    todo = [day for day, scores in found.items() if scores is None]
    if todo:
        columns = ["bucket_start_ts", *model.feature_names]
        frames = feature_store.read_each_day(settings, todo, columns)
        ends = np.cumsum([frame.height for frame in frames])
        frame = pl.concat(frames, how="vertical_relaxed")
        scored = _suggestions(replay_frame(model, frame, starts=ends[:-1]))
        for day, end, part in zip(todo, ends, frames, strict=True):
            found[day] = _scores.put(keys[day], scored.slice(end - part.height, part.height))
    return [scores for day in days if (scores := found.get(day)) is not None]


def _day_key(settings: Settings, model_key: tuple[str, int], day: date) -> Any:
    """(model, the day's files with their write stamps), or None when the day has none."""
    files = tuple(
        (str(path), path.stat().st_mtime_ns)
        for path in sorted(settings.data_dir.glob(f"*/date={day.isoformat()}/features.parquet"))
    )
    return (model_key, files) if files else None


def _suggestions(replayed: pl.DataFrame) -> pl.DataFrame:
    """What a person is shown for each minute: the sequence-decoded label when the bundle
    decodes (a lone odd minute inside a stretch is corrected), else the minute's own best."""
    decoded = "decoded" in replayed.columns
    return replayed.select(
        pl.col("bucket_start_ts").alias("minute"),
        pl.col("decoded" if decoded else "label").cast(pl.String).alias("label"),
        pl.col("decoded_confidence" if decoded else "confidence")
        .cast(pl.Float64)
        .alias("confidence"),
        pl.col("label").cast(pl.String).alias("raw_label"),
    )


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Lru(Generic[K, V]):
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


_models: _Lru[tuple[str, int], LoadedModel] = _Lru(2)  # the current model and one other
_scores: _Lru[Any, pl.DataFrame] = _Lru(800)  # ~50 kB a day: two models' last year at most
_EMPTY = pl.DataFrame(
    schema={
        "minute": pl.Datetime("us", "UTC"),
        "label": pl.String,
        "confidence": pl.Float64,
        "raw_label": pl.String,
    }
)


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """``minute`` as ISO-8601 UTC (``+00:00``), as label spans are written."""
    return frame.select(COLUMNS).with_columns(
        pl.col("minute").dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"), pl.col("confidence").round(4)
    )


def rows_json(frame: pl.DataFrame) -> str:
    """The rows as a JSON array of objects, written by polars: building 43,200 dicts and
    encoding them with ``json`` took ~0.3 s a month, more than all else but scoring."""
    return as_text(frame).write_json()


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
