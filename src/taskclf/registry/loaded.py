"""A bundle loaded for prediction, forgiving about the frames it is handed.

The live suggester feeds whatever the current feature builder produces: columns the model
never saw are ignored, missing ones are NaN, and unseen app names become "missing".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import polars as pl

from taskclf.core.errors import BundleInvalid
from taskclf.registry.bundle import MODEL_FILE
from taskclf.registry.catalog import check_bundle, resolve_bundle_dir
from taskclf.training.dataset import feature_matrix


@dataclass(frozen=True)
class LoadedModel:
    model_id: str
    path: Path
    booster: lgb.Booster
    metadata: dict[str, Any]
    metrics: dict[str, Any]

    @property
    def label_names(self) -> list[str]:
        return [str(name) for name in self.metadata["label_names"]]

    @property
    def feature_names(self) -> list[str]:
        return [str(name) for name in self.metadata["feature_names"]]

    def matrix(self, frame: pl.DataFrame) -> np.ndarray:
        return feature_matrix(frame, self.feature_names, self.metadata["categorical_encodings"])

    def predict_proba(self, frame: pl.DataFrame) -> np.ndarray:
        """(n_rows, n_labels) probabilities, columns in ``label_names`` order."""
        if frame.height == 0:
            return np.empty((0, len(self.label_names)), dtype=np.float64)
        proba = np.asarray(self.booster.predict(self.matrix(frame)), dtype=np.float64)
        return proba.reshape(frame.height, -1)

    def predict(self, frame: pl.DataFrame) -> tuple[list[str], np.ndarray]:
        """Best label per row and its probability."""
        proba = self.predict_proba(frame)
        best = proba.argmax(axis=1) if proba.shape[0] else np.empty(0, dtype=np.int64)
        names = self.label_names
        return [names[int(i)] for i in best], proba[np.arange(proba.shape[0]), best]


def load_bundle(path: Path) -> LoadedModel:
    """Load a bundle directory, refusing it (``BundleInvalid``) unless it validates."""
    path = Path(path)
    reason, metadata, metrics = check_bundle(path)
    if reason is not None:
        raise BundleInvalid(f"model {path.name} is invalid: {reason}")
    booster = lgb.Booster(model_file=str(path / MODEL_FILE))
    return LoadedModel(path.name, path, booster, metadata, metrics)


def load_model(models_dir: Path, model_id: str) -> LoadedModel:
    return load_bundle(resolve_bundle_dir(models_dir, model_id))
