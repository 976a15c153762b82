"""Power cuts during jobs (issue 9): a real server is SIGKILLed at random moments of a
training or a feature build, then started again on the same directories.

After every kill: no process outlives the server; the restarted server's job reads
``failed`` or ``complete`` (never ``running``), and a ``complete`` one names a valid bundle;
every bundle listed is valid; every feature file reads. CI does a few kills of each kind;
``make soak`` sets TASKCLF_SOAK_KILLS for hundreds.
"""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
import psutil
import pytest

from fixtures.api_fx import start_ui_server
from fixtures.aw_server import seed_activity
from taskclf.core.settings import Settings
from taskclf.features.store import read_features
from taskclf.registry import list_bundles

pytestmark = pytest.mark.slow
KILLS = int(os.environ.get("TASKCLF_SOAK_KILLS", "3"))
TRAIN = {"date_from": "2025-01-01", "date_to": "2025-01-20", "synthetic": True,
         "num_boost_round": 300}  # fmt: skip


def _kill_and_check_orphans(server_pid: int) -> None:
    children = psutil.Process(server_pid).children(recursive=True)
    os.kill(server_pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(c) for c in children):
        time.sleep(0.05)
    survivors = [c.pid for c in children if _alive(c)]
    for child in children:
        if _alive(child):
            child.kill()
    assert survivors == [], "a worker outlived the server"


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _check_state_after_restart(settings: Settings, tmp_path: Path) -> dict:
    server = start_ui_server(settings, tmp_path)
    try:
        status = httpx.get(f"{server.base_url}/api/train/status", timeout=30).json()
    finally:
        server.stop()
    assert status["status"] in ("idle", "failed", "complete"), status
    if status["status"] == "complete" and status["kind"] == "train":
        assert Path(status["model_dir"]).is_dir(), status
    for info in list_bundles(settings.models_dir):
        assert info.valid, info
    return status


def _kill_cycles(
    settings: Settings, tmp_path: Path, path: str, body: dict, wait_s: tuple[float, float]
) -> None:
    """Start the job, kill the server after a random wait, restart and check; KILLS times."""
    rng = random.Random(9)
    for _ in range(KILLS):
        server = start_ui_server(settings, tmp_path)
        started = httpx.post(f"{server.base_url}{path}", json=body, timeout=30)
        assert started.status_code == 202, started.text
        time.sleep(rng.uniform(*wait_s))
        _kill_and_check_orphans(server.process.pid)
        server.process.wait()
        _check_state_after_restart(settings, tmp_path)


def test_training_survives_sigkill_at_random_moments(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d", models_dir=tmp_path / "m", timezone="UTC",
                        aw_host="http://127.0.0.1:9")  # fmt: skip
    _kill_cycles(settings, tmp_path, "/api/train/start", TRAIN, (0.2, 6.0))


@pytest.mark.aw
def test_feature_builds_survive_sigkill_at_random_moments(
    aw_server, unique_host: str, tmp_path: Path
) -> None:
    first = date(2026, 1, 5)
    last = first + timedelta(days=6)
    seed_activity(aw_server.base_url, unique_host, first, last)
    settings = Settings(data_dir=tmp_path / "d", models_dir=tmp_path / "m", timezone="UTC",
                        aw_host=aw_server.base_url, aw_hostname=unique_host)  # fmt: skip
    body = {"date_from": str(first), "date_to": str(last)}
    _kill_cycles(settings, tmp_path, "/api/train/build-features", body, (0.1, 3.0))
    read_features(settings, first, last)  # every file there reads whole (or this raises)
