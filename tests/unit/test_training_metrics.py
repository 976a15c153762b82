"""Metrics shapes: present-label averaging, matrix orientation, derived per-class, top pairs."""

from __future__ import annotations

import numpy as np
import pytest

from taskclf.training.metrics import (
    confusion_csv,
    evaluate,
    per_class_from_confusion,
    top_confusion_pairs,
)

NAMES = ["Build", "Meet", "Write"]


def test_confusion_rows_are_true_columns_predicted() -> None:
    y_true = np.array([0, 0, 0, 1, 1])
    y_pred = np.array([0, 1, 1, 1, 1])
    result = evaluate(y_true, y_pred, NAMES)
    assert result["confusion_matrix"] == [[1, 2, 0], [0, 2, 0], [0, 0, 0]]
    assert result["top_confusion_pairs"] == [
        {"true_label": "Build", "pred_label": "Meet", "count": 2}
    ]
    assert result["accuracy"] == pytest.approx(0.6)


def test_labels_absent_from_validation_do_not_drag_macro_f1() -> None:
    y = np.array([0, 0, 1, 1])
    result = evaluate(y, y, NAMES)  # Write never occurs
    assert result["macro_f1"] == 1.0 and result["weighted_f1"] == 1.0
    assert result["labels_evaluated"] == ["Build", "Meet"]
    assert result["per_class"]["Write"]["support"] == 0


def test_macro_and_weighted_differ_as_expected() -> None:
    y_true = np.array([0] * 8 + [1] * 2)
    y_pred = np.array([0] * 8 + [0, 1])
    result = evaluate(y_true, y_pred, NAMES)
    f1_build = 2 * (8 / 9) * 1 / (8 / 9 + 1)
    f1_meet = 2 * 1 * 0.5 / 1.5
    assert result["macro_f1"] == pytest.approx((f1_build + f1_meet) / 2, abs=1e-6)
    assert result["weighted_f1"] == pytest.approx(0.8 * f1_build + 0.2 * f1_meet, abs=1e-6)


def test_per_class_derived_from_matrix() -> None:
    derived = per_class_from_confusion([[3, 1, 0], [1, 1, 0], [0, 0, 0]], NAMES)
    assert derived["Build"] == {"precision": 0.75, "recall": 0.75, "f1": 0.75, "support": 4}
    assert derived["Meet"]["precision"] == 0.5 and derived["Meet"]["recall"] == 0.5
    assert derived["Write"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}


def test_top_pairs_largest_first_and_off_diagonal_only() -> None:
    pairs = top_confusion_pairs([[50, 1, 7], [3, 40, 0], [7, 9, 60]], NAMES)
    assert [p["count"] for p in pairs] == [9, 7, 7, 3, 1]
    assert pairs[0] == {"true_label": "Write", "pred_label": "Meet", "count": 9}
    assert pairs[1]["true_label"] == "Build"  # ties by row order


def test_confusion_csv_has_header_and_quotes() -> None:
    text = confusion_csv([[1, 2], [3, 4]], ["a,b", "c"])
    assert text.splitlines() == ['true\\pred,"a,b",c', '"a,b",1,2', "c,3,4"]
