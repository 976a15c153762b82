"""Strict-containment projection: edge cases by hand, then a property test against a reference."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskclf.core.errors import InvalidInput
from taskclf.core.timeutil import day_bounds, to_us
from taskclf.labels.projection import MINUTE_US, Projection, project_frame, project_labels

M = MINUTE_US
S = 1_000_000  # one second in µs


def project(rows: list[int], spans: list[tuple[int, int, str]]) -> Projection:
    labels = np.empty(len(spans), dtype=object)
    labels[:] = [label for _, _, label in spans]
    return project_labels(
        np.array(rows, dtype=np.int64),
        np.array([s for s, _, _ in spans], dtype=np.int64),
        np.array([e for _, e, _ in spans], dtype=np.int64),
        labels,
    )


def reference(rows: list[int], spans: list[tuple[int, int, str]]) -> tuple[list, int, int, int]:
    """The rule written as plainly as possible: one row, every span."""
    out: list[str | None] = []
    partial = conflicting = unlabelled = 0
    for s in rows:
        containing = {label for a, b, label in spans if a <= s and b >= s + M}
        touched = any(a < s + M and b > s for a, b, _ in spans)
        if len(containing) == 1:
            out.append(containing.pop())
            continue
        out.append(None)
        if containing:
            conflicting += 1
        elif touched:
            partial += 1
        else:
            unlabelled += 1
    return out, partial, conflicting, unlabelled


def test_span_edges_exactly_on_minute_boundaries_label_every_inner_minute() -> None:
    p = project([0, M, 2 * M, 3 * M], [(M, 3 * M, "Build")])
    assert p.labels.tolist() == [None, "Build", "Build", None]
    assert (p.n_partial, p.n_conflicting, p.n_unlabelled) == (0, 0, 2)
    assert p.keep.tolist() == [False, True, True, False]


def test_span_one_second_short_leaves_last_minute_partial() -> None:
    p = project([0, M], [(0, 2 * M - S, "Write")])
    assert p.labels.tolist() == ["Write", None]
    assert p.n_partial == 1


def test_span_starting_one_second_late_leaves_first_minute_partial() -> None:
    p = project([0, M], [(S, 2 * M, "Write")])
    assert p.labels.tolist() == [None, "Write"]
    assert p.n_partial == 1


def test_span_shorter_than_a_minute_only_makes_partials() -> None:
    p = project([0, M], [(10 * S, 50 * S, "Meet")])
    assert p.labels.tolist() == [None, None]
    assert (p.n_partial, p.n_unlabelled) == (1, 1)


def test_same_label_spans_touching_on_a_boundary_label_both_sides() -> None:
    p = project([0, M, 2 * M, 3 * M], [(0, 2 * M, "Debug"), (2 * M, 4 * M, "Debug")])
    assert p.labels.tolist() == ["Debug"] * 4


def test_same_label_spans_touching_mid_minute_do_not_merge() -> None:
    # The join at 1.5 min: minute [1, 2) is contained by neither span alone -> partial.
    p = project([0, M, 2 * M], [(0, 90 * S, "Debug"), (90 * S, 3 * M, "Debug")])
    assert p.labels.tolist() == ["Debug", None, "Debug"]
    assert p.n_partial == 1


def test_conflicting_overlap_drops_shared_minutes_only() -> None:
    p = project([0, M, 2 * M, 3 * M], [(0, 3 * M, "Build"), (2 * M, 4 * M, "Meet")])
    assert p.labels.tolist() == ["Build", "Build", None, "Meet"]
    assert (p.n_conflicting, p.n_partial, p.n_unlabelled) == (1, 0, 0)


def test_same_label_overlap_is_not_a_conflict() -> None:
    p = project([0, M, 2 * M], [(0, 3 * M, "Build"), (M, 2 * M, "Build")])
    assert p.labels.tolist() == ["Build"] * 3


def test_nested_different_label_conflicts_inside_and_partial_touch_does_not() -> None:
    spans = [(0, 5 * M, "Build"), (2 * M, 3 * M, "Meet"), (3 * M + 30 * S, 4 * M + 30 * S, "X")]
    p = project([0, M, 2 * M, 3 * M, 4 * M], spans)
    # Minute 3 and 4 are touched by X but contained only by Build: still Build.
    assert p.labels.tolist() == ["Build", "Build", None, "Build", "Build"]
    assert p.n_conflicting == 1


def test_span_across_midnight_labels_both_days() -> None:
    start = datetime(2026, 1, 5, 23, 30, tzinfo=UTC)
    rows = [to_us(start - timedelta(minutes=30)) + i * M for i in range(120)]
    p = project(rows, [(to_us(start), to_us(start + timedelta(hours=1)), "Write")])
    assert p.n_labelled == 60
    assert p.labels[30] == "Write" and p.labels[89] == "Write" and p.labels[90] is None


def test_span_across_dst_change_counts_real_minutes() -> None:
    zone = ZoneInfo("Europe/Berlin")  # 2026-03-29: 02:00 local jumps to 03:00
    lo, hi = day_bounds(date(2026, 3, 29), zone)
    rows = list(range(to_us(lo), to_us(hi), M))
    assert len(rows) == 23 * 60
    start = datetime(2026, 3, 29, 1, 30, tzinfo=zone)
    end = datetime(2026, 3, 29, 3, 30, tzinfo=zone)  # two wall-clock hours, one real hour
    p = project(rows, [(to_us(start), to_us(end), "Meet")])
    assert p.n_labelled == 60
    assert p.n_unlabelled == len(rows) - 60


def test_empty_inputs() -> None:
    p = project([], [])
    assert p.labels.tolist() == [] and p.keep.tolist() == []
    p = project([0, M], [])
    assert p.labels.tolist() == [None, None] and p.n_unlabelled == 2
    p = project([], [(0, M, "Build")])
    assert p.n_labelled == 0


def test_rows_in_any_order() -> None:
    p = project([2 * M, 0, M], [(0, 2 * M, "Build")])
    assert p.labels.tolist() == [None, "Build", "Build"]


def test_bad_spans_are_refused() -> None:
    with pytest.raises(InvalidInput):
        project([0], [(M, M, "Build")])
    with pytest.raises(InvalidInput):
        project_labels(np.array([0]), np.array([0, 1]), np.array([M]), np.array(["a"], object))


def test_project_frame_keeps_labelled_rows_with_label_column() -> None:
    base = datetime(2026, 1, 5, 9, tzinfo=UTC)
    frame = pl.DataFrame(
        {
            "bucket_start_ts": [base + timedelta(minutes=i) for i in range(4)],
            "x": [1, 2, 3, 4],
        },
        schema={"bucket_start_ts": pl.Datetime("us", "UTC"), "x": pl.Int64},
    )
    spans = (
        np.array([to_us(base + timedelta(minutes=1))], dtype=np.int64),
        np.array([to_us(base + timedelta(minutes=3))], dtype=np.int64),
        np.array(["Review"], dtype=object),
    )
    labelled, p = project_frame(frame, spans)
    assert labelled["x"].to_list() == [2, 3]
    assert labelled["label"].to_list() == ["Review", "Review"]
    assert p.n_unlabelled == 2


def test_project_frame_refuses_naive_timestamps() -> None:
    frame = pl.DataFrame({"bucket_start_ts": [datetime(2026, 1, 5, 9)]})
    with pytest.raises(InvalidInput):
        project_frame(frame, [])


# Coarse grid (quarter minutes) so that random spans often hit edges exactly.
_Q = 15 * S
_spans = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 24), st.sampled_from(["A", "B", "C"])),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.integers(0, 12), max_size=15),
    spans=_spans,
    jitter=st.sampled_from([0, 1, 7 * S]),
)
def test_vectorised_projection_matches_reference(
    rows: list[int], spans: list[tuple[int, int, str]], jitter: int
) -> None:
    row_us = [r * M + jitter for r in rows]
    span_us = [(a * _Q, (a + n) * _Q, label) for a, n, label in spans]
    p = project(row_us, span_us)
    labels, partial, conflicting, unlabelled = reference(row_us, span_us)
    assert p.labels.tolist() == labels
    assert (p.n_partial, p.n_conflicting, p.n_unlabelled) == (partial, conflicting, unlabelled)


@pytest.mark.parametrize("side", ["left", "right"])
def test_counting_edges_into_ordered_rows_equals_searching_each_row(side: str) -> None:
    """``_count`` places the span edges among ordered queries (the usual minute rows) instead
    of searching each query: the counts must be the plain search's, ties and repeats too."""
    from taskclf.labels.projection import _count

    rng = np.random.default_rng(11)
    for _ in range(200):
        values = rng.integers(0, 50, rng.integers(0, 12))
        queries = np.sort(rng.integers(-5, 55, rng.integers(30, 80)))
        expected = np.searchsorted(np.sort(values), queries, side=side)
        np.testing.assert_array_equal(_count(values, queries, side, ordered=True), expected)
        shuffled = rng.permutation(queries)  # out of order: the plain search
        expected = np.searchsorted(np.sort(values), shuffled, side=side)
        np.testing.assert_array_equal(_count(values, shuffled, side, ordered=False), expected)
