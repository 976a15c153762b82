"""Conflict regions from hand-built spans, and against a brute-force scan of small grids."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from taskclf.labels.conflicts import MAX_IDS, ConflictRegion, conflict_regions

Span = tuple[int, int, int, str]


def regions(spans: list[Span]) -> list[tuple[int, int, list[str], list[int], int]]:
    return [
        (r.start_us, r.end_us, list(r.labels), list(r.span_ids), r.span_count)
        for r in conflict_regions(spans)
    ]


def test_no_spans_and_lone_spans_have_no_conflicts() -> None:
    assert regions([]) == []
    assert regions([(1, 0, 10, "A")]) == []


def test_same_label_overlaps_and_touching_spans_are_not_conflicts() -> None:
    assert regions([(1, 0, 10, "A"), (2, 5, 15, "A"), (3, 15, 20, "B"), (4, 20, 30, "C")]) == []


def test_an_overlap_of_two_labels_is_one_region_with_both_spans() -> None:
    assert regions([(1, 0, 10, "Build"), (2, 5, 15, "Meet")]) == [
        (5, 10, ["Build", "Meet"], [1, 2], 2)
    ]


def test_adjacent_conflicts_merge_and_a_gap_splits() -> None:
    spans = [
        (1, 0, 10, "A"),
        (2, 5, 15, "B"),
        (3, 10, 20, "C"),  # B+C continue where A+B stop: one stretch 5..15
        (4, 30, 40, "A"),
        (5, 35, 36, "A"),
        (6, 38, 50, "D"),
    ]
    assert regions(spans) == [
        (5, 15, ["A", "B", "C"], [1, 2, 3], 3),
        (38, 40, ["A", "D"], [4, 6], 2),
    ]


def test_a_long_span_counts_in_every_region_it_overlaps() -> None:
    spans = [(1, 0, 100, "Build"), (2, 10, 20, "Meet"), (3, 50, 60, "Debug")]
    assert regions(spans) == [
        (10, 20, ["Build", "Meet"], [1, 2], 2),
        (50, 60, ["Build", "Debug"], [1, 3], 2),
    ]


def test_input_order_does_not_matter() -> None:
    spans = [(3, 10, 20, "C"), (1, 0, 10, "A"), (2, 5, 15, "B")]
    assert regions(spans) == [(5, 15, ["A", "B", "C"], [1, 2, 3], 3)]


def test_span_ids_are_capped_but_counted() -> None:
    spans = [(i, i, 10_000 + i, f"L{i % 3}") for i in range(1, 501)]
    [region] = conflict_regions(spans)
    assert region.span_count == 500
    assert list(region.span_ids) == list(range(1, MAX_IDS + 1))  # the earliest starts
    assert region.labels == ("L0", "L1", "L2")
    assert (region.start_us, region.end_us) == (2, 10_499)  # until span 499 (L1) ends


def test_to_json_is_the_rest_shape() -> None:
    region = ConflictRegion(0, 60_000_000, ("A", "B"), (4, 7), 2)
    assert region.to_json() == {
        "start_ts": "1970-01-01T00:00:00+00:00",
        "end_ts": "1970-01-01T00:01:00+00:00",
        "labels": ["A", "B"],
        "span_ids": [4, 7],
        "span_count": 2,
    }


def brute_force(spans: list[Span]) -> list[tuple[int, int, list[str], list[int], int]]:
    """Unit cells on a small grid: a cell conflicts when its covering spans disagree."""
    cells = sorted({t for _, lo, hi, _ in spans for t in range(lo, hi)})
    conflicting = [t for t in cells if len({lb for _, lo, hi, lb in spans if lo <= t < hi}) > 1]
    runs: list[list[int]] = []
    for t in conflicting:
        if runs and runs[-1][1] == t:
            runs[-1][1] = t + 1
        else:
            runs.append([t, t + 1])
    out = []
    for lo, hi in runs:
        inside = sorted((s_lo, s_hi, i) for i, s_lo, s_hi, _ in spans if s_lo < hi and s_hi > lo)
        labels = sorted({lb for _, s_lo, s_hi, lb in spans if s_lo < hi and s_hi > lo})
        ids = [i for _, _, i in inside]
        out.append((lo, hi, labels, ids[:MAX_IDS], len(ids)))
    return out


span_lists = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 15), st.sampled_from("ABC")),
    max_size=25,
).map(lambda rows: [(i + 1, lo, lo + width, lb) for i, (lo, width, lb) in enumerate(rows)])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(span_lists)
def test_the_sweep_agrees_with_a_brute_force_scan(spans: list[Span]) -> None:
    assert regions(spans) == brute_force(spans)
