"""Pure rules behind label warnings and overlap trimming."""

from __future__ import annotations

import pytest

from taskclf.labels.advice import MSG_SHORT, edit_distance, lookalike, short_span
from taskclf.labels.overlap import remaining


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("Build", "Build", 0), ("Biuld", "Build", 1), ("Bild", "Build", 1), ("Buildd", "Build", 1),
     ("Duild", "Build", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("Meet", "Debug", 4)],
)  # fmt: skip
def test_edit_distance_counts_a_swap_as_one(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance == edit_distance(b, a)


def test_lookalike_names_the_known_label_only_for_new_names() -> None:
    known = ["Build", "Debug", "Meet"]
    assert lookalike("Biuld", known) == "'Biuld' looks like 'Build'"
    assert lookalike("BUILD", known) == "'BUILD' looks like 'Build'"
    assert lookalike("Build", known) is None  # already known
    assert lookalike("Deploy", known) is None  # far from all
    assert lookalike("Me", ["Mo"]) is None  # too short to call a typo


def test_short_span_is_under_one_minute() -> None:
    assert short_span(0, 59_999_999) == MSG_SHORT
    assert short_span(0, 60_000_000) is None


@pytest.mark.parametrize(
    ("old", "new", "left"),
    [((0, 10), (2, 5), [(0, 2), (5, 10)]),  # strictly inside: split in two
     ((0, 10), (0, 5), [(5, 10)]), ((0, 10), (5, 10), [(0, 5)]),  # trimmed
     ((0, 10), (-1, 11), []), ((0, 10), (0, 10), []),  # covered: removed
     ((0, 10), (8, 20), [(0, 8)]), ((0, 10), (-5, 3), [(3, 10)])],
)  # fmt: skip
def test_remaining_cuts_the_new_span_out(
    old: tuple[int, int], new: tuple[int, int], left: list[tuple[int, int]]
) -> None:
    assert remaining(*old, *new) == left
