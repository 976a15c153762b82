"""``GET /api/activity``: the dominant app per minute of a local day, built from ActivityWatch
when the day has no file (a real aw-server), never a title, and ActivityWatch down is a 200."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fixtures.api_fx import write_synthetic_features
from fixtures.aw_server import seed_activity
from taskclf.api.app import create_app
from taskclf.core.settings import Settings
from taskclf.core.timeutil import local_today
from taskclf.features.store import read_features

KEYS = {"minute", "app", "category", "active_seconds"}


def test_stored_day_gives_one_entry_per_feature_row(
    api_client: TestClient, api_settings: Settings
) -> None:
    data = write_synthetic_features(api_settings, date(2026, 1, 5), date(2026, 1, 5))
    body = api_client.get("/api/activity", params={"date": "2026-01-05"}).json()
    assert body["date"] == "2026-01-05" and body["timezone"] == "UTC" and "error" not in body
    day = data.frame.filter(data.frame["bucket_start_ts"].dt.date() == date(2026, 1, 5))
    assert len(body["minutes"]) == day.height > 0
    first = body["minutes"][0]
    assert set(first) == KEYS
    assert first["minute"] == day["bucket_start_ts"][0].isoformat()
    assert first["app"] == day["app_id"][0] and first["category"] == day["app_category"][0]


def test_activitywatch_down_is_200_with_an_error(api_client: TestClient) -> None:
    response = api_client.get("/api/activity", params={"date": "2026-01-07"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["minutes"] == [] and body["error"]


def test_a_future_day_is_empty_without_trying(api_client: TestClient) -> None:
    later = (local_today("UTC") + timedelta(days=3)).isoformat()
    body = api_client.get("/api/activity", params={"date": later}).json()
    assert body == {"date": later, "timezone": "UTC", "minutes": []}


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", "2026-1-5", "", "1900-01-01"])
def test_a_bad_date_is_422_naming_date(api_client: TestClient, value: str) -> None:
    response = api_client.get("/api/activity", params={"date": value})
    assert response.status_code == 422 and response.json()["field"] == "date", response.text


@pytest.mark.aw
def test_missing_day_is_built_from_activitywatch(
    aw_server: object, unique_host: str, tmp_path: Path
) -> None:
    url = aw_server.base_url  # type: ignore[attr-defined]
    activity = seed_activity(url, unique_host, date(2026, 1, 5), date(2026, 1, 5))
    settings = Settings(
        data_dir=tmp_path / "data",
        models_dir=tmp_path / "models",
        aw_host=url,
        aw_hostname=unique_host,
        timezone="UTC",
    )
    with TestClient(create_app(settings), base_url="http://127.0.0.1:8741") as client:
        body = client.get("/api/activity", params={"date": "2026-01-05"}).json()
    assert "error" not in body and len(body["minutes"]) > 100
    stored = read_features(settings, date(2026, 1, 5), date(2026, 1, 5), columns=["app_id"])
    assert [m["app"] for m in body["minutes"]] == stored["app_id"].to_list()
    assert all(set(m) == KEYS for m in body["minutes"])
    titles = set(activity.events.window["title"].to_list())
    assert not titles & {value for m in body["minutes"] for value in m.values()}
