"""AW's JSON event lists -> frames: whatever the server sends, a clear AwBadResponse."""

from __future__ import annotations

import json

import pytest

from taskclf.aw.events import parse_events
from taskclf.core.errors import AwBadResponse


def _event(duration: object, timestamp: object = "2026-01-05T10:00:00+00:00") -> dict:
    return {"timestamp": timestamp, "duration": duration, "data": {"app": "Code", "title": "t"}}


def test_well_formed_events_parse_and_naive_stamps_are_utc():
    frame = parse_events("window", [_event(1.5, "2026-01-05T10:00:00")])
    assert frame.row(0) == (1_767_607_200_000_000, 1_767_607_201_500_000, "Code", "t")


@pytest.mark.parametrize(
    "payload",
    [
        {"not": "a list"},
        [{"timestamp": "yesterday", "duration": 1, "data": {"app": "a"}}],
        [_event("long")],
        [_event(float("nan"))],
        json.loads('[{"timestamp": "2026-01-05T10:00:00Z", "duration": Infinity, "data": {}}]'),
        [_event(1e300)],
        [_event(-1e300)],
        [_event(1e13, "9999-12-31T23:59:59+00:00")],
        [_event(1) | {"data": ["app"]}],
    ],
)
def test_malformed_events_are_a_bad_response_naming_the_bucket(payload):
    with pytest.raises(AwBadResponse, match="bucket win_h") as info:
        parse_events("window", payload, "win_h")
    assert len(info.value.message) < 300  # one readable line, not a 300-digit number
