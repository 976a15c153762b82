"""How good a model is on held-out rows, in the shapes bundles and the inspect payload use.

Macro/weighted F1 are averaged over the labels present in the evaluated rows, so a class that
never occurs there does not drag the macro score down.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

REQUIRED_METRIC_KEYS = ("macro_f1", "weighted_f1", "label_names", "confusion_matrix")
TOP_PAIRS = 10


def evaluate(y_true: np.ndarray, y_pred: np.ndarray, label_names: Sequence[str]) -> dict[str, Any]:
    """``y_true``/``y_pred`` are codes into ``label_names``."""
    codes = np.arange(len(label_names))
    present = np.unique(y_true)
    matrix = confusion_matrix(y_true, y_pred, labels=codes)
    macro = f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)
    weighted = f1_score(y_true, y_pred, labels=present, average="weighted", zero_division=0)
    return {
        "macro_f1": round(float(macro), 6),
        "weighted_f1": round(float(weighted), 6),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 6),
        "n_rows": int(y_true.shape[0]),
        "label_names": list(label_names),
        "labels_evaluated": [label_names[int(code)] for code in present],
        "confusion_matrix": matrix.astype(int).tolist(),
        "per_class": per_class_from_confusion(matrix.tolist(), label_names),
        "top_confusion_pairs": top_confusion_pairs(matrix.tolist(), label_names),
    }


def per_class_from_confusion(
    matrix: Sequence[Sequence[int]], label_names: Sequence[str]
) -> dict[str, dict[str, float | int]]:
    """Precision/recall/F1/support per label, derived from the confusion matrix itself."""
    cm = np.asarray(matrix, dtype=np.float64).reshape(len(label_names), len(label_names))
    tp = np.diag(cm)
    predicted = cm.sum(axis=0)
    support = cm.sum(axis=1)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0)
    denom = precision + recall
    f1 = np.divide(2 * precision * recall, denom, out=np.zeros_like(tp), where=denom > 0)
    return {
        name: {
            "precision": round(float(precision[i]), 6),
            "recall": round(float(recall[i]), 6),
            "f1": round(float(f1[i]), 6),
            "support": int(support[i]),
        }
        for i, name in enumerate(label_names)
    }


def top_confusion_pairs(
    matrix: Sequence[Sequence[int]], label_names: Sequence[str], limit: int = TOP_PAIRS
) -> list[dict[str, Any]]:
    """Off-diagonal cells with a non-zero count, largest first (ties by label order)."""
    cells = [
        (int(count), i, j)
        for i, row in enumerate(matrix)
        for j, count in enumerate(row)
        if i != j and count > 0
    ]
    cells.sort(key=lambda cell: (-cell[0], cell[1], cell[2]))
    return [
        {"true_label": label_names[i], "pred_label": label_names[j], "count": count}
        for count, i, j in cells[:limit]
    ]


def confusion_csv(matrix: Sequence[Sequence[int]], label_names: Sequence[str]) -> str:
    """Rows are true labels, columns predicted labels; the header names the columns."""
    lines = [",".join(["true\\pred", *(_csv_cell(name) for name in label_names)])]
    for name, row in zip(label_names, matrix, strict=True):
        lines.append(",".join([_csv_cell(name), *(str(int(count)) for count in row)]))
    return "\n".join(lines) + "\n"


def _csv_cell(text: str) -> str:
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text
