"""Strict-containment projection of label spans onto minute rows (CONTRACT STUB)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MINUTE_US = 60_000_000


@dataclass(frozen=True)
class Projection:
    labels: np.ndarray  # object array, one per minute row: label str, or None when dropped
    n_partial: int  # rows touched by a span but not fully contained in any
    n_conflicting: int  # rows fully contained in spans with different labels
    n_unlabelled: int  # rows touched by no span at all

    @property
    def keep(self) -> np.ndarray:
        """Boolean mask of rows that got a label."""
        raise NotImplementedError


def project_labels(
    minute_starts_us: np.ndarray,
    span_starts_us: np.ndarray,
    span_ends_us: np.ndarray,
    span_labels: np.ndarray,
) -> Projection:
    """Minute ``[s, s+60s)`` gets a label only if spans of one single label fully contain it.

    All timestamps are int64 microseconds since the Unix epoch (UTC).
    """
    raise NotImplementedError
