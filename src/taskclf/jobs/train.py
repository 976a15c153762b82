"""The one training pipeline: features + labels for a date range -> a saved model bundle.

A plain function so that the CLI (rich progress bar) and the API (worker thread + events)
run exactly the same steps. Also home of the replay used by ``taskclf model inspect --from``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lightgbm as lgb
import numpy as np
import polars as pl

from taskclf.core.errors import (
    MSG_EMPTY_FEATURES,
    MSG_NO_FEATURE_DATA,
    MSG_NO_LABEL_SPANS,
    MSG_NO_LABELED_ROWS,
    EmptyFeatures,
    NoFeatureData,
    NoLabeledRows,
    NoLabelSpans,
)
from taskclf.core.progress import CancelToken, ProgressFn
from taskclf.core.requests import TrainRequest
from taskclf.core.schema import FEATURE_GROUPS, MODEL_FEATURES, SCHEMA_HASH, SCHEMA_VERSION
from taskclf.core.settings import Settings
from taskclf.core.timeutil import get_zone, iso_utc, range_bounds, utcnow
from taskclf.jobs.replay import replay_frame
from taskclf.registry.bundle import BundleContents, save_bundle
from taskclf.registry.catalog import inspect_payload
from taskclf.registry.loaded import load_model
from taskclf.training import decoding, lgbm, metrics, synthetic
from taskclf.training.dataset import (
    Dataset,
    Split,
    balanced_weights,
    build_dataset,
    dataset_hash,
    labelled_mask,
    time_split,
)

if TYPE_CHECKING:
    from taskclf.labels.store import LabelStore

PCT = {"initializing": 0, "loading_features": 5, "projecting_labels": 20, "splitting": 35}
TRAIN_FROM, TRAIN_TO, SAVING = 50, 85, 90
THROTTLE_S = 0.25
SpanArrays = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class TrainOutcome:
    model_id: str
    model_dir: Path
    metrics: dict[str, float]  # {"macro_f1", "weighted_f1"}


class _Reporter:
    """Keeps progress monotonic and round updates to a few calls a second."""

    def __init__(self, progress: ProgressFn) -> None:
        self._progress = progress
        self._pct = 0
        self._last = 0.0

    def __call__(self, step: str, pct: int, message: str, *, throttle: bool = False) -> None:
        now = time.monotonic()
        if throttle and now - self._last < THROTTLE_S:
            return
        self._pct = max(self._pct, min(100, pct))
        self._last = now
        self._progress(step, self._pct, message)


def train(
    request: TrainRequest,
    settings: Settings,
    progress: ProgressFn,
    cancel: CancelToken,
    label_store: LabelStore | None = None,
    *,
    exclude_groups: tuple[str, ...] = (),
) -> TrainOutcome:
    """Raises TrainingDataError subclasses (spec texts first) or ``Cancelled``; no bundle then.

    ``exclude_groups`` leaves whole signals out (``core.schema`` groups such as ``titles``):
    the quality benchmark's way to measure what each signal buys."""
    report = _Reporter(progress)
    report("initializing", PCT["initializing"], "Starting…")
    cancel.check()
    frame, labels = _labelled_rows(request, settings, label_store, report, cancel)
    report("splitting", PCT["splitting"], f"Splitting {len(labels)} labeled rows by time…")
    data = build_dataset(frame, labels, model_features(exclude_groups))
    split = time_split(data)
    del frame, labels
    cancel.check()
    booster = _fit(split, request, report, cancel)
    report("saving", SAVING, "Evaluating on validation rows and saving the bundle…")
    cancel.check()
    contents = _contents(booster, data, split, request, settings)
    model_id, model_dir = save_bundle(settings.models_dir, contents)
    scores = {key: float(contents.metrics[key]) for key in ("macro_f1", "weighted_f1")}
    report("done", 100, f"Model saved to {model_id}")
    return TrainOutcome(model_id=model_id, model_dir=model_dir, metrics=scores)


def model_features(exclude_groups: tuple[str, ...] = ()) -> list[str]:
    return [name for name in MODEL_FEATURES if FEATURE_GROUPS[name] not in exclude_groups]


