"""The pure choice of which bundles a prune keeps."""

from __future__ import annotations

import pytest

from taskclf.core.errors import InvalidInput
from taskclf.registry.retention import plan_retention


def bundle(run: int, stamp: str = "2026-01-05_090000") -> str:
    return f"{stamp}_run-{run:04d}"


NAMES = [bundle(n) for n in range(1, 8)]  # run-0001 (oldest) .. run-0007 (newest)


def test_keeps_the_newest_n_and_removes_the_rest_newest_first() -> None:
    plan = plan_retention(NAMES, 3, protected=set())
    assert plan.keep == (bundle(7), bundle(6), bundle(5))
    assert plan.remove == (bundle(4), bundle(3), bundle(2), bundle(1))


def test_protected_bundles_are_kept_beyond_n() -> None:
    plan = plan_retention(NAMES, 2, protected={bundle(1), bundle(4)})
    assert plan.keep == (bundle(7), bundle(6), bundle(4), bundle(1))
    assert plan.remove == (bundle(5), bundle(3), bundle(2))


def test_protected_bundles_inside_n_do_not_make_room_for_more() -> None:
    plan = plan_retention(NAMES, 2, protected={bundle(7)})
    assert plan.keep == (bundle(7), bundle(6))


def test_order_is_save_order_not_input_order() -> None:
    shuffled = [NAMES[3], NAMES[6], NAMES[0], NAMES[5]]
    assert plan_retention(shuffled, 1, set()).keep == (bundle(7),)


def test_a_later_timestamp_is_newer_whatever_the_run_number() -> None:
    older, newer = bundle(9, "2026-01-05_090000"), bundle(2, "2026-01-06_090000")
    assert plan_retention([older, newer], 1, set()) == plan_retention([newer, older], 1, set())
    assert plan_retention([older, newer], 1, set()).keep == (newer,)


def test_run_numbers_order_bundles_saved_in_the_same_second() -> None:
    names = [bundle(9), bundle(10), bundle(100)]
    assert plan_retention(names, 1, set()).keep == (bundle(100),)


def test_keep_zero_keeps_only_the_protected() -> None:
    plan = plan_retention(NAMES, 0, protected={bundle(3)})
    assert plan.keep == (bundle(3),)
    assert len(plan.remove) == 6


def test_names_not_of_a_saved_bundle_are_never_touched() -> None:
    names = [*NAMES, "my-favourite", ".staging-12-ab", ".trash-x", "active.json"]
    plan = plan_retention(names, 1, set())
    assert set(plan.keep) | set(plan.remove) == set(NAMES)


def test_fewer_bundles_than_n_removes_nothing() -> None:
    assert plan_retention(NAMES[:2], 50, set()).remove == ()
    assert plan_retention([], 50, set()).keep == ()


def test_a_negative_keep_is_bad_input() -> None:
    with pytest.raises(InvalidInput):
        plan_retention(NAMES, -1, set())
