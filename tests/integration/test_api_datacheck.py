"""GET /api/train/data-check over existing features, labels, and an unreachable AW."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from fixtures.api_fx import add_label_spans, write_synthetic_features
from taskclf.core.settings import Settings
from taskclf.core.timeutil import utcnow

KEYS = {
    "date_from", "date_to", "dates_with_features", "dates_missing_features",
    "total_feature_rows", "label_span_count", "trainable_rows", "trainable_labels",
    "dates_built", "build_errors", "dropped_rows", "days",
}  # fmt: skip


def check(client: TestClient, date_from: str, date_to: str) -> dict:
    response = client.get(
        "/api/train/data-check", params={"date_from": date_from, "date_to": date_to}
    )
    assert response.status_code == 200, response.text
    payload = response.json()
    assert set(payload) == KEYS
    return payload


def test_counts_over_existing_features_and_labels(
    api_client: TestClient, api_settings: Settings
) -> None:
    write_synthetic_features(api_settings, date(2026, 1, 5), date(2026, 1, 6))  # 480 rows/day
    nine = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # the generator's day starts at 09:00
    add_label_spans(
        api_settings,
        [
            (nine, nine + timedelta(minutes=30), "Build"),  # 30 rows
            (nine + timedelta(minutes=60), nine + timedelta(minutes=70), "Write"),  # 5 alone
            (nine + timedelta(minutes=65), nine + timedelta(minutes=80), "Meet"),  # 5 shared, 10
            (nine + timedelta(minutes=100, seconds=30), nine + timedelta(minutes=102), "Debug"),
        ],
    )
    payload = check(api_client, "2026-01-05", "2026-01-06")
    assert payload["date_from"] == "2026-01-05" and payload["date_to"] == "2026-01-06"
    assert payload["dates_with_features"] == ["2026-01-05", "2026-01-06"]
    assert payload["dates_missing_features"] == []
    assert payload["total_feature_rows"] == 960
    assert payload["label_span_count"] == 4
    assert payload["trainable_rows"] == 30 + 5 + 10 + 1
    assert payload["trainable_labels"] == ["Build", "Debug", "Meet", "Write"]
    assert payload["dates_built"] == [] and payload["build_errors"] == []
    dropped = payload["dropped_rows"]
    assert dropped["conflicting"] == 5 and dropped["partial"] == 1
    assert dropped["unlabelled"] == 960 - 46 - 5 - 1
    assert payload["days"] == [
        {"date": "2026-01-05", "status": "existing", "rows": 480},
        {"date": "2026-01-06", "status": "existing", "rows": 480},
    ]


def test_activitywatch_down_gives_build_errors_not_500(
    api_client: TestClient, api_settings: Settings
) -> None:
    write_synthetic_features(api_settings, date(2026, 1, 5), date(2026, 1, 5))
    payload = check(api_client, "2026-01-04", "2026-01-06")
    assert payload["dates_with_features"] == ["2026-01-05"]
    assert payload["dates_missing_features"] == ["2026-01-04", "2026-01-06"]
    assert payload["dates_built"] == []
    assert [e[:12] for e in payload["build_errors"]] == ["2026-01-04: ", "2026-01-06: "]
    assert all("ActivityWatch" in e for e in payload["build_errors"])
    assert payload["total_feature_rows"] == 480 and payload["trainable_rows"] == 0
    assert [(d["status"], d["rows"]) for d in payload["days"]] == [
        ("error", 0),
        ("existing", 480),
        ("error", 0),
    ]


def test_an_unreadable_feature_file_is_a_build_error_not_500(
    api_client: TestClient, api_settings: Settings
) -> None:
    """A damaged file that cannot be rebuilt (ActivityWatch down) counts as missing."""
    from taskclf.features.store import feature_path

    write_synthetic_features(api_settings, date(2026, 1, 6), date(2026, 1, 6))
    broken = feature_path(api_settings, date(2026, 1, 5))
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not parquet")
    future = (utcnow() + timedelta(days=2)).date()
    damaged_future = feature_path(api_settings, future)
    damaged_future.parent.mkdir(parents=True)
    damaged_future.write_bytes(b"not parquet either")
    payload = check(api_client, "2026-01-05", "2026-01-06")
    assert payload["dates_with_features"] == ["2026-01-06"]
    assert payload["dates_missing_features"] == ["2026-01-05"]
    assert [e[:12] for e in payload["build_errors"]] == ["2026-01-05: "]
    assert payload["total_feature_rows"] == 480
    payload = check(api_client, future.isoformat(), future.isoformat())  # never rebuilt
    assert payload["dates_missing_features"] == [future.isoformat()]
    assert len(payload["build_errors"]) == 1 and "unreadable" in payload["build_errors"][0]


def test_future_days_are_reported_missing_without_errors(api_client: TestClient) -> None:
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    payload = check(api_client, tomorrow, tomorrow)
    assert payload["dates_missing_features"] == [tomorrow]
    assert payload["build_errors"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-01-06", "date_to": "2026-01-05"}, "date_from"),
        ({"date_from": "2026/01/05", "date_to": "2026-01-05"}, "date_from"),
        ({"date_from": "2024-01-01", "date_to": "2026-01-05"}, "date_to"),
        ({"date_from": "2026-01-05"}, "date_to"),
        ({"date_from": "2026-01-05", "date_to": "2026-01-05", "extra": "1"}, "extra"),
        ({"date_from": "9999-12-31", "date_to": "9999-12-31"}, "date_from"),  # no day after
        ({"date_from": "0001-01-01", "date_to": "0001-01-01"}, "date_from"),
    ],
)
def test_invalid_ranges_are_422(api_client: TestClient, params: dict, field: str) -> None:
    response = api_client.get("/api/train/data-check", params=params)
    assert response.status_code == 422
    assert response.json()["field"] == field


EMBEDDED_WITHOUT_MAIN_GUARD = """
import json, sys
from pathlib import Path
from fastapi.testclient import TestClient
from taskclf.api.app import create_app
from taskclf.core.settings import Settings
root = Path(sys.argv[1])
settings = Settings(data_dir=root / "d", models_dir=root / "m", timezone="UTC",
                    aw_host="http://127.0.0.1:9")
