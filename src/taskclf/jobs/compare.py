"""What changed between two models: both replayed on the same labelled minutes of a range.

One implementation for ``GET /api/train/models/compare`` and ``taskclf model compare``. Each
model reads the range's feature rows with its own columns and is replayed by
``jobs.replay.replay_frame`` (decoded labels when the bundle has decoding, raw otherwise);
the minutes scored are those both models have rows for and a label span strictly contains,
as ``evaluate_bundle_on_range`` and training see them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from taskclf.core.errors import MSG_NO_LABELED_ROWS, NoLabeledRows
from taskclf.core.settings import Settings
from taskclf.jobs.replay import replay_frame
from taskclf.jobs.train import SpanArrays, load_features, load_spans, project
from taskclf.registry.loaded import LoadedModel, load_model
from taskclf.training import metrics
from taskclf.training.dataset import labelled_mask

if TYPE_CHECKING:
    from taskclf.labels.store import LabelStore

NEWEST_DAYS = 3
TOP_PAIRS = 10
TIE_DECIMALS = 3


def compare_models(
    settings: Settings,
    a_id: str,
    b_id: str,
    date_from: date,
    date_to: date,
    label_store: LabelStore | None = None,
) -> dict[str, Any]:
    """Raises ``BundleNotFound`` for an unknown id (before any data is read), else the
    training-data errors when the range has no features, spans or labelled minutes."""
    model_a = load_model(settings.models_dir, a_id)
    model_b = model_a if b_id == a_id else load_model(settings.models_dir, b_id)
    frame_a = load_features(settings, date_from, date_to, model_a.feature_names)
    spans = load_spans(settings, date_from, date_to, label_store)
    scored_a = _scored(model_a, frame_a, spans)
    if model_b is model_a:
        scored_b = scored_a
    else:
        frame_b = load_features(settings, date_from, date_to, model_b.feature_names)
        scored_b = _scored(model_b, frame_b, spans)
    rows = _joined(scored_a, scored_b, settings.timezone)
    names = _label_names(model_a, model_b, rows.get_column("truth").to_list())
    index = {name: code for code, name in enumerate(names)}
    y_true = _codes(rows.get_column("truth").to_list(), index)

    def scores(column: str) -> dict[str, Any]:
        return metrics.evaluate(y_true, _codes(rows.get_column(column).to_list(), index), names)

    result_a, result_b = scores("pred_a"), scores("pred_b")
    summary_a = _summary(a_id, "decoded" in scored_a.columns, result_a, scores("raw_a"))
    summary_b = _summary(b_id, "decoded" in scored_b.columns, result_b, scores("raw_b"))
    return {
        "a": summary_a,
        "b": summary_b,
        "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(),
        "n_rows": rows.height,
        "per_class": _per_class(names, result_a, result_b),
        "disagreements": _disagreements(rows),
        "newest_days": _newest_days(rows, index, names),
        "better": better(summary_a["macro_f1"], summary_b["macro_f1"]),
    }


def better(a_score: float, b_score: float) -> str:
    """``"a"``/``"b"`` by the higher score, ``"tie"`` when equal to three decimals."""
    a_round, b_round = round(a_score, TIE_DECIMALS), round(b_score, TIE_DECIMALS)
    if a_round == b_round:
        return "tie"
    return "a" if a_round > b_round else "b"


def _scored(model: LoadedModel, frame: pl.DataFrame, spans: SpanArrays) -> pl.DataFrame:
    """``bucket_start_ts``, ``truth``, the label scored (``pred``) and the raw one on the
    labelled minutes; a ``decoded`` column says ``pred`` is the decoded label (decoding runs
    over every minute of the range, as replay does)."""
    labels = project(frame, spans)
    keep = labelled_mask(labels)
    replayed = replay_frame(model, frame).filter(pl.Series(keep))
    decoded = "decoded" in replayed.columns
    return replayed.select(
        "bucket_start_ts",
        pl.Series("truth", labels[keep].astype(str).tolist(), dtype=pl.String),
        pl.col("decoded" if decoded else "label").alias("pred"),
        pl.col("label").alias("raw"),
        *([pl.lit(True).alias("decoded")] if decoded else []),
    )


def _joined(scored_a: pl.DataFrame, scored_b: pl.DataFrame, timezone: str) -> pl.DataFrame:
    """The minutes both models scored, oldest first, with their local day."""
    rows = scored_a.select(
        "bucket_start_ts", "truth", pl.col("pred").alias("pred_a"), pl.col("raw").alias("raw_a")
    ).join(
        scored_b.select(
            "bucket_start_ts", pl.col("pred").alias("pred_b"), pl.col("raw").alias("raw_b")
        ),
        on="bucket_start_ts",
        how="inner",
    )
    if rows.height == 0:
        raise NoLabeledRows(
            f"{MSG_NO_LABELED_ROWS}: the two models have no labelled feature minute in common "
            "(their bundles read different feature schemas)."
        )
    day = pl.col("bucket_start_ts").dt.convert_time_zone(timezone).dt.date().alias("day")
    return rows.sort("bucket_start_ts").with_columns(day)


def _label_names(model_a: LoadedModel, model_b: LoadedModel, truth: list[str]) -> list[str]:
    names = list(model_a.label_names)
    for name in [*model_b.label_names, *sorted(set(truth))]:
        if name not in names:
            names.append(name)
    return names


def _summary(
    model_id: str, decoded: bool, result: dict[str, Any], raw: dict[str, Any]
) -> dict[str, Any]:
    """``macro_f1``/``weighted_f1``/``accuracy`` on the labels scored (``scored_on``)."""
    return {
        "model_id": model_id,
        "scored_on": "decoded" if decoded else "raw",
        "macro_f1": result["macro_f1"],
        "weighted_f1": result["weighted_f1"],
        "accuracy": result["accuracy"],
        "decoded_macro_f1": result["macro_f1"] if decoded else None,
        "raw_macro_f1": raw["macro_f1"],
    }


def _per_class(
    names: list[str], result_a: dict[str, Any], result_b: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every label either model knows or the rows hold, in the models' label order."""
    cells_a, cells_b = result_a["per_class"], result_b["per_class"]
    return [
        {
            "label": name,
            "a_f1": cells_a[name]["f1"],
            "b_f1": cells_b[name]["f1"],
            "support": cells_a[name]["support"],
        }
        for name in names
    ]


