"""A real ``taskclf tray --no-icon`` process against a real aw-server fed during the test:
suggestions over /ws/predictions, auto-reload after training through the API, a synthetic
run that leaves the active model alone, ``taskclf model activate`` from another process,
pause/resume, and ActivityWatch going away and coming back."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from fixtures.api_fx import UiServer, start_server, taskclf_command, wait_for_job
from fixtures.tray_fx import HOST, LiveFeed, restart, seed_history
from taskclf.synthetic.aw_process import AwServerProcess

pytestmark = [pytest.mark.aw, pytest.mark.slow]
WAIT_S = 90.0  # a hang guard only: polls are 1 s apart


class Events:
    """Every event the server streams, collected by a background WebSocket reader."""

    def __init__(self, url: str) -> None:
        self.items: list[dict[str, Any]] = []
        self._ws = connect(url.replace("http", "ws") + "/ws/predictions")
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            while True:
                self.items.append(json.loads(self._ws.recv()))
        except Exception:  # closed at the end of the module
            return

    def wait(self, match: Callable[[dict[str, Any]], bool], after: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            for event in self.items[after:]:
                if match(event):
                    return event
            time.sleep(0.1)
        raise AssertionError(f"no matching event; got {[e['type'] for e in self.items[after:]]}")

    def close(self) -> None:
        self._ws.close()


class World:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.data, self.models = tmp / "data", tmp / "models"
        self.aw = AwServerProcess().start()
        self.today = datetime.now(UTC).date()
        self.first, self.last = seed_history(self.aw.base_url, self.data / "taskclf.sqlite3",
                                             self.today)  # fmt: skip
        self.feed = LiveFeed(self.aw.base_url).start()
        args = ["--aw-hostname", HOST, "tray", "--no-icon", "--poll-seconds", "1",
                "--data-dir", str(self.data), "--models-dir", str(self.models),
                "--aw-host", self.aw.base_url, "--timezone", "UTC"]  # fmt: skip
        self.server: UiServer = start_server(args, tmp)
        self.events = Events(self.server.base_url)

    def state(self) -> dict[str, Any]:
        with self.server.client() as client:
            return dict(client.get("/api/tray/state").json())

    def wait_state(self, match: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            state = self.state()
            if match(state):
                return state
            time.sleep(0.2)
        raise AssertionError(f"state never matched: {state}\n{self.server.log()}")

    def train(self, **extra: Any) -> dict[str, Any]:
        span = {"date_from": str(self.first), "date_to": str(self.last)}
        with self.server.client() as client:
            check = client.get("/api/train/data-check", params=span).json()
            assert extra.get("synthetic") or check["trainable_rows"] > 0, check
            body = {**span, "num_boost_round": 15, **extra}
            assert client.post("/api/train/start", json=body).status_code == 202
            return wait_for_job(client)

    def close(self) -> None:
        self.events.close()
        self.server.stop()
        self.feed.stop()
        self.aw.stop()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    world = World(tmp_path_factory.mktemp("tray"))
    try:
        yield world
    finally:
        world.close()


def test_1_starts_without_a_model_and_says_so(world: World) -> None:
    state = world.state()
    assert state["model_id"] is None and state["paused"] is False, state
    assert state["aw_status"] == "ok" and state["poll_seconds"] == 1.0, state
    log = world.server.log()
    assert "ActivityWatch: ok" in log and "no model yet: label some time" in log, log


def test_2_training_on_real_data_goes_live_and_suggests(world: World) -> None:
    mark = len(world.events.items)
    status = world.train()
    assert status["status"] == "complete", status
    model_id = Path(status["model_dir"]).name
    loaded = world.events.wait(lambda e: e["type"] == "model_loaded", mark)
    assert loaded["model_id"] == model_id
    with world.server.client() as client:
        current = client.get("/api/train/models/current/inspect").json()
    assert current["loaded"] is True and current["bundle_path"] == status["model_dir"]
    event = world.events.wait(
        lambda e: e["type"] == "prediction" and e["model_id"] == model_id, mark
    )
    labels = set(current["metadata"]["label_names"])
    assert event["label"] in labels and event["smoothed_label"] in labels
    assert set(event["probabilities"]) == labels
    assert abs(sum(event["probabilities"].values()) - 1) < 1e-3
    assert event["unsure"] is (event["confidence"] < 0.5)
    assert isinstance(event["reason"], str) and event["reason"]
    assert event["minute"].endswith(":00+00:00")
    assert world.state()["last_prediction"]["type"] == "prediction"
    assert f"model: {model_id} is now live" in world.server.log()


def test_3_a_synthetic_run_leaves_the_active_model_alone(world: World) -> None:
    before = world.state()["model_id"]
    status = world.train(synthetic=True)
    assert status["status"] == "complete", status
    assert status["message"].endswith("not activated: synthetic"), status
    time.sleep(2)  # two polls
    assert world.state()["model_id"] == before
    with world.server.client() as client:
        listed = {m["model_id"]: m for m in client.get("/api/train/models").json()}
    synthetic = listed[Path(status["model_dir"]).name]
    assert synthetic["active"] is False
    assert synthetic["activation_note"] == "not activated: synthetic"
    assert listed[before]["activation_note"] is None
    assert "not activated: synthetic" in world.server.log()


def test_3b_back_to_back_jobs_are_each_said_once_in_the_terminal(world: World) -> None:
    """A build that ends as a training starts, inside one of the terminal's looks, is still
    said: the terminal reads the job history, not only the latest status."""
    day = {"date_from": str(world.last), "date_to": str(world.last)}
    with world.server.client() as client:
        assert client.post("/api/train/build-features", json=day).status_code == 202
        built = wait_for_job(client)
        body = {**day, "num_boost_round": 5, "synthetic": True}
        assert client.post("/api/train/start", json=body).status_code == 202
        trained = wait_for_job(client)
    assert built["status"] == trained["status"] == "complete", (built, trained)
    expected = [
        f"taskclf: job: feature build complete: {built['message']}",
        f"taskclf: job: training complete: {trained['message']}",
    ]
    deadline = time.monotonic() + WAIT_S
    while not all(line in world.server.log() for line in expected):
        assert time.monotonic() < deadline, world.server.log()
        time.sleep(0.2)
    said = [line for line in world.server.log().splitlines() if line.startswith("taskclf: job:")]
    assert said[-2:] == expected and len(said) == len(set(said)) == 4, said


def test_4_activation_from_the_command_line_goes_live_within_a_poll(world: World) -> None:
    with world.server.client() as client:
        models = client.get("/api/train/models").json()
    other = next(m["model_id"] for m in models if not m["active"])
    mark = len(world.events.items)
    done = subprocess.run(
        [*taskclf_command(), "model", "activate", other, "--models-dir", str(world.models)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    world.events.wait(lambda e: e["type"] == "model_loaded" and e["model_id"] == other, mark)
    assert world.state()["model_id"] == other
    with world.server.client() as client:
        current = client.get("/api/train/models/current/inspect").json()
    assert Path(current["bundle_path"]).name == other


def test_5_pause_stops_suggestions_and_resume_restarts_them(world: World) -> None:
    with world.server.client() as client:
        paused = client.post("/api/tray/pause").json()
        assert paused["paused"] is True
        models = client.get("/api/train/models").json()
        other = next(m["model_id"] for m in models if not m["active"] and m["valid"])
        mark = len(world.events.items)
        client.post(f"/api/train/models/{other}/activate")  # would re-predict at once
        time.sleep(4)
        assert [e for e in world.events.items[mark:] if e["type"] == "prediction"] == []
        assert client.post("/api/tray/resume").json()["paused"] is False
    event = world.events.wait(lambda e: e["type"] == "prediction", mark)
    assert event["model_id"] == other


def test_6_activitywatch_down_then_back(world: World) -> None:
    mark = len(world.events.items)
    world.aw.stop()
    state = world.wait_state(lambda s: s["aw_status"] == "unreachable")
    assert "ActivityWatch" in state["last_error"], state
    world.events.wait(lambda e: e["type"] == "prediction_error", mark)
    world.aw = restart(world.aw)
    world.wait_state(lambda s: s["aw_status"] == "ok")
    back = len(world.events.items)
    world.events.wait(lambda e: e["type"] == "prediction", back)
    errors = [e for e in world.events.items[mark:] if e["type"] == "prediction_error"]
    assert len(errors) <= 2, errors  # once per change of state, not once per poll
