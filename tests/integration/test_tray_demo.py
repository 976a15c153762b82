"""The demo world against a real aw-server: history, labels, and activity that keeps coming."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from taskclf.aw.client import AwClient
from taskclf.labels.store import LabelStore
from taskclf.tray.demo import DEMO_HOSTNAME, UNLABELLED_RECENT_DAYS, DemoWorld

pytestmark = pytest.mark.aw
NOW = datetime(2026, 3, 14, 21, 30, 15, tzinfo=UTC)  # a Saturday evening: no work planned


def _window_events(base_url: str, start: datetime, end: datetime) -> int:
    """Window events that began after ``start`` (AW returns overlapping ones clipped to it)."""
    with AwClient(base_url, hostname=DEMO_HOSTNAME) as client:
        window = client.fetch(start, end).window
    return window.filter(window["start_us"] > int(start.timestamp() * 1_000_000)).height


def test_history_labels_and_a_live_session_whatever_the_hour(fresh_aw_server, tmp_path: Path):
    world = DemoWorld(fresh_aw_server.base_url, "UTC", days=4)
    with LabelStore(tmp_path / "db.sqlite3") as labels:
        seeded = world.seed_history(labels, NOW.date(), NOW)
        spans = labels.list()
    assert seeded.date_from == date(2026, 3, 11)
    assert seeded.spans_labelled == len(spans) > 0
    cutoff = datetime(2026, 3, 14 - UNLABELLED_RECENT_DAYS, tzinfo=UTC)
    assert all(span.end_ts <= cutoff for span in spans)
    assert _window_events(fresh_aw_server.base_url, NOW - timedelta(minutes=40), NOW) > 0
    assert _window_events(fresh_aw_server.base_url, NOW, NOW + timedelta(hours=3)) == 0


def test_pending_activity_is_released_as_time_passes(fresh_aw_server, tmp_path: Path):
    world = DemoWorld(fresh_aw_server.base_url, "UTC", days=2)
    with LabelStore(tmp_path / "db.sqlite3") as labels:
        world.seed_history(labels, NOW.date(), NOW)
    later = NOW + timedelta(hours=2)
    assert world.release_until(later) > 0
    assert world.release_until(later) == 0
    assert _window_events(fresh_aw_server.base_url, NOW, later) > 0
