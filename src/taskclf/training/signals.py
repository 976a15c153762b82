"""The per-signal table: what each feature group buys, measured by leaving it out.

For each group still among a model's features, one more model is fitted on the same training
rows with the same rounds and parameters but without that group's columns, and scored on the
same validation rows, raw and sequence-decoded with the same transitions. The first row
(``removed: None``) is the model with every signal, so each row reads against it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from taskclf.core.progress import CancelToken
from taskclf.core.schema import FEATURE_GROUPS
from taskclf.training import decoding, lgbm, metrics
from taskclf.training.dataset import Dataset, Split

SIGNAL_GROUPS = ("context", "titles", "input", "app")  # the order of the table's rows

SignalRow = dict[str, Any]  # {"removed": str | None, "macro_f1": float, "macro_f1_decoded": ...}
RoundsFor = Callable[[str], lgbm.RoundFn]  # group -> progress callback for its fit


def removable_groups(feature_names: list[str]) -> list[str]:
    """Groups with at least one column in ``feature_names`` (removing an absent one is moot)."""
    present = {FEATURE_GROUPS.get(name) for name in feature_names}
    return [group for group in SIGNAL_GROUPS if group in present]


def kept_columns(feature_names: list[str], group: str) -> list[str]:
    return [name for name in feature_names if FEATURE_GROUPS.get(name) != group]


def without_group(data: Dataset, group: str) -> Dataset:
    """``data`` minus the columns of ``group`` (a copy of the kept columns, same rows)."""
    names = kept_columns(data.feature_names, group)
    keep = [data.feature_names.index(name) for name in names]
    return Dataset(
        X=np.ascontiguousarray(data.X[:, keep]),
        y=data.y,
        ts_us=data.ts_us,
        label_names=data.label_names,
        feature_names=names,
        categorical_features=[c for c in data.categorical_features if c in names],
        encodings={k: v for k, v in data.encodings.items() if k in names},
    )


def scores_row(
    removed: str | None, proba: np.ndarray, validation: Dataset, transitions: np.ndarray
) -> SignalRow:
    """Validation macro-F1 of ``proba``, raw (arg-max) and decoded as a sequence."""
    names = validation.label_names
    raw = metrics.evaluate(validation.y, proba.argmax(axis=1).astype(np.int32), names)
    decoded = decoding.decode(proba, transitions, validation.ts_us).astype(np.int32)
    smoothed = metrics.evaluate(validation.y, decoded, names)
    return {
        "removed": removed,
        "macro_f1": float(raw["macro_f1"]),
        "macro_f1_decoded": float(smoothed["macro_f1"]),
    }


def signal_table(
    split: Split,
    rounds: int,
    class_weight: str,
    transitions: np.ndarray,
    all_signals: SignalRow,
    rounds_for: RoundsFor,
    cancel: CancelToken,
) -> list[SignalRow]:
    """``all_signals`` (the main fit's row) first, then one fitted row per removable group."""
    rows = [all_signals]
    for group in removable_groups(split.train.feature_names):
        train = without_group(split.train, group)
        validation = without_group(split.validation, group)
        booster = lgbm.fit(train, rounds, class_weight, rounds_for(group), cancel, validation)
        proba = lgbm.validation_proba(booster)
        del booster, train
        rows.append(scores_row(group, proba, validation, transitions))
    return rows


def read_signal_table(value: Any) -> list[SignalRow] | None:
    """The table as stored in metrics.json, or None when absent or not of the expected shape
    (a damaged optional entry must not make a valid bundle uninspectable)."""
    if not isinstance(value, list) or not value:
        return None
    rows: list[SignalRow] = []
    for row in value:
        if not isinstance(row, dict) or row.get("removed") not in (None, *SIGNAL_GROUPS):
            return None
        raw, decoded = row.get("macro_f1"), row.get("macro_f1_decoded")
        if not isinstance(raw, int | float) or isinstance(raw, bool):
            return None
        if not (decoded is None or _is_number(decoded)):
            return None
        rows.append(
            {
                "removed": row["removed"],
                "macro_f1": float(raw),
                "macro_f1_decoded": None if decoded is None else float(decoded),
            }
        )
    return rows if rows[0]["removed"] is None else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
