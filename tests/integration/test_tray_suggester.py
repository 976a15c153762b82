"""The live suggester against a real aw-server and a real trained bundle."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from fixtures.training_fx import train_synthetic
from taskclf.aw.client import AwClient
from taskclf.core.settings import Settings
from taskclf.synthetic.activity import generate_range
from taskclf.synthetic.seed import seed_events
from taskclf.tray.suggester import Suggester

pytestmark = pytest.mark.aw
DAY = date(2026, 1, 7)


def train_real(settings: Settings, rounds: int = 5):  # type: ignore[no-untyped-def]
    """A bundle that says it came from ActivityWatch data (the auto-reload promotes only
    those); training itself is the synthetic pipeline, the only one that needs no labels."""
    outcome = train_synthetic(settings, rounds=rounds)
    path = Path(outcome.model_dir) / "metadata.json"
    metadata = json.loads(path.read_text())
    path.write_text(json.dumps(metadata | {"data_provenance": "activitywatch"}))
    return outcome


@pytest.fixture
def seeded(aw_server, unique_host: str, tmp_path: Path) -> tuple[Settings, datetime]:
    """Settings pointing at a seeded host, and a moment in the middle of its activity."""
    activity = generate_range(DAY, DAY, "UTC", seed=3)
    with AwClient(aw_server.base_url) as client:
        seed_events(client, activity.events, unique_host)
    minutes = activity.truth["minute_us"].to_numpy()
    middle = int(minutes[len(minutes) // 2])
    settings = Settings(
        data_dir=tmp_path / "data",
        models_dir=tmp_path / "models",
        aw_host=aw_server.base_url,
        aw_hostname=unique_host,
        timezone="UTC",
    )
    return settings, datetime.fromtimestamp(middle / 1e6, UTC) + timedelta(seconds=90)


def test_nothing_loaded_until_a_model_is_active(seeded) -> None:
    settings, now = seeded
    tray = Suggester(settings)
    tray.load_active()
    assert tray.get_tray_state() == {
        "loaded": False,
        "model_dir": None,
        "model_id": None,
        "error": None,
    }
    assert tray.predict_now(now) is None


def test_reload_activates_loads_and_announces(seeded) -> None:
    settings, _ = seeded
    outcome = train_real(settings)
    events: list[dict] = []
    tray = Suggester(settings, publish=events.append)
    tray.reload(Path(outcome.model_dir))
    assert events == [
        {"type": "model_loaded", "model_id": outcome.model_id, "model_dir": str(outcome.model_dir)}
    ]
    active = json.loads((settings.models_dir / "active.json").read_text())
    assert outcome.model_id in json.dumps(active)
    state = tray.get_tray_state()
    assert state["loaded"] is True
    assert state["model_id"] == outcome.model_id


def test_predicts_the_last_complete_minute(seeded) -> None:
    settings, now = seeded
    outcome = train_real(settings)
    events: list[dict] = []
    tray = Suggester(settings, publish=events.append)
    tray.reload(Path(outcome.model_dir))
    prediction = tray.predict_now(now)
    assert prediction is not None
    assert events[-1] == prediction
    last_minute = now.replace(second=0, microsecond=0) - timedelta(minutes=1)
    assert prediction["minute"] == last_minute.isoformat()
    assert prediction["model_id"] == outcome.model_id
    labels = json.loads((Path(outcome.model_dir) / "metadata.json").read_text())["label_names"]
    assert prediction["label"] in labels
    assert 0 < prediction["confidence"] <= 1


def test_an_invalid_bundle_is_reported_not_loaded(seeded) -> None:
    settings, _ = seeded
    outcome = train_real(settings)
    (Path(outcome.model_dir) / "model.txt").write_text("not a model")
    tray = Suggester(settings)
    tray.reload(Path(outcome.model_dir))
    state = tray.get_tray_state()
    assert state["loaded"] is False
    assert state["model_dir"] == str(outcome.model_dir)
    assert "model.txt" in state["error"]
    assert not (settings.models_dir / "active.json").exists()


def test_a_broken_new_bundle_keeps_the_working_model(seeded) -> None:
    """Auto-reload of a bundle that fails to load must not leave the tray with nothing:
    the old model stays loaded (and active), and the state says why the new one was refused."""
    settings, now = seeded
    good = train_real(settings)
    broken = train_real(settings)
    (Path(broken.model_dir) / "model.txt").write_text("not a model")
    tray = Suggester(settings)
    tray.reload(Path(good.model_dir))
    tray.reload(Path(broken.model_dir))
    state = tray.get_tray_state()
    assert state["loaded"] is True
    assert state["model_id"] == good.model_id
    assert state["model_dir"] == str(good.model_dir)
    assert broken.model_id in state["error"]
    assert good.model_id in (settings.models_dir / "active.json").read_text()
    prediction = tray.predict_now(now)
    assert prediction is not None and prediction["model_id"] == good.model_id


def test_the_live_row_equals_the_training_row_of_that_minute(seeded) -> None:
    """Train/serve parity: history-based columns (session length, rolling counts) must mean
    the same thing live as in the stored features the model was trained on."""
    import polars as pl

    from taskclf.features.store import read_features
    from taskclf.jobs.build_days import build_day

    settings, now = seeded
    build_day(DAY, settings)
    minute = now.replace(second=0, microsecond=0) - timedelta(minutes=1)
    stored = read_features(settings, DAY, DAY).filter(pl.col("bucket_start_ts") == minute)
    live = Suggester(settings).current_row(now)
    assert stored.height == live.height == 1
    assert live.to_dicts() == stored.to_dicts()
    assert live["session_minutes"][0] > 30  # the old 30-minute look-back capped this


def test_the_loop_survives_an_unexpected_failure_and_keeps_polling(seeded) -> None:
    """A bug is reported once (one ``prediction_error`` per change of state, not per poll)
    and the loop keeps polling after it."""
    import threading

    settings, _ = seeded
    settings = settings.model_copy(update={"poll_seconds": 0.01})
    outcome = train_real(settings, rounds=3)
    errors: list[dict] = []
    attempts: list[int] = []
    three = threading.Event()

    def record(event: dict) -> None:
        if event["type"] == "prediction_error":
            errors.append(event)

    def broken_client(_settings: Settings) -> AwClient:
        attempts.append(1)
        if len(attempts) >= 3:
            three.set()
        raise RuntimeError("watcher exploded")

    tray = Suggester(settings, client_factory=broken_client)
    tray.reload(Path(outcome.model_dir))
    tray.start(record)
    try:
        assert three.wait(60), errors
    finally:
        tray.stop()
    assert [e["error"] for e in errors] == ["Unexpected error: watcher exploded"]
    assert tray.state()["last_error"] == "Unexpected error: watcher exploded"


def test_the_loop_follows_an_activation_made_by_another_process(seeded) -> None:
    """``taskclf model activate`` only rewrites active.json; the running tray must switch to
    that bundle within one poll, announce it, and not reload a model it already has."""
    import threading

    from taskclf.registry import activate

    settings, _ = seeded
    settings = settings.model_copy(update={"poll_seconds": 0.05})
    older, newer = train_synthetic(settings, rounds=3), train_synthetic(settings, rounds=4)
    activate(settings.models_dir, newer.model_id)
    loaded: list[str] = []
    switched = threading.Event()

    def record(event: dict) -> None:
        if event["type"] == "model_loaded":
            loaded.append(event["model_id"])
            if event["model_id"] == older.model_id:
                switched.set()

    tray = Suggester(settings)
    tray.start(record)
    try:
        activate(settings.models_dir, older.model_id)
        assert switched.wait(30), loaded
    finally:
        tray.stop()
    assert loaded == [newer.model_id, older.model_id]
    assert tray.get_tray_state()["model_id"] == older.model_id