def _labelled_rows(
    request: TrainRequest,
    settings: Settings,
    label_store: LabelStore | None,
    report: Callable[..., None],
    cancel: CancelToken,
) -> tuple[pl.DataFrame, np.ndarray]:
    """Feature rows of the range with their projected label (None where dropped)."""
    span = f"{request.date_from} → {request.date_to}"
    report("loading_features", PCT["loading_features"], f"Loading features {span}…")
    if request.synthetic:
        generated = synthetic.generate(request.date_from, request.date_to, settings.timezone)
        frame = generated.frame
        spans: SpanArrays = (
            generated.span_starts_us,
            generated.span_ends_us,
            generated.span_labels,
        )
        cancel.check()
    else:
        frame = load_features(settings, request.date_from, request.date_to)
        cancel.check()
        spans = load_spans(settings, request.date_from, request.date_to, label_store)
    report(
        "projecting_labels",
        PCT["projecting_labels"],
        f"Projecting labels onto {frame.height} rows…",
    )
    labels = project(frame, spans)
    cancel.check()
    return frame, labels


def load_features(
    settings: Settings, date_from: date, date_to: date, features: list[str] | None = None
) -> pl.DataFrame:
    """``features`` (default: the current model inputs) picks the columns, and with them
    which schema's files qualify (a v1 bundle's columns are found in v1 files too)."""
    from taskclf.features import store

    columns = ["bucket_start_ts", *(MODEL_FEATURES if features is None else features)]
    days = store.dates_with_features(settings, date_from, date_to, columns)
    if not days:
        raise NoFeatureData(
            f"{MSG_NO_FEATURE_DATA} ({date_from} to {date_to}): no feature files exist; "
            "run Prepare Data (or `taskclf features build`) first."
        )
    frame = store.read_features(settings, date_from, date_to, columns=columns)
    if frame.height == 0:
        raise EmptyFeatures(
            f"{MSG_EMPTY_FEATURES} ({len(days)} file(s) for {date_from} to {date_to}); "
            "check that ActivityWatch is running and recording."
        )
    return frame


def load_spans(
    settings: Settings, date_from: date, date_to: date, label_store: LabelStore | None
) -> SpanArrays:
    from taskclf.labels.store import LabelStore

    start, end = range_bounds(date_from, date_to, get_zone(settings.timezone))
    store = label_store if label_store is not None else LabelStore(settings.db_path)
    try:
        spans = store.span_arrays(start, end)
    finally:
        if label_store is None:
            store.close()
    if spans[0].shape[0] == 0:
        raise NoLabelSpans(
            f"{MSG_NO_LABEL_SPANS} ({date_from} to {date_to}); label some time in that range."
        )
    return spans


def project(frame: pl.DataFrame, spans: SpanArrays) -> np.ndarray:
    from taskclf.labels.projection import project_labels

    minutes = frame.get_column("bucket_start_ts").dt.epoch("us").to_numpy()
    projection = project_labels(minutes, *spans)
    labels = projection.labels
    if not labelled_mask(labels).any():
        raise NoLabeledRows(
            f"{MSG_NO_LABELED_ROWS}: no span fully contains a feature minute "
            f"({projection.n_partial} partly covered, {projection.n_conflicting} conflicting, "
            f"{projection.n_unlabelled} unlabelled rows)."
        )
    return labels


def _fit(
    split: Split, request: TrainRequest, report: Callable[..., None], cancel: CancelToken
) -> lgb.Booster:
    train_set, total = split.train, request.num_boost_round
    message = (
        f"Training LightGBM ({total} rounds, {train_set.n_rows} train / "
        f"{split.validation.n_rows} val)…"
    )
    report("training", TRAIN_FROM, message)

    def on_round(done: int, of: int) -> None:
        pct = TRAIN_FROM + (TRAIN_TO - TRAIN_FROM) * done // of
        report("training", pct, f"{message} round {done}/{of}", throttle=done < of)

    weights = _weights(train_set, request.class_weight)
    dataset = lgbm.make_lgb_dataset(
        train_set.X, train_set.y, train_set.feature_names, train_set.categorical_features, weights
    )
    valid = split.validation
    valid_set = lgbm.make_lgb_dataset(
        valid.X, valid.y, valid.feature_names, valid.categorical_features, reference=dataset
    )
    params = lgbm.lgbm_params(len(train_set.label_names))
    return lgbm.train_booster(dataset, params, total, on_round, cancel, valid_set)


