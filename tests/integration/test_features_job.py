"""The build_features job against a real aw-server: progress, cancel, per-day errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from taskclf.aw.client import AwClient
from taskclf.cli.app import app
from taskclf.core.errors import Cancelled
from taskclf.core.progress import CancelToken
from taskclf.core.requests import DateRange
from taskclf.core.settings import load_settings
from taskclf.core.timeutil import utcnow
from taskclf.features.store import feature_path
from taskclf.jobs.build_features import build_features
from taskclf.synthetic.activity import generate_range
from taskclf.synthetic.seed import seed_events

pytestmark = pytest.mark.aw

DAYS = (date(2026, 1, 12), date(2026, 1, 14))


@pytest.fixture
def seeded(aw_server, unique_host, tmp_path):
    activity = generate_range(*DAYS, "UTC", seed=21)
    with AwClient(aw_server.base_url) as client:
        seed_events(client, activity.events, unique_host)
    settings = load_settings(
        {
            "data_dir": tmp_path,
            "aw_host": aw_server.base_url,
            "aw_hostname": unique_host,
            "timezone": "UTC",
        },
        env={},
    )
    return activity, settings


def test_progress_is_monotonic_and_ends_done(seeded):
    activity, settings = seeded
    seen: list[tuple[str, int]] = []
    outcome = build_features(
        DateRange(date_from=DAYS[0], date_to=DAYS[1]),
        settings,
        lambda step, pct, msg: seen.append((step, pct)),
        CancelToken(),
    )
    assert outcome.dates_built == [DAYS[0], DAYS[0] + timedelta(days=1), DAYS[1]]
    assert outcome.rows_written == activity.truth.height
    assert outcome.errors == []
    assert [s for s, _ in seen] == ["building_features"] * 3 + ["done"]
    pcts = [p for _, p in seen]
    assert pcts == sorted(pcts) and pcts[-1] == 100


def test_cancel_stops_between_days(seeded):
    _, settings = seeded
    token = CancelToken()
    with pytest.raises(Cancelled):
        build_features(
            DateRange(date_from=DAYS[0], date_to=DAYS[1]),
            settings,
            lambda step, pct, msg: token.cancel(),
            token,
        )
    assert feature_path(settings, DAYS[0]).exists()
    assert not feature_path(settings, DAYS[1]).exists()


def test_future_dates_are_reported_not_built(seeded):
    _, settings = seeded
    tomorrow = utcnow().date() + timedelta(days=1)
    outcome = build_features(
        DateRange(date_from=tomorrow, date_to=tomorrow), settings, lambda *a: None, CancelToken()
    )
    assert outcome.errors == [f"{tomorrow.isoformat()}: date is in the future"]
    assert not feature_path(settings, tomorrow).exists()


def test_a_day_with_nothing_recorded_is_empty_not_failed(seeded):
    """The spec's build_errors still list it; the job's message and the CLI call it empty."""
    _, settings = seeded
    before = DAYS[0] - timedelta(days=1)  # nothing seeded that day
    messages: list[str] = []
    outcome = build_features(
        DateRange(date_from=before, date_to=DAYS[0]),
        settings,
        lambda step, pct, msg: messages.append(msg),
        CancelToken(),
    )
    assert outcome.dates_built == [DAYS[0]]
    assert outcome.errors == [f"{before}: ActivityWatch has no window activity for this date"]
    assert outcome.dates_empty == [before.isoformat()] and outcome.failures == []
    assert messages[-1] == (
        f"Built features for 1 date(s), {outcome.rows_written} rows; "
        f"1 date(s) empty, ActivityWatch recorded nothing: {before}"
    )


def test_the_cli_table_calls_an_empty_day_empty(seeded):
    _, settings = seeded
    before = DAYS[0] - timedelta(days=1)
    where = ["--data-dir", str(settings.data_dir), "--aw-host", settings.aw_host,
             "--aw-hostname", settings.aw_hostname, "--timezone", "UTC"]  # fmt: skip
    build = ["features", "build", "--from", before.isoformat(), "--to", DAYS[0].isoformat()]
    result = CliRunner().invoke(app, [*where, *build], env={"TASKCLF_CONFIG": ""})
    assert result.exit_code == 1, result.output  # a day was not built: the exit code says so
    assert "empty: ActivityWatch recorded nothing" in " ".join(result.output.split())
    assert "failed" not in result.output