with TestClient(create_app(settings), base_url="http://127.0.0.1:8741") as client:
    r = client.get("/api/train/data-check", params={"date_from": "2026-01-04",
                                                    "date_to": "2026-01-05"})
print(json.dumps({"status": r.status_code, "body": r.json()}))
"""


@pytest.mark.slow
def test_worker_processes_that_cannot_start_fall_back_to_building_here(tmp_path) -> None:
    """A script with no ``__main__`` guard makes spawned workers die at start-up; the
    answer must still be the normal payload, not a 500."""
    import json
    import subprocess
    import sys

    script = tmp_path / "embed.py"
    script.write_text(EMBEDDED_WITHOUT_MAIN_GUARD)
    out = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == 200, out.stderr[-3000:]
    assert [e[:12] for e in result["body"]["build_errors"]] == ["2026-01-04: ", "2026-01-05: "]


@pytest.mark.aw
def test_a_day_activitywatch_has_no_data_for_is_a_build_error(
    aw_server, unique_host: str, tmp_path
) -> None:
    from taskclf.api.app import create_app
    from taskclf.aw.client import AwClient
    from taskclf.synthetic.activity import SynthConfig, generate_range
    from taskclf.synthetic.seed import seed_events

    day = date(2026, 1, 7)
    activity = generate_range(day, day, "UTC", seed=5, config=SynthConfig(late_night_prob=0))
    with AwClient(aw_server.base_url) as aw:
        seed_events(aw, activity.events, unique_host)
    settings = Settings(
        data_dir=tmp_path / "d", models_dir=tmp_path / "m", timezone="UTC",
        aw_host=aw_server.base_url, aw_hostname=unique_host,
    )  # fmt: skip
    with TestClient(create_app(settings), base_url="http://127.0.0.1:8741") as client:
        payload = check(client, "2026-01-07", "2026-01-08")
    assert payload["dates_built"] == ["2026-01-07"]
    assert payload["build_errors"] == [
        "2026-01-08: ActivityWatch has no window activity for this date"
    ]
    assert payload["dates_with_features"] == ["2026-01-07", "2026-01-08"]


def test_activitywatch_down_over_a_month_is_still_build_errors_not_500(
    api_client: TestClient,
) -> None:
    """Issue 9.1: with more than a few days to build, the first "unreachable" used to cancel
    queued work that was then read anyway (CancelledError → 500)."""
    payload = check(api_client, "2025-11-01", "2025-11-30")
    assert len(payload["build_errors"]) == 30
    assert all("ActivityWatch" in error for error in payload["build_errors"])
    assert {day["status"] for day in payload["days"]} == {"error"}
