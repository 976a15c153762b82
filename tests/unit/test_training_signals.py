"""The per-signal table: which columns a removal drops, and the stored table's exact shape."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from taskclf.core.schema import FEATURE_GROUPS, MODEL_FEATURES
from taskclf.training.dataset import Dataset
from taskclf.training.signals import (
    SIGNAL_GROUPS,
    read_signal_table,
    removable_groups,
    scores_row,
    without_group,
)

TABLE: list[dict[str, Any]] = [
    {"removed": None, "macro_f1": 0.9, "macro_f1_decoded": 0.95},
    {"removed": "context", "macro_f1": 0.88, "macro_f1_decoded": 0.93},
    {"removed": "titles", "macro_f1": 0.7, "macro_f1_decoded": None},
    {"removed": "input", "macro_f1": 0.89, "macro_f1_decoded": 0.94},
    {"removed": "app", "macro_f1": 1, "macro_f1_decoded": 0.9},
]


def dataset(names: list[str], rows: int = 4) -> Dataset:
    X = np.arange(rows * len(names), dtype=np.float32).reshape(rows, len(names))
    categorical = [n for n in ("app_id", "app_category") if n in names]
    return Dataset(
        X=X,
        y=np.zeros(rows, dtype=np.int32),
        ts_us=np.arange(rows, dtype=np.int64) * 60_000_000,
        label_names=["A", "B"],
        feature_names=names,
        categorical_features=categorical,
        encodings={name: ["x"] for name in categorical},
    )


def test_a_stored_table_reads_back_in_the_agreed_shape() -> None:
    read = read_signal_table(TABLE)
    assert read is not None
    assert [row["removed"] for row in read] == [None, *SIGNAL_GROUPS]
    assert all(set(row) == {"removed", "macro_f1", "macro_f1_decoded"} for row in read)
    assert read[4]["macro_f1"] == 1.0 and isinstance(read[4]["macro_f1"], float)
    assert read[2]["macro_f1_decoded"] is None


@pytest.mark.parametrize(
    "stored",
    [
        None,
        [],
        {"removed": None},
        TABLE[1:],  # the all-signals row must come first
        [TABLE[0], {**TABLE[1], "removed": "time"}],
        [TABLE[0], {**TABLE[1], "macro_f1": "0.8"}],
        [TABLE[0], {**TABLE[1], "macro_f1": True}],
        [TABLE[0], {**TABLE[1], "macro_f1_decoded": "x"}],
        [TABLE[0], "context"],
    ],
)
def test_anything_else_reads_as_no_table(stored: Any) -> None:
    assert read_signal_table(stored) is None


def test_removing_a_group_drops_exactly_its_columns() -> None:
    names = list(MODEL_FEATURES)
    data = dataset(names)
    for group in SIGNAL_GROUPS:
        kept = without_group(data, group)
        assert kept.feature_names == [n for n in names if FEATURE_GROUPS[n] != group]
        assert kept.X.shape == (data.n_rows, len(kept.feature_names))
        column = names.index(kept.feature_names[-1])
        assert np.array_equal(kept.X[:, -1], data.X[:, column])
        assert set(kept.categorical_features) <= set(kept.feature_names)
    assert without_group(data, "app").categorical_features == []
    assert without_group(data, "titles").categorical_features == ["app_id", "app_category"]


def test_only_groups_still_present_are_removable() -> None:
    assert removable_groups(list(MODEL_FEATURES)) == list(SIGNAL_GROUPS)
    no_titles = [n for n in MODEL_FEATURES if FEATURE_GROUPS[n] != "titles"]
    assert removable_groups(no_titles) == ["context", "input", "app"]


def test_a_row_scores_raw_and_decoded() -> None:
    data = dataset(["keys"], rows=6)
    data.y[:] = [0, 0, 0, 1, 1, 1]
    proba = np.array([[0.9, 0.1]] * 3 + [[0.2, 0.8]] * 3)
    row = scores_row("input", proba, data, np.array([[0.9, 0.1], [0.1, 0.9]]))
    assert row == {"removed": "input", "macro_f1": 1.0, "macro_f1_decoded": 1.0}
    wrong = scores_row(None, proba[::-1], data, np.array([[0.9, 0.1], [0.1, 0.9]]))
    assert wrong["macro_f1"] == 0.0
