"""Request validation shared by the CLI and the API (DESIGN §7)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from taskclf.core.requests import DateRange, TrainRequest
from taskclf.core.timeutil import day_bounds, get_zone, parse_date


def test_defaults_follow_the_spec() -> None:
    request = TrainRequest.model_validate({"date_from": "2026-01-01", "date_to": "2026-01-31"})
    assert (request.num_boost_round, request.class_weight, request.synthetic) == (
        100,
        "balanced",
        False,
    )
    assert request.date_from == date(2026, 1, 1)
    assert request.signal_report is False  # the per-signal fits are opt-in


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"date_from": "20260101", "date_to": "2026-01-02"}, "YYYY-MM-DD"),
        ({"date_from": "2026-02-30", "date_to": "2026-03-02"}, "not a real date"),
        ({"date_from": 20260101, "date_to": "2026-01-02"}, "YYYY-MM-DD"),
        ({"date_from": "2026-01-03", "date_to": "2026-01-02"}, "on or before"),
        ({"date_from": "2025-01-01", "date_to": "2026-01-02"}, "at most 366"),
        ({"date_from": "2026-01-01", "date_to": "2026-01-02", "num_boost_round": 0}, "greater"),
        ({"date_from": "2026-01-01", "date_to": "2026-01-02", "num_boost_round": 10001}, "less"),
        ({"date_from": "2026-01-01", "date_to": "2026-01-02", "num_boost_round": "5"}, "integer"),
        ({"date_from": "2026-01-01", "date_to": "2026-01-02", "class_weight": "x"}, "balanced"),
        ({"date_from": "2026-01-01", "date_to": "2026-01-02", "synthetic": "yes"}, "boolean"),
        ({"date_from": "2026-01-01", "date_to": "2026-01-02", "signal_report": 1}, "boolean"),
        ({"date_from": "2026-01-01", "date_to": "2026-01-02", "extra": 1}, "Extra inputs"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(body: dict, needle: str) -> None:
    with pytest.raises(ValidationError, match=needle):
        TrainRequest.model_validate(body)


def test_a_leap_year_of_366_days_is_allowed() -> None:
    DateRange.model_validate({"date_from": "2024-01-01", "date_to": "2024-12-31"})


def test_day_bounds_follow_the_zone_across_dst() -> None:
    berlin = get_zone("Europe/Berlin")
    start, end = day_bounds(parse_date("2026-03-29"), berlin)  # clocks go forward: 23 hours
    assert (end - start).total_seconds() == 23 * 3600
    assert start.isoformat() == "2026-03-28T23:00:00+00:00"
