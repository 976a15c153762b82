"""Context columns: what the previous 5 and 15 minutes looked like, from the past only.

A minute alone is ambiguous (a 90 s look at chat inside an hour of debugging); the minutes
before it are not. Every window ends at the row's own minute and reaches back, never forward,
so the live suggester (which has no future) computes exactly what training saw. Work is a
cumulative sum over the dense minute grid, linear in minutes. Pure.
"""

from __future__ import annotations

import numpy as np

from taskclf.core.schema import CONTEXT_CATEGORIES
from taskclf.features.apps import app_category
from taskclf.features.minutes import Pairs

WINDOWS = (5, 15)
_GROUP = {"chat": "comm", "email": "comm"}


def window_sums(per_cell: np.ndarray, g: np.ndarray, k: int) -> np.ndarray:
    """Sum over the ``k`` cells ending at each ``g`` (axis -1), from a cumulative sum."""
    zero = np.zeros((*per_cell.shape[:-1], 1))
    csum = np.concatenate([zero, np.cumsum(per_cell, axis=-1)], axis=-1)
    return csum[..., g + 1] - csum[..., np.maximum(g + 1 - k, 0)]


def app_context(
    by_app: Pairs, apps: np.ndarray, row_app: np.ndarray, size: int, g: np.ndarray
) -> dict[str, np.ndarray]:
    """Shares of recent active time in the row's own app and in each app category.

    ``by_app`` holds the time per (grid cell, app code); ``apps`` the sorted app ids the
    codes point into; ``row_app`` each row's dominant app code.
    """
    n_apps = max(len(apps), 1)
    seconds = by_app.us / 1e6
    per_app = np.bincount(by_app.key * size + by_app.cell, seconds, n_apps * size)
    per_app = per_app.reshape(n_apps, size)
    groups = np.array([_group_index(str(a)) for a in apps], dtype=np.int64)
    per_group = np.zeros((len(CONTEXT_CATEGORIES) + 1, size))
    np.add.at(per_group, groups, per_app[: len(groups)])
    total = per_app.sum(axis=0)
    out: dict[str, np.ndarray] = {}
    for k in WINDOWS:
        active = np.maximum(window_sums(total, g, k), 1e-9)
        own = _own_app_sums(per_app, row_app, g, k)
        out[f"app_share_{k}m"] = own / active
        shares = window_sums(per_group, g, k) / active
        for i, cat in enumerate(CONTEXT_CATEGORIES):
            out[f"cat_{cat}_{k}m"] = shares[i]
    return out


def _own_app_sums(per_app: np.ndarray, row_app: np.ndarray, g: np.ndarray, k: int) -> np.ndarray:
    zero = np.zeros((per_app.shape[0], 1))
    csum = np.concatenate([zero, np.cumsum(per_app, axis=1)], axis=1)
    return csum[row_app, g + 1] - csum[row_app, np.maximum(g + 1 - k, 0)]


def _group_index(app_id: str) -> int:
    """Index into CONTEXT_CATEGORIES, or the last (ignored) slot for other categories."""
    category = app_category(app_id)
    category = _GROUP.get(category, category)
    if category in CONTEXT_CATEGORIES:
        return CONTEXT_CATEGORIES.index(category)
    return len(CONTEXT_CATEGORIES)


def per_minute_rates(per_cell: np.ndarray, g: np.ndarray, k: int) -> np.ndarray:
    """Mean per minute over the last ``k`` minutes (NaN cells, no bucket, stay NaN)."""
    return window_sums(per_cell, g, k) / k
