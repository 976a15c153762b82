"""Which job ends the tray's terminal announces."""

from __future__ import annotations

from datetime import UTC, datetime

from taskclf.cli.narrate import ended_news

BEGAN = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def status(job: str, state: str, started: str = "2026-12-01T12:00:05+00:00") -> dict[str, str]:
    return {"job_id": job, "status": state, "started_at": started}


def test_an_end_after_a_look_is_news_once() -> None:
    assert ended_news(status("a", "complete"), ("a", "running"), BEGAN)
    assert not ended_news(status("a", "complete"), ("a", "complete"), BEGAN)
    assert ended_news(status("b", "failed"), ("a", "complete"), BEGAN)
    assert not ended_news(status("b", "running"), ("a", "complete"), BEGAN)


def test_at_the_first_look_only_this_runs_jobs_are_news() -> None:
    """A job started and finished before the server first answered is still said; the last
    job of a previous run is not said again."""
    assert ended_news(status("a", "complete"), None, BEGAN)
    assert ended_news(status("a", "complete", "2026-12-01T12:00:00+00:00"), None, BEGAN)
    assert not ended_news(status("old", "complete", "2026-11-30T18:00:00+00:00"), None, BEGAN)
    assert not ended_news({"job_id": None, "status": "idle", "started_at": None}, None, BEGAN)
    assert not ended_news(status("odd", "failed", "not a time"), None, BEGAN)