def _weights(data: Dataset, class_weight: str) -> np.ndarray | None:
    if class_weight == "balanced":
        return balanced_weights(data.y, len(data.label_names))
    return None


def _contents(
    booster: lgb.Booster, data: Dataset, split: Split, request: TrainRequest, settings: Settings
) -> BundleContents:
    proba = lgbm.validation_proba(booster)
    valid = split.validation
    scores = metrics.evaluate(valid.y, proba.argmax(axis=1).astype(np.int32), data.label_names)
    transitions = decoding.fit_transitions(split.train.y, split.train.ts_us, len(data.label_names))
    decoded = decoding.decode(proba, transitions, valid.ts_us).astype(np.int32)
    scores["decoded"] = metrics.evaluate(valid.y, decoded, data.label_names)
    metadata = _metadata(data, split, request, settings)
    metadata["decoding"] = {
        "method": "hmm_viterbi",
        "transitions": np.round(transitions, 8).tolist(),  # rows: from, columns: to
        "gap_minutes": decoding.GAP_MINUTES,
        "online_lag_minutes": decoding.DEFAULT_LAG,
    }
    return BundleContents(
        model_text=booster.model_to_string(),
        metadata=metadata,
        metrics=scores,
        confusion_csv=metrics.confusion_csv(scores["confusion_matrix"], data.label_names),
        feature_importance=lgbm.gain_importance(booster),
    )


def _metadata(
    data: Dataset, split: Split, request: TrainRequest, settings: Settings
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "schema_hash": SCHEMA_HASH,
        "label_names": data.label_names,
        "feature_names": data.feature_names,
        "categorical_features": data.categorical_features,
        "categorical_encodings": data.encodings,
        "date_from": request.date_from.isoformat(),
        "date_to": request.date_to.isoformat(),
        "timezone": settings.timezone,
        "params": {
            **lgbm.lgbm_params(len(data.label_names)),
            "num_boost_round": request.num_boost_round,
        },
        "class_weight": request.class_weight,
        "split": split.describe(),
        "n_labeled_rows": data.n_rows,
        "dataset_hash": dataset_hash(data),
        "data_provenance": "synthetic" if request.synthetic else "activitywatch",
        "created_at": iso_utc(utcnow()),
        "taskclf_version": version("taskclf"),
        "lightgbm_version": lgb.__version__,
    }


def evaluate_bundle_on_range(
    settings: Settings,
    model_id: str,
    date_from: date,
    date_to: date,
    label_store: LabelStore | None = None,
) -> dict[str, Any]:
    """Inspect payload plus ``held_out_test``: the model replayed on the range's labelled rows."""
    model = load_model(settings.models_dir, model_id)
    frame = load_features(settings, date_from, date_to, model.feature_names)
    labels = project(frame, load_spans(settings, date_from, date_to, label_store))
    keep = labelled_mask(labels)
    replayed = replay_frame(model, frame).filter(pl.Series(keep))  # decoded over all minutes
    truth = labels[keep].astype(str)
    names = model.label_names + sorted(set(truth.tolist()) - set(model.label_names))
    index = {name: code for code, name in enumerate(names)}
    codes = lambda values: np.array([index[v] for v in values], dtype=np.int32)  # noqa: E731
    test = metrics.evaluate(codes(truth), codes(replayed["label"]), names)
    test["per_class_derived"] = test.pop("per_class")  # the key bundle_saved_validation uses
    if "decoded" in replayed.columns:
        decoded = metrics.evaluate(codes(truth), codes(replayed["decoded"]), names)
        decoded["per_class_derived"] = decoded.pop("per_class")
        test["decoded"] = decoded
    payload = inspect_payload(model.path, model.metadata, model.metrics)
    payload["held_out_test"] = {
        "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(),
        "overlaps_training": _overlaps(model.metadata, date_from, date_to),
        **test,
    }
    return payload


def _overlaps(metadata: dict[str, Any], date_from: date, date_to: date) -> bool:
    try:
        trained_from = date.fromisoformat(metadata["date_from"])
        trained_to = date.fromisoformat(metadata["date_to"])
    except (KeyError, TypeError, ValueError):
        return False
    return date_from <= trained_to and trained_from <= date_to
