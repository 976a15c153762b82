"""The model matrix: the same values whether a frame is one row (the tray) or many."""

from __future__ import annotations

import numpy as np
import polars as pl

from taskclf.training.dataset import SMALL_FRAME, feature_matrix

ENCODINGS = {"app_id": ["code", "firefox"]}
NAMES = ["app_id", "keys", "n_apps", "absent"]


def frame(rows: int) -> pl.DataFrame:
    apps = ["code", "firefox", None, "never-seen"] * rows
    keys = [1.5, None, 3.0, 4.0] * rows
    return pl.DataFrame(
        {"app_id": apps[:rows], "keys": keys[:rows], "n_apps": list(range(rows))},
        schema={"app_id": pl.String, "keys": pl.Float32, "n_apps": pl.Int16},
    )


def test_small_and_large_frames_give_the_same_matrix() -> None:
    big = frame(SMALL_FRAME * 3)
    whole = feature_matrix(big, NAMES, ENCODINGS)
    for start in range(0, big.height, 7):
        part = feature_matrix(big.slice(start, 5), NAMES, ENCODINGS)
        assert np.array_equal(part, whole[start : start + 5], equal_nan=True)


def test_codes_nulls_unknown_categories_and_missing_columns() -> None:
    matrix = feature_matrix(frame(4), NAMES, ENCODINGS)
    assert matrix.dtype == np.float32
    assert np.array_equal(matrix[:, 0], [0.0, 1.0, np.nan, np.nan], equal_nan=True)
    assert np.array_equal(matrix[:, 1], [1.5, np.nan, 3.0, 4.0], equal_nan=True)
    assert matrix[:, 2].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert np.isnan(matrix[:, 3]).all()
