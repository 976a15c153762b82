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
from taskclf.training import decoding, lgbm, metrics, signals, synthetic
from taskclf.training.dataset import (
    Dataset,
    Split,
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
    fits = _Fits(report, data, split, request)
    validated = lgbm.fit(
        split.train, fits.rounds, request.class_weight, fits.stage(0), cancel, split.validation
    )
    proba = lgbm.validation_proba(validated)
    del validated
    final = lgbm.fit(data, fits.rounds, request.class_weight, fits.stage(1), cancel)
    scores = _validation_scores(proba, data, split)
    if request.signal_report:
        scores["signal_table"] = _signal_table(split, proba, fits, cancel)
    report("saving", SAVING, "Evaluating on validation rows and saving the bundle…")
    cancel.check()
    contents = _contents(final, scores, data, split, request, settings)
    model_id, model_dir = save_bundle(settings.models_dir, contents)
    headline = {key: float(scores[key]) for key in ("macro_f1", "weighted_f1")}
    report("done", 100, f"Model saved to {model_id}")
    return TrainOutcome(model_id=model_id, model_dir=model_dir, metrics=headline)


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


class _Fits:
    """The training step's fits and their share of its progress (50→85), by rows × features:
    the validation fit, the refit on every labelled row, then one per removed signal."""

    def __init__(
        self, report: Callable[..., None], data: Dataset, split: Split, request: TrainRequest
    ) -> None:
        self.rounds = request.num_boost_round  # no early stopping: validation keeps them all
        self.class_weight = request.class_weight
        train, valid = split.train.n_rows, split.validation.n_rows
        width = len(data.feature_names)
        self.messages = [
            f"Training LightGBM ({self.rounds} rounds, {train} train / {valid} val)…",
            f"Refitting on all {data.n_rows} labelled rows ({self.rounds} rounds)…",
        ]
        self.work = [train * width, data.n_rows * width]
        if request.signal_report:
            for group in signals.removable_groups(data.feature_names):
                kept = len(signals.kept_columns(data.feature_names, group))
                self.messages.append(f"Signal report: without {group} ({self.rounds} rounds)…")
                self.work.append(train * kept)
        self._report = report
        report("training", TRAIN_FROM, self.messages[0])

    def stage(self, index: int) -> lgbm.RoundFn:
        before, total = sum(self.work[:index]), sum(self.work)
        message, share = self.messages[index], self.work[index]

        def on_round(done: int, of: int) -> None:
            pct = TRAIN_FROM + (TRAIN_TO - TRAIN_FROM) * (before + share * done // of) // total
            last = index == len(self.work) - 1 and done == of
            self._report("training", pct, f"{message} round {done}/{of}", throttle=not last)

        return on_round


def _validation_scores(proba: np.ndarray, data: Dataset, split: Split) -> dict[str, Any]:
    """Validation of the fit on the older rows, raw and decoded with transitions learnt from
    those rows only: the refit model saved in the bundle has no unseen rows left to score."""
    valid = split.validation
    scores = metrics.evaluate(valid.y, proba.argmax(axis=1).astype(np.int32), data.label_names)
    transitions = decoding.fit_transitions(split.train.y, split.train.ts_us, len(data.label_names))
    decoded = decoding.decode(proba, transitions, valid.ts_us).astype(np.int32)
    scores["decoded"] = metrics.evaluate(valid.y, decoded, data.label_names)
    return scores


def _signal_table(
    split: Split, proba: np.ndarray, fits: _Fits, cancel: CancelToken
) -> list[signals.SignalRow]:
    train = split.train
    transitions = decoding.fit_transitions(train.y, train.ts_us, len(train.label_names))
    groups = signals.removable_groups(train.feature_names)
    first = signals.scores_row(None, proba, split.validation, transitions)
    return signals.signal_table(
        split,
        fits.rounds,
        fits.class_weight,
        transitions,
        first,
        lambda group: fits.stage(2 + groups.index(group)),
        cancel,
    )


def _contents(
    booster: lgb.Booster,
    scores: dict[str, Any],
    data: Dataset,
    split: Split,
    request: TrainRequest,
    settings: Settings,
) -> BundleContents:
    """The refit model with the validation fit's scores; decoding uses transitions learnt
    from every labelled minute, like the model itself."""
    transitions = decoding.fit_transitions(data.y, data.ts_us, len(data.label_names))
    metadata = _metadata(data, split, request, settings)
    metadata["final_fit"] = {
        "on": "all labelled rows",
        "rows": data.n_rows,
        "rounds": request.num_boost_round,
        "rounds_chosen_by": "requested (no early stopping)",
        "metrics_from": "the time-split validation fit (older rows train, newest validate)",
    }
    metadata["decoding"] = {
        "method": "hmm_viterbi",
        "transitions": np.round(transitions, 8).tolist(),  # rows: from, columns: to
        "transitions_from": "all labelled rows",
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
