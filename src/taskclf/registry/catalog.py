"""Which bundles exist, which can be trusted, and what each one says about itself.

A bundle is valid only if every required file is present and parses, its metrics carry the
keys the UI needs, LightGBM can read its model, the model's classes and features match the
label and feature names in metadata.json, and it was trained on a feature schema this taskclf
can still build (the current one, or v1, whose columns v2 keeps unchanged).
Anything else is listed with a human ``invalid_reason`` and refused by load/inspect.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb

from taskclf.core.errors import BundleInvalid, BundleNotFound
from taskclf.core.schema import KNOWN_SCHEMAS, SCHEMA_HASH
from taskclf.registry.bundle import (
    ACTIVE_FILE,
    BUNDLE_NAME,
    IMPORTANCE_FILE,
    METADATA_FILE,
    METRICS_FILE,
    MODEL_FILE,
    REQUIRED_FILES,
    run_number,
)
from taskclf.training.metrics import (
    REQUIRED_METRIC_KEYS,
    per_class_from_confusion,
    top_confusion_pairs,
)
from taskclf.training.signals import read_signal_table

MODEL_ID = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")
REQUIRED_METADATA_KEYS = ("schema_hash", "label_names", "feature_names", "categorical_encodings")


@dataclass(frozen=True)
class BundleInfo:
    model_id: str
    path: str
    valid: bool
    invalid_reason: str | None
    macro_f1: float | None
    weighted_f1: float | None
    created_at: str | None
    date_from: str | None = None
    date_to: str | None = None
    n_rows: int | None = None
    data_provenance: str | None = None
    active: bool = False
    activation_note: str | None = None  # why a valid bundle is not live, e.g. synthetic

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolve_bundle_dir(models_dir: Path, model_id: str) -> Path:
    """The bundle's directory, refusing ids that could name anything outside models_dir."""
    if not isinstance(model_id, str) or not MODEL_ID.match(model_id) or set(model_id) <= {"."}:
        raise BundleNotFound(f"model not found: {model_id!r}")
    root = models_dir.resolve()
    path = (root / model_id).resolve()
    if path.parent != root or model_id.startswith(".") or not path.is_dir():
        raise BundleNotFound(f"model not found: {model_id!r}")
    return path


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


ModelShape = tuple[int, int]  # (classes, features) as LightGBM reads model.txt
_model_check_cache: dict[tuple[str, int, int], str | ModelShape] = {}
_cache_lock = threading.Lock()


