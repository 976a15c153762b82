"""The training journey against a real ``taskclf ui`` process and a real aw-server:
label days, data-check builds them, train, watch live events, and check every view of the
new model agrees with the bundle on disk."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect

from fixtures.api_fx import start_ui_server
from taskclf.aw.client import AwClient
from taskclf.core.settings import Settings
from taskclf.synthetic.activity import generate_range
from taskclf.synthetic.seed import seed_events

pytestmark = [pytest.mark.slow, pytest.mark.aw]
DAYS = (date(2026, 2, 2), date(2026, 2, 4))
STEP_ORDER = [
    "initializing", "loading_features", "projecting_labels", "splitting", "training", "saving",
    "done",
]  # fmt: skip


async def train_and_watch(port: int, body: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    import httpx

    events: list[dict[str, Any]] = []
    async with connect(f"ws://127.0.0.1:{port}/ws/predictions") as ws:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            code = (await client.post("/api/train/start", json=body)).status_code
        while not events or events[-1]["type"] not in ("train_complete", "train_failed"):
            event = json.loads(await asyncio.wait_for(ws.recv(), timeout=300))
            if event["type"].startswith("train_"):
                events.append(event)
    return code, events


def seeded_settings(aw_server: Any, host: str, tmp_path: Path) -> tuple[Settings, Any]:
    activity = generate_range(*DAYS, zone="UTC", seed=7)
    with AwClient(aw_server.base_url) as aw:
        seed_events(aw, activity.events, host)
    settings = Settings(
        data_dir=tmp_path / "data",
        models_dir=tmp_path / "models",
        aw_host=aw_server.base_url,
        aw_hostname=host,
        timezone="UTC",
    )
    return settings, activity


def label_and_prepare(client: Any, activity: Any) -> None:
    for span in activity.spans:
        body = {"start_ts": span.start.isoformat(), "end_ts": span.end.isoformat()}
        created = client.post("/api/labels", json=body | {"label": span.label})
        assert created.status_code == 201, created.text
    params = {"date_from": DAYS[0].isoformat(), "date_to": DAYS[1].isoformat()}
    check = client.get("/api/train/data-check", params=params).json()
    days = ["2026-02-02", "2026-02-03", "2026-02-04"]
    assert check["dates_built"] == days and check["build_errors"] == [], check
    assert check["dates_with_features"] == days
    assert check["label_span_count"] == len(activity.spans)
    assert check["trainable_rows"] > 0
    assert check["trainable_labels"] == sorted({s.label for s in activity.spans})


def assert_live_events(code: int, events: list[dict[str, Any]]) -> None:
    assert code == 202
    progress = [e for e in events if e["type"] == "train_progress"]
    steps = [e["step"] for e in progress]
    assert steps == sorted(steps, key=STEP_ORDER.index)
    assert steps[-1] == "done" and "training" in steps
    pcts = [e["progress_pct"] for e in progress]
    assert pcts == sorted(pcts)
    assert events[-1]["type"] == "train_complete", events[-1]


def assert_views_agree(client: Any, final: dict[str, Any]) -> None:
    status = client.get("/api/train/status").json()
    listed = client.get("/api/train/models").json()
    bundle = Path(status["model_dir"])
    inspected = client.get(f"/api/train/models/{bundle.name}/inspect").json()
    saved = json.loads((bundle / "metrics.json").read_text())
    assert status["status"] == "complete" and status["job_id"] == final["job_id"]
    assert final["model_dir"] == status["model_dir"] == listed[0]["path"]
    assert final["metrics"] == status["metrics"]
    assert [item["model_id"] for item in listed] == [bundle.name]
    for source in (status["metrics"], listed[0], inspected["bundle_saved_validation"]):
        assert source["macro_f1"] == pytest.approx(saved["macro_f1"])
        assert source["weighted_f1"] == pytest.approx(saved["weighted_f1"])
    assert inspected["bundle_path"] == str(bundle)
    assert inspected["metadata"] == json.loads((bundle / "metadata.json").read_text())
    assert inspected["bundle_saved_validation"]["confusion_matrix"] == saved["confusion_matrix"]


def test_label_prepare_train_and_inspect(aw_server: Any, unique_host: str, tmp_path: Path) -> None:
    settings, activity = seeded_settings(aw_server, unique_host, tmp_path)
    server = start_ui_server(settings, tmp_path)
    try:
        with server.client() as client:
            label_and_prepare(client, activity)
            body = {"date_from": "2026-02-02", "date_to": "2026-02-04", "num_boost_round": 60}
            code, events = asyncio.run(train_and_watch(server.port, body))
            assert_live_events(code, events)
            assert_views_agree(client, events[-1])
    except BaseException:
        print(server.log())  # shown by pytest on failure
        raise
    finally:
        server.stop()
