"""The feature build's one-line summary: built, empty and failed days each named as such."""

from __future__ import annotations

from datetime import date

from taskclf.jobs.build_days import MSG_NO_EVENTS, DaysBuilt
from taskclf.jobs.build_features import summary


def test_empty_days_and_failures_are_told_apart() -> None:
    outcome = DaysBuilt(
        dates_built=[date(2026, 1, 5)],
        rows_by_date={date(2026, 1, 5): 480},
        errors=[
            f"2026-01-03: {MSG_NO_EVENTS}",
            f"2026-01-04: {MSG_NO_EVENTS}",
            "2026-01-06: date is in the future",
        ],
    )
    assert outcome.dates_empty == ["2026-01-03", "2026-01-04"]
    assert outcome.failures == ["2026-01-06: date is in the future"]
    assert summary(outcome) == (
        "Built features for 1 date(s), 480 rows; 2 date(s) empty, ActivityWatch recorded "
        "nothing: 2026-01-03, 2026-01-04; 1 date(s) failed: 2026-01-06: date is in the future"
    )


def test_a_clean_build_says_only_what_it_built() -> None:
    outcome = DaysBuilt(dates_built=[date(2026, 1, 5)], rows_by_date={date(2026, 1, 5): 3})
    assert summary(outcome) == "Built features for 1 date(s), 3 rows"
