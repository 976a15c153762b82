"""Strict-containment projection of label spans onto minute rows (DESIGN §6).

A minute ``[s, s+60s)`` is labelled only when at least one span fully contains it and every
span that fully contains it carries the same label. Spans are never merged: two same-label
spans that merely touch (``end == next start``) do not together contain a minute that
straddles the join — such a minute is *partial*, exactly as if the second span were missing.
This keeps the rule local to single spans, so what the user sees in the span list is what
the model trains on.

Each minute falls in exactly one class: labelled, conflicting (contained by spans of two or
more labels), partial (touched by a span, contained by none) or unlabelled (touched by none).

The work is ``O((rows + spans) log spans)`` with sorted-interval search:

- touched: ``#(start < s+60s) - #(end <= s)`` over all spans;
- contained by span ``i`` iff ``start_i <= s <= end_i - 60s``, so the containing count is
  ``#(start <= s) - #(end - 60s < s)`` over spans at least a minute long;
- one containing span comes from a running maximum of ends over spans sorted by start; the
  minute is uniform iff its containing count equals the containing count of that span's label
  alone (one more search per distinct label, over that label's rows only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from taskclf.core.errors import InvalidInput
from taskclf.core.timeutil import MINUTE_US

if TYPE_CHECKING:
    from taskclf.labels.store import LabelSpan

SpanArrays = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Projection:
    labels: np.ndarray  # object array, one per minute row: label str, or None when dropped
    n_partial: int  # rows touched by a span but not fully contained in any
    n_conflicting: int  # rows fully contained in spans with different labels
    n_unlabelled: int  # rows touched by no span at all
    mask: np.ndarray | None = None  # rows that got a label, when the projection computed it

    @cached_property
    def keep(self) -> np.ndarray:
        """Boolean mask of rows that got a label (the projection's own, not a Python loop
        over half a million labels: that loop cost more than the projection itself)."""
        if self.mask is not None:
            return self.mask
        return np.array([label is not None for label in self.labels], dtype=bool)

    @property
    def n_labelled(self) -> int:
        return int(self.keep.sum())


def project_labels(
    minute_starts_us: np.ndarray,
    span_starts_us: np.ndarray,
    span_ends_us: np.ndarray,
    span_labels: np.ndarray,
) -> Projection:
    """Minute ``[s, s+60s)`` gets a label only if spans of one single label fully contain it.

    All timestamps are int64 microseconds since the Unix epoch (UTC). Rows may come in any
    order; spans may overlap and come in any order.
    """
    rows = np.asarray(minute_starts_us, dtype=np.int64)
    starts, ends, labels = _checked_spans(span_starts_us, span_ends_us, span_labels)
    ordered = _ascending(rows)  # checked once: every search below queries these rows
    touched = _count(starts, rows + MINUTE_US, "left", ordered) - _count(
        ends, rows, "right", ordered
    )

    long_enough = ends - starts >= MINUTE_US
    c_starts, c_ends = starts[long_enough], ends[long_enough] - MINUTE_US
    names, codes = _codes(labels[long_enough])
    n_containing = _count(c_starts, rows, "right", ordered) - _count(c_ends, rows, "left", ordered)

    row_code = _one_containing_code(rows, c_starts, c_ends, codes)
    contained = n_containing > 0
    uniform = _uniform(rows, n_containing, row_code, c_starts, c_ends, codes, ordered)

    out = np.full(len(rows), None, dtype=object)
    out[uniform] = names[row_code[uniform]]
    return Projection(
        labels=out,
        n_partial=int(np.count_nonzero(~contained & (touched > 0))),
        n_conflicting=int(np.count_nonzero(contained & ~uniform)),
        n_unlabelled=int(np.count_nonzero(touched == 0)),
        mask=np.asarray(uniform, dtype=bool),
    )


def project_frame(
    features: pl.DataFrame, spans: SpanArrays | Sequence[LabelSpan]
) -> tuple[pl.DataFrame, Projection]:
    """The labelled rows of ``features`` (a ``label`` column added, dropped rows removed).

    ``spans`` is either ``LabelStore.span_arrays(...)`` or a list of ``LabelSpan``.
    """
    if "bucket_start_ts" not in features.columns:
        raise InvalidInput("feature frame has no bucket_start_ts column", field="bucket_start_ts")
    column = features["bucket_start_ts"]
    if not isinstance(column.dtype, pl.Datetime) or column.dtype.time_zone is None:
        raise InvalidInput("bucket_start_ts must be a timezone-aware datetime column")
    minutes = column.dt.convert_time_zone("UTC").dt.epoch("us").to_numpy()
    projection = project_labels(minutes, *_as_arrays(spans))
    keep = pl.Series(projection.keep)
    labelled = features.filter(keep).with_columns(
        pl.Series("label", projection.labels[projection.keep].tolist(), dtype=pl.String)
    )
    return labelled, projection


def _as_arrays(spans: SpanArrays | Sequence[LabelSpan]) -> SpanArrays:
    if isinstance(spans, tuple) and len(spans) == 3 and isinstance(spans[0], np.ndarray):
        return spans
    from taskclf.core.timeutil import to_us

    items = list(spans)
    labels = np.empty(len(items), dtype=object)
    labels[:] = [span.label for span in items]
    return (
        np.array([to_us(span.start_ts) for span in items], dtype=np.int64),
        np.array([to_us(span.end_ts) for span in items], dtype=np.int64),
        labels,
    )


def _checked_spans(starts: np.ndarray, ends: np.ndarray, labels: np.ndarray) -> SpanArrays:
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    labels = np.asarray(labels, dtype=object)
    if not starts.shape == ends.shape == labels.shape or starts.ndim != 1:
        raise InvalidInput("span starts, ends and labels must be 1-d arrays of one length")
    if np.any(ends <= starts):
        raise InvalidInput("every span must end after it starts", field="end_ts")
    return starts, ends, labels


def _count(values: np.ndarray, queries: np.ndarray, side: str, ordered: bool) -> np.ndarray:
    """How many values are ``< q`` (side="left") or ``<= q`` (side="right") for each query.

    Minute rows mostly come in time order (``ordered``: the queries ascend), and then the
    search runs the other way: the few thousand span edges are placed among the queries and
    their positions summed up, instead of half a million queries each searching the edges (a
    fifth of the time; same counts, tested against the plain search)."""
    if ordered and len(queries) > 2 * len(values):
        # v < q_i  <=>  #(q <= v) <= i;   v <= q_i  <=>  #(q < v) <= i
        positions = np.searchsorted(queries, values, side="right" if side == "left" else "left")
        return np.cumsum(np.bincount(positions, minlength=len(queries) + 1)[: len(queries)])
    return np.searchsorted(np.sort(values), queries, side=side).astype(np.int64)  # type: ignore[call-overload]


def _ascending(values: np.ndarray) -> bool:
    return bool(np.all(values[1:] >= values[:-1]))


def _codes(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(labels) == 0:
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    names, codes = np.unique(labels.astype(str), return_inverse=True)
    return names.astype(object), codes.astype(np.int64)


def _uniform(
    rows: np.ndarray,
    n_containing: np.ndarray,
    row_code: np.ndarray,
    c_starts: np.ndarray,
    c_last: np.ndarray,
    codes: np.ndarray,
    ordered: bool,
) -> np.ndarray:
    """Rows whose containing spans all carry ``row_code``: one search per label, on its rows."""
    uniform = np.zeros(len(rows), dtype=bool)
    for code in np.unique(row_code[row_code >= 0]):
        group = np.flatnonzero(row_code == code)  # in row order: still ascending when rows are
        mine = codes == code
        same = _count(c_starts[mine], rows[group], "right", ordered) - _count(
            c_last[mine], rows[group], "left", ordered
        )
        uniform[group] = same == n_containing[group]
    return uniform


def _one_containing_code(
    rows: np.ndarray, c_starts: np.ndarray, c_last: np.ndarray, codes: np.ndarray
) -> np.ndarray:
    """Label code of some span containing each row (-1 if none), via a running max of ends."""
    result = np.full(len(rows), -1, dtype=np.int64)
    if len(c_starts) == 0:
        return result
    order = np.argsort(c_starts, kind="stable")
    sorted_last = c_last[order]
    running = np.maximum.accumulate(sorted_last)
    holder = np.maximum.accumulate(np.where(sorted_last == running, np.arange(len(order)), 0))
    k = np.searchsorted(c_starts[order], rows, side="right") - 1
    has = k >= 0
    k_safe = np.where(has, k, 0)
    hit = has & (running[k_safe] >= rows)
    result[hit] = codes[order[holder[k_safe[hit]]]]
    return result
