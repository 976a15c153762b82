"""Training and feature-build jobs through the HTTP API (in-process app, real files/SQLite)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.api_fx import add_label_spans, wait_for_job, write_synthetic_features
from taskclf.api.app import create_app
from taskclf.core.errors import (
    MSG_CANCELLED,
    MSG_EMPTY_FEATURES,
    MSG_NO_FEATURE_DATA,
    MSG_NO_LABEL_SPANS,
    MSG_NO_LABELED_ROWS,
)
from taskclf.core.settings import Settings
from taskclf.features.frame import empty_rows
from taskclf.features.store import feature_path, write_features

JOB_KEYS = {
    "job_id", "kind", "status", "step", "progress_pct", "message", "error", "metrics", "model_dir",
    "started_at", "finished_at",
}  # fmt: skip
RANGE = {"date_from": "2026-01-05", "date_to": "2026-01-07"}
LONG_SYNTHETIC = {
    "date_from": "2025-01-01",
    "date_to": "2025-03-01",
    "synthetic": True,
    "num_boost_round": 10000,
}


def start(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/train/start", json=body)
    assert response.status_code == 202, response.text
    payload: dict[str, Any] = response.json()
    return payload


def bundles(settings: Settings) -> list[str]:
    if not settings.models_dir.exists():
        return []
    return sorted(p.name for p in settings.models_dir.iterdir() if not p.name.startswith("."))


def test_status_is_idle_before_any_job(api_client: TestClient) -> None:
    response = api_client.get("/api/train/status")
    assert response.status_code == 200
    assert response.json() == {key: None for key in JOB_KEYS} | {
        "status": "idle",
        "progress_pct": 0,
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date_from": "2026-1-05", "date_to": "2026-01-07"}, "date_from"),
        ({"date_from": "20260105", "date_to": "2026-01-07"}, "date_from"),
        ({"date_from": "2026-01-05", "date_to": "2026-02-30"}, "date_to"),
        ({"date_from": "2026-01-07", "date_to": "2026-01-05"}, "date_from"),
        ({"date_from": "2025-01-01", "date_to": "2026-01-05"}, "date_to"),
        ({"date_to": "2026-01-05"}, "date_from"),
        ({"date_from": "9999-12-31", "date_to": "9999-12-31"}, "date_from"),
        (RANGE | {"num_boost_round": 0}, "num_boost_round"),
        (RANGE | {"num_boost_round": 10001}, "num_boost_round"),
        (RANGE | {"num_boost_round": "100"}, "num_boost_round"),
        (RANGE | {"class_weight": "inverse"}, "class_weight"),
        (RANGE | {"synthetic": "yes"}, "synthetic"),
        (RANGE | {"signal_report": "yes"}, "signal_report"),
        (RANGE | {"signal_report": 1}, "signal_report"),
        (RANGE | {"learning_rate": 0.1}, "learning_rate"),
    ],
)
def test_invalid_start_requests_name_the_field(
    api_client: TestClient, body: dict[str, Any], field: str
) -> None:
    response = api_client.post("/api/train/start", json=body)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert field in response.json()["detail"]
    assert api_client.get("/api/train/status").json()["status"] == "idle"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date_from": "2026-01-07", "date_to": "2026-01-05"}, "date_from"),
        (RANGE | {"synthetic": True}, "synthetic"),
        ({"date_from": "2026-01-05"}, "date_to"),
    ],
)
def test_invalid_build_requests_name_the_field(
    api_client: TestClient, body: dict[str, Any], field: str
) -> None:
    response = api_client.post("/api/train/build-features", json=body)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_synthetic_training_completes_with_a_bundle(
    api_client: TestClient, api_settings: Settings
) -> None:
    started = start(api_client, RANGE | {"synthetic": True, "num_boost_round": 30})
    assert set(started) == JOB_KEYS
    assert started["status"] == "running" and started["step"] == "initializing"
    assert started["progress_pct"] == 0 and started["message"] == "Starting…"
    status = wait_for_job(api_client)
    assert status["status"] == "complete", status
    assert status["job_id"] == started["job_id"]
    assert status["step"] == "done" and status["progress_pct"] == 100
    model_dir = Path(status["model_dir"])
    assert status["message"] == f"Model saved to {model_dir.name}; not activated: synthetic"
    assert bundles(api_settings) == [model_dir.name]
    saved = json.loads((model_dir / "metrics.json").read_text())
    assert status["metrics"] == {
        "macro_f1": pytest.approx(saved["macro_f1"]),
        "weighted_f1": pytest.approx(saved["weighted_f1"]),
    }
    assert datetime.fromisoformat(status["finished_at"]) >= datetime.fromisoformat(
        status["started_at"]
    )


def test_second_start_conflicts_and_cancel_leaves_no_bundle(
    api_client: TestClient, api_settings: Settings
) -> None:
    assert api_client.post("/api/train/cancel").status_code == 409
    job = start(api_client, LONG_SYNTHETIC)
    again = api_client.post("/api/train/start", json=LONG_SYNTHETIC)
    assert again.status_code == 409
    assert job["job_id"] in again.json()["detail"]
    assert api_client.post("/api/train/build-features", json=RANGE).status_code == 409
    cancelled = api_client.post("/api/train/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["job_id"] == job["job_id"]
    status = wait_for_job(api_client)
    assert status["status"] == "failed" and status["error"] == MSG_CANCELLED
    assert status["finished_at"] is not None and status["metrics"] is None
    assert bundles(api_settings) == []
    assert api_client.post("/api/train/cancel").status_code == 409
    snapshot = api_client.get("/api/ws/snapshot").json()
    assert snapshot["train_failed"] == {
        "type": "train_failed",
        "job_id": job["job_id"],
        "kind": "train",
        "error": MSG_CANCELLED,
    }


def _empty_files(settings: Settings) -> None:
    for day in (date(2026, 1, 5), date(2026, 1, 6)):
        write_features(feature_path(settings, day), empty_rows(), day, datetime.now(UTC))


def _features_only(settings: Settings) -> None:
    write_synthetic_features(settings, date(2026, 1, 5), date(2026, 1, 7))


def _short_labels(settings: Settings) -> None:
    _features_only(settings)
    base = datetime(2026, 1, 5, 10, 0, 30, tzinfo=UTC)  # 30 s spans never contain a minute
    half = timedelta(seconds=30)
    starts = [base + timedelta(minutes=n) for n in range(5)]
    add_label_spans(settings, [(s, s + half, "Build") for s in starts])


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda settings: None, MSG_NO_FEATURE_DATA),
        (_empty_files, MSG_EMPTY_FEATURES),
        (_features_only, MSG_NO_LABEL_SPANS),
        (_short_labels, MSG_NO_LABELED_ROWS),
    ],
)
def test_each_troubleshooting_message(
    api_client: TestClient, api_settings: Settings, prepare: Any, message: str
) -> None:
    prepare(api_settings)
    job = start(api_client, RANGE)
    status = wait_for_job(api_client)
    assert status["status"] == "failed"
    assert status["error"].startswith(message), status["error"]
    assert api_client.get("/api/ws/snapshot").json()["train_failed"] == {
        "type": "train_failed",
        "job_id": job["job_id"],
        "kind": "train",
        "error": status["error"],
    }
    assert bundles(api_settings) == []


def test_training_on_labelled_features(api_client: TestClient, api_settings: Settings) -> None:
    data = write_synthetic_features(api_settings, date(2026, 1, 5), date(2026, 1, 7))
    spans = [
        (datetime.fromtimestamp(s / 1e6, UTC), datetime.fromtimestamp(e / 1e6, UTC), str(lab))
        for s, e, lab in zip(data.span_starts_us, data.span_ends_us, data.span_labels, strict=True)
    ]
    add_label_spans(api_settings, spans)
    start(api_client, RANGE | {"num_boost_round": 20, "class_weight": "none"})
    status = wait_for_job(api_client)
    assert status["status"] == "complete", status
    metadata = json.loads((Path(status["model_dir"]) / "metadata.json").read_text())
    assert metadata["class_weight"] == "none"


def test_feature_build_with_activitywatch_down_fails_with_the_reason(
    api_client: TestClient,
) -> None:
    job = api_client.post("/api/train/build-features", json=RANGE)
    assert job.status_code == 202
    assert job.json()["step"] == "building_features"
    status = wait_for_job(api_client)
    assert status["status"] == "failed"
    assert "2026-01-05" in status["error"] and "ActivityWatch" in status["error"]
    assert status["model_dir"] is None and status["metrics"] is None


def test_the_last_job_survives_a_restart(api_settings: Settings) -> None:
    with TestClient(create_app(api_settings), base_url="http://127.0.0.1") as first:
        start(first, RANGE | {"synthetic": True, "num_boost_round": 10})
        finished = wait_for_job(first)
    with TestClient(create_app(api_settings), base_url="http://127.0.0.1") as second:
        assert second.get("/api/train/status").json() == finished
        assert second.get("/api/train/models").json()[0]["path"] == finished["model_dir"]


def test_a_job_cut_short_by_shutdown_reads_server_stopped(api_settings: Settings) -> None:
    with TestClient(create_app(api_settings), base_url="http://127.0.0.1") as first:
        job = start(first, LONG_SYNTHETIC)
    with TestClient(create_app(api_settings), base_url="http://127.0.0.1") as second:
        status = second.get("/api/train/status").json()
    assert status["job_id"] == job["job_id"]
    assert status["status"] == "failed"
    assert status["error"] == "Server stopped while the job was running"