def _disagreements(rows: pl.DataFrame) -> dict[str, Any]:
    """Minutes the two models label differently, and the label pairs, largest first."""
    differ = rows.filter(pl.col("pred_a") != pl.col("pred_b"))
    pairs = (
        differ.group_by("pred_a", "pred_b")
        .agg(pl.len().alias("minutes"))
        .sort(["minutes", "pred_a", "pred_b"], descending=[True, False, False])
        .head(TOP_PAIRS)
    )
    return {
        "minutes": differ.height,
        "share": round(differ.height / rows.height, 6) if rows.height else 0.0,
        "pairs": [
            {"a_label": a_label, "b_label": b_label, "minutes": int(minutes)}
            for a_label, b_label, minutes in pairs.iter_rows()
        ],
    }


def _newest_days(rows: pl.DataFrame, index: dict[str, int], names: list[str]) -> dict[str, Any]:
    """Both models on the last ``NEWEST_DAYS`` local days of the range with labelled rows."""
    days = rows.get_column("day").unique().sort().to_list()[-NEWEST_DAYS:]
    recent = rows.filter(pl.col("day").is_in(days))
    y_true = _codes(recent.get_column("truth").to_list(), index)
    a_macro = metrics.evaluate(y_true, _codes(recent["pred_a"].to_list(), index), names)
    b_macro = metrics.evaluate(y_true, _codes(recent["pred_b"].to_list(), index), names)
    return {
        "date_from": days[0].isoformat(),
        "date_to": days[-1].isoformat(),
        "a_macro_f1": a_macro["macro_f1"],
        "b_macro_f1": b_macro["macro_f1"],
        "better": better(a_macro["macro_f1"], b_macro["macro_f1"]),
    }


def _codes(values: list[str], index: dict[str, int]) -> np.ndarray:
    return np.array([index[value] for value in values], dtype=np.int32)
