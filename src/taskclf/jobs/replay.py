"""Replay: a saved model applied to the stored feature rows of a date range, minute by minute.

The one place that turns a bundle plus stored features into per-minute suggestions, so the
quality benchmark, ``model inspect --from`` and ``model compare`` all score what a user sees.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from taskclf.core.settings import Settings
from taskclf.registry.loaded import LoadedModel
from taskclf.training import decoding


def replay_range(
    settings: Settings, model: LoadedModel, date_from: date, date_to: date
) -> pl.DataFrame:
    """``bucket_start_ts``, ``label`` (per-minute best) and ``confidence`` for every stored
    minute of the range, oldest first."""
    from taskclf.jobs.train import load_features

    frame = load_features(settings, date_from, date_to, model.feature_names)
    return replay_frame(model, frame)


def replay_frame(
    model: LoadedModel, frame: pl.DataFrame, starts: np.ndarray | None = None
) -> pl.DataFrame:
    """Adds ``decoded`` (the sequence-decoded label) and its probability when the bundle
    carries transitions (bundles from before decoding existed do not). ``starts``: row
    indices where decoding starts afresh, so several days scored in one LightGBM call (one
    call on all rows, not one per day) decode exactly as each day scored alone."""
    proba = model.predict_proba(frame)
    best = proba.argmax(axis=1) if proba.shape[0] else np.empty(0, dtype=np.int64)
    names = np.asarray(model.label_names, dtype=object)
    out = pl.DataFrame(
        {
            "bucket_start_ts": frame.get_column("bucket_start_ts"),
            "label": names[best].astype(str),
            "confidence": proba[np.arange(proba.shape[0]), best],
        }
    )
    transitions = (model.metadata.get("decoding") or {}).get("transitions")
    if transitions is not None:
        ts_us = frame.get_column("bucket_start_ts").dt.epoch("us").to_numpy()
        trans = np.asarray(transitions, dtype=np.float64)
        path = decoding.decode(proba, trans, ts_us, starts)
        out = out.with_columns(
            pl.Series("decoded", names[path].astype(str), dtype=pl.Utf8),
            pl.Series("decoded_confidence", proba[np.arange(proba.shape[0]), path]),
        )
    return out