def _model_shape(path: Path) -> str | ModelShape:
    """LightGBM's own verdict on model.txt, cached by file identity (loading is not free)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        if key in _model_check_cache:
            return _model_check_cache[key]
    verdict: str | ModelShape
    try:
        booster = lgb.Booster(model_file=str(path))
        verdict = (booster.num_model_per_iteration(), booster.num_feature())
    except Exception as exc:  # LightGBMError, ValueError, UnicodeDecodeError...
        verdict = f"model.txt cannot be read by LightGBM: {str(exc).splitlines()[0][:160]}"
    with _cache_lock:
        _model_check_cache[key] = verdict
    return verdict


def _model_problem(path: Path, metadata: dict[str, Any], metrics: dict[str, Any]) -> str | None:
    """model.txt must load and match the label and feature lists the bundle predicts with."""
    shape = _model_shape(path / MODEL_FILE)
    if isinstance(shape, str):
        return shape
    labels, features = metadata["label_names"], metadata["feature_names"]
    if labels != metrics["label_names"]:
        return f"{METADATA_FILE} and {METRICS_FILE} disagree on label_names"
    if not isinstance(features, list) or shape != (len(labels), len(features)):
        return (
            f"{MODEL_FILE} has {shape[0]} classes and {shape[1]} features, but {METADATA_FILE} "
            f"lists {len(labels)} label_names and {_length(features)} feature_names"
        )
    return None


def _length(value: Any) -> str:
    return str(len(value)) if isinstance(value, list) else "no"


def check_bundle(path: Path) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
    """(invalid_reason or None, metadata, metrics) — cheap checks first."""
    missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
    if missing:
        return f"missing file: {', '.join(missing)}", {}, {}
    parsed: dict[str, Any] = {}
    for name in (METADATA_FILE, METRICS_FILE):
        try:
            parsed[name] = read_json(path / name)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return f"corrupt {name}: {exc}", {}, {}
        if not isinstance(parsed[name], dict):
            return f"corrupt {name}: not a JSON object", {}, {}
    metadata, metrics = parsed[METADATA_FILE], parsed[METRICS_FILE]
    reason = _keys_problem(metrics, REQUIRED_METRIC_KEYS, METRICS_FILE) or _keys_problem(
        metadata, REQUIRED_METADATA_KEYS, METADATA_FILE
    )
    reason = reason or _matrix_problem(metrics) or _model_problem(path, metadata, metrics)
    if reason is None and metadata["schema_hash"] not in KNOWN_SCHEMAS:
        reason = (
            "feature schema mismatch: bundle was trained on schema "
            f"{str(metadata['schema_hash'])[:12]}…, this taskclf uses {SCHEMA_HASH[:12]}…"
        )
    return reason, metadata, metrics


def _keys_problem(payload: dict[str, Any], keys: tuple[str, ...], name: str) -> str | None:
    absent = [key for key in keys if key not in payload]
    return f"{name} is missing keys: {', '.join(absent)}" if absent else None


def _matrix_problem(metrics: dict[str, Any]) -> str | None:
    labels, matrix = metrics["label_names"], metrics["confusion_matrix"]
    n = len(labels) if isinstance(labels, list) else -1
    square = isinstance(matrix, list) and len(matrix) == n
    if not square or not all(
        isinstance(row, list) and len(row) == n and all(isinstance(v, int) for v in row)
        for row in matrix
    ):
        return f"{METRICS_FILE}: confusion_matrix does not match label_names"
    return None


def bundle_info(path: Path, active_id: str | None = None) -> BundleInfo:
    """One list row; ``active`` only for a valid bundle that ``active.json`` names."""
    reason, metadata, metrics = check_bundle(path)
    n_rows = _number(metadata.get("n_labeled_rows"))
    return BundleInfo(
        model_id=path.name,
        path=str(path),
        valid=reason is None,
        invalid_reason=reason,
        macro_f1=_number(metrics.get("macro_f1")),
        weighted_f1=_number(metrics.get("weighted_f1")),
        created_at=_text(metadata.get("created_at")),
        date_from=_text(metadata.get("date_from")),
        date_to=_text(metadata.get("date_to")),
        n_rows=None if n_rows is None else int(n_rows),
        data_provenance=_text(metadata.get("data_provenance")),
        active=reason is None and path.name == active_id,
        activation_note=_activation_note(metadata, reason is None and path.name == active_id),
    )


def _activation_note(metadata: dict[str, Any], active: bool) -> str | None:
    """Synthetic bundles are never promoted automatically; the list says so."""
    synthetic = metadata.get("data_provenance") == "synthetic"
    return "not activated: synthetic" if synthetic and not active else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def active_pointer(models_dir: Path) -> dict[str, Any] | None:
    """``active.json`` as written by ``activate`` (``{model_id, activated_at}``), or None
    when there is no readable pointer."""
    try:
        payload = json.loads((models_dir / ACTIVE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("model_id"), str):
        return None
    return payload


def get_active(models_dir: Path) -> str | None:
    """The model id ``active.json`` points at, or None."""
    pointer = active_pointer(models_dir)
    return None if pointer is None else str(pointer["model_id"])


def list_bundles(models_dir: Path) -> list[BundleInfo]:
    """Every bundle directory (hidden/staging ones never), newest first."""
    if not models_dir.is_dir():
        return []
    paths = [p for p in models_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    active_id = get_active(models_dir)
    infos = [bundle_info(p, active_id) for p in paths if MODEL_ID.match(p.name)]
    return sorted(infos, key=_newest_first_key, reverse=True)


def _newest_first_key(info: BundleInfo) -> tuple[str, int, str]:
    match = BUNDLE_NAME.match(info.model_id)
    stamp = match.group(1) if match else ""
    return (stamp, run_number(info.model_id) or 0, info.model_id)


def valid_bundle_dir(
    models_dir: Path, model_id: str
) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    path = resolve_bundle_dir(models_dir, model_id)
    reason, metadata, metrics = check_bundle(path)
    if reason is not None:
        raise BundleInvalid(f"model {model_id} is invalid: {reason}")
    return path, metadata, metrics


def inspect_bundle(models_dir: Path, model_id: str) -> dict[str, Any]:
    """The inspect payload (DESIGN §8): path, metadata and the bundle-saved validation."""
    path, metadata, metrics = valid_bundle_dir(models_dir, model_id)
    return inspect_payload(path, metadata, metrics)


def inspect_payload(
    path: Path, metadata: dict[str, Any], metrics: dict[str, Any]
) -> dict[str, Any]:
    labels = [str(name) for name in metrics["label_names"]]
    matrix = metrics["confusion_matrix"]
    return {
        "bundle_path": str(path),
        "feature_importance": read_importance(path),
        "metadata": metadata,
        "bundle_saved_validation": {
            "macro_f1": metrics["macro_f1"],
            "weighted_f1": metrics["weighted_f1"],
            "label_names": labels,
            "confusion_matrix": matrix,
            "per_class_derived": per_class_from_confusion(matrix, labels),
            "top_confusion_pairs": top_confusion_pairs(matrix, labels),
        },
        "bundle_saved_validation_decoded": _decoded(metrics.get("decoded"), labels),
        "signal_table": read_signal_table(metrics.get("signal_table")),
    }


def _decoded(decoded: Any, labels: list[str]) -> dict[str, Any] | None:
    """The same validation, sequence-decoded (None for bundles made before decoding)."""
    if not isinstance(decoded, dict) or not {"label_names", "confusion_matrix"} <= set(decoded):
        return None
    if _matrix_problem(decoded) is not None:
        return None
    matrix = decoded["confusion_matrix"]
    return {
        "macro_f1": decoded.get("macro_f1"),
        "weighted_f1": decoded.get("weighted_f1"),
        "accuracy": decoded.get("accuracy"),
        "label_names": labels,
        "confusion_matrix": matrix,
        "per_class_derived": per_class_from_confusion(matrix, labels),
        "top_confusion_pairs": top_confusion_pairs(matrix, labels),
    }


def read_importance(path: Path) -> dict[str, float]:
    """Gain per feature, largest first; ``{}`` when the optional file is absent or unreadable
    (older bundles, or a damaged file that must not make a valid model uninspectable)."""
    try:
        payload = read_json(path / IMPORTANCE_FILE)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if not isinstance(payload, dict):
        return {}
    gains = {str(k): float(v) for k, v in payload.items() if _number(v) is not None}
    return dict(sorted(gains.items(), key=lambda item: (-item[1], item[0])))
