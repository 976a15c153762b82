"""/ws/predictions and /api/ws/snapshot with a real training job in the app."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

STEP_ORDER = [
    "initializing", "loading_features", "projecting_labels", "splitting", "training", "saving",
    "done",
]  # fmt: skip
WS = {"host": "127.0.0.1:8741"}


def collect_until_finished(ws: Any) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while not events or events[-1]["type"] not in ("train_complete", "train_failed"):
        events.append(ws.receive_json())
    return events


def test_training_streams_ordered_progress_then_complete(api_client: TestClient) -> None:
    body = {"date_from": "2026-01-01", "date_to": "2026-01-10", "synthetic": True}
    with (
        api_client.websocket_connect("/ws/predictions", headers=WS) as first,
        api_client.websocket_connect("/ws/predictions", headers=WS) as second,
    ):
        job = api_client.post("/api/train/start", json=body | {"num_boost_round": 150}).json()
        events = collect_until_finished(first)
        assert collect_until_finished(second) == events
    progress = [e for e in events if e["type"] == "train_progress"]
    assert {e["job_id"] for e in events} == {job["job_id"]}
    steps = [e["step"] for e in progress]
    assert list(dict.fromkeys(steps)) == STEP_ORDER
    assert steps == sorted(steps, key=STEP_ORDER.index)
    pcts = [e["progress_pct"] for e in progress]
    assert pcts == sorted(pcts) and pcts[-1] == 100
    keys = {"type", "job_id", "kind", "step", "progress_pct", "message"}
    assert all(set(e) == keys and e["kind"] == "train" for e in progress)
    final = events[-1]
    status = api_client.get("/api/train/status").json()
    assert final == {
        "type": "train_complete",
        "job_id": job["job_id"],
        "kind": "train",
        "metrics": status["metrics"],
        "model_dir": status["model_dir"],
    }
    snapshot = api_client.get("/api/ws/snapshot").json()
    assert snapshot["train_complete"] == final
    assert snapshot["train_progress"] == progress[-1]


def test_a_feature_build_where_no_day_can_be_built_fails(api_client: TestClient) -> None:
    future = {"date_from": "2099-01-01", "date_to": "2099-01-02"}  # nothing to fetch yet
    with api_client.websocket_connect("/ws/predictions", headers=WS) as ws:
        job = api_client.post("/api/train/build-features", json=future).json()
        events = collect_until_finished(ws)
    assert events[0]["step"] == "building_features"
    assert events[-1]["type"] == "train_failed" and events[-1]["job_id"] == job["job_id"]
    assert "2099-01-01" in events[-1]["error"] and "2099-01-02" in events[-1]["error"]


def test_snapshot_is_empty_before_any_event(api_client: TestClient) -> None:
    assert api_client.get("/api/ws/snapshot").json() == {}
