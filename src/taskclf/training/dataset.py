"""Labelled minute rows -> the arrays LightGBM eats, and a split that never trains on the future.

Categorical columns become integer codes (stored in the bundle so that inference encodes the
same way); values unseen at training time become NaN, which LightGBM treats as "missing".
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import polars as pl

from taskclf.core.errors import TrainingDataError
from taskclf.core.schema import CATEGORICAL_FEATURES, MODEL_FEATURES

VALIDATION_FRACTION = 0.2
MIN_ROWS_PER_SIDE = 5
TS_COLUMN = "bucket_start_ts"

Encodings = dict[str, list[str]]


@dataclass(frozen=True)
class Dataset:
    """Rows in time order: ``X[i]`` is the minute starting at ``ts_us[i]`` labelled ``y[i]``."""

    X: np.ndarray  # float32, (n_rows, n_features)
    y: np.ndarray  # int32 codes into label_names
    ts_us: np.ndarray  # int64 microseconds since the epoch, UTC, non-decreasing
    label_names: list[str]
    feature_names: list[str]
    categorical_features: list[str]
    encodings: Encodings

    @property
    def n_rows(self) -> int:
        return int(self.y.shape[0])


@dataclass(frozen=True)
class Split:
    train: Dataset
    validation: Dataset
    boundary_us: int  # first validation minute; every training minute is earlier

    def describe(self) -> dict[str, object]:
        """What goes into metadata.json so a reader knows validation never saw the future."""
        return {
            "method": "time_ordered",
            "validation_fraction": VALIDATION_FRACTION,
            "train_rows": self.train.n_rows,
            "validation_rows": self.validation.n_rows,
            "boundary_ts": _iso_us(self.boundary_us),
            "train_first_ts": _iso_us(int(self.train.ts_us[0])),
            "validation_last_ts": _iso_us(int(self.validation.ts_us[-1])),
            "labels_only_in_validation": self.labels_only_in_validation(),
        }

    def labels_only_in_validation(self) -> list[str]:
        """Labels whose every minute is newer than the boundary: the model cannot learn them."""
        unseen = np.setdiff1d(self.validation.y, self.train.y)
        return [self.train.label_names[int(code)] for code in unseen]


def _iso_us(value: int) -> str:
    return datetime.fromtimestamp(value / 1e6, tz=UTC).isoformat(timespec="seconds")


def fit_encodings(frame: pl.DataFrame, columns: Sequence[str] = CATEGORICAL_FEATURES) -> Encodings:
    """Sorted distinct non-null values per categorical column: stable across runs."""
    return {
        name: sorted(frame.get_column(name).drop_nulls().unique().to_list())
        if name in frame.columns
        else []
        for name in columns
    }


SMALL_FRAME = 64  # rows; below this the matrix is filled from Python row tuples


def feature_matrix(
    frame: pl.DataFrame, feature_names: Sequence[str], encodings: Mapping[str, Sequence[str]]
) -> np.ndarray:
    """float32 matrix in ``feature_names`` order; tolerant of missing and unknown columns.

    Built column by column in numpy; a frame of a few rows (the tray's) goes through Python
    tuples instead: one ``rows()`` call costs microseconds where a conversion per column costs
    tens of them, which for a single row was most of the matrix's price."""
    if frame.height <= SMALL_FRAME:
        return _small_matrix(frame, feature_names, encodings)
    matrix = np.full((frame.height, len(feature_names)), np.nan, dtype=np.float32)
    for position, name in enumerate(feature_names):
        if name not in frame.columns:
            continue
        column = frame.get_column(name)
        if name in encodings:
            matrix[:, position] = _encode(column, encodings[name])
        else:
            matrix[:, position] = column.to_numpy()
    return matrix


def _small_matrix(
    frame: pl.DataFrame, feature_names: Sequence[str], encodings: Mapping[str, Sequence[str]]
) -> np.ndarray:
    where = {name: i for i, name in enumerate(frame.columns)}
    codes = {name: {v: float(c) for c, v in enumerate(encodings[name])} for name in encodings}
    nan = float("nan")
    out = []
    for row in frame.rows():
        values = []
        for name in feature_names:
            value = row[where[name]] if name in where else None
            if name in codes:
                value = codes[name].get(str(value), nan) if value is not None else nan
            values.append(nan if value is None else value)
        out.append(values)
    return np.array(out, dtype=np.float32).reshape(frame.height, len(feature_names))


def _encode(column: pl.Series, categories: Sequence[str]) -> np.ndarray:
    """Category codes (NaN for null and for values the model never saw)."""
    mapping = {value: float(code) for code, value in enumerate(categories)}
    coded = column.cast(pl.String).replace_strict(mapping, default=None, return_dtype=pl.Float32)
    return coded.to_numpy()


def build_dataset(
    frame: pl.DataFrame,
    labels: np.ndarray,
    feature_names: Sequence[str] = MODEL_FEATURES,
    categorical: Sequence[str] = CATEGORICAL_FEATURES,
) -> Dataset:
    """``labels`` holds one label per row of ``frame`` (None = unlabelled, dropped)."""
    if labels.shape[0] != frame.height:
        raise ValueError("labels must have one entry per frame row")
    keep = labelled_mask(labels)
    rows = frame.filter(pl.Series(keep)) if not keep.all() else frame
    kept = labels[keep].astype(str)
    ts_us = rows.get_column(TS_COLUMN).dt.epoch("us").to_numpy().astype(np.int64)
    order = np.argsort(ts_us, kind="stable")
    if not np.all(order == np.arange(order.shape[0])):
        rows, kept, ts_us = rows[order], kept[order], ts_us[order]
    label_names, y = np.unique(kept, return_inverse=True)
    encodings = fit_encodings(rows, [c for c in categorical if c in feature_names])
    return Dataset(
        X=feature_matrix(rows, feature_names, encodings),
        y=y.astype(np.int32),
        ts_us=ts_us,
        label_names=[str(name) for name in label_names],
        feature_names=list(feature_names),
        categorical_features=[c for c in categorical if c in feature_names],
        encodings=encodings,
    )


def labelled_mask(labels: np.ndarray) -> np.ndarray:
    """True where an object array of labels holds a label rather than None."""
    return np.asarray(labels != None, dtype=bool)  # noqa: E711 - elementwise on arrays


def _take(data: Dataset, rows: slice) -> Dataset:
    return Dataset(
        X=data.X[rows],
        y=data.y[rows],
        ts_us=data.ts_us[rows],
        label_names=data.label_names,
        feature_names=data.feature_names,
        categorical_features=data.categorical_features,
        encodings=data.encodings,
    )


def time_split(data: Dataset, validation_fraction: float = VALIDATION_FRACTION) -> Split:
    """Oldest rows train, newest validate; rows of one minute never straddle the boundary."""
    _require_classes(data.y, data.label_names, "labeled rows")
    if data.n_rows < 2 * MIN_ROWS_PER_SIDE:
        raise TrainingDataError(
            f"Too few labeled rows to split into training and validation: {data.n_rows} "
            f"(need at least {2 * MIN_ROWS_PER_SIDE}). Label more time and try again."
        )
    cut = data.n_rows - max(MIN_ROWS_PER_SIDE, round(data.n_rows * validation_fraction))
    cut = int(np.searchsorted(data.ts_us, data.ts_us[cut], side="left"))
    if cut < MIN_ROWS_PER_SIDE:
        raise TrainingDataError(
            "Too few labeled rows to split into training and validation: the labeled "
            "minutes do not spread over enough time."
        )
    train = _take(data, slice(0, cut))
    _require_classes(train.y, data.label_names, "training rows (the older part of the range)")
    return Split(
        train=train, validation=_take(data, slice(cut, None)), boundary_us=int(data.ts_us[cut])
    )


def _require_classes(y: np.ndarray, label_names: Sequence[str], where: str) -> None:
    present = np.unique(y)
    if present.shape[0] < 2:
        only = label_names[int(present[0])] if present.shape[0] else "none"
        raise TrainingDataError(
            f"Only one label class ({only}) in the {where}; training needs at least two "
            "different labels."
        )


def balanced_weights(y: np.ndarray, n_classes: int) -> np.ndarray:
    """Inverse class frequency, scaled so the weights average 1 over the rows."""
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    present = counts > 0
    per_class = np.zeros(n_classes, dtype=np.float64)
    per_class[present] = y.shape[0] / (present.sum() * counts[present])
    return per_class[y].astype(np.float32)


def dataset_hash(data: Dataset) -> str:
    """Identifies the exact training data cheaply: blake2b over the raw arrays and names."""
    digest = hashlib.blake2b(digest_size=16)
    for array in (data.X, data.y, data.ts_us):
        digest.update(str(array.shape).encode())
        digest.update(np.ascontiguousarray(array).data)
    digest.update("\x1f".join(data.label_names).encode())
    digest.update("\x1f".join(data.feature_names).encode())
    return digest.hexdigest()
