"""Jobs run in a worker process (issue 13): cancel reaches it, a worker killed from outside
fails the job with its cause and frees the slot."""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest
from fastapi.testclient import TestClient

from fixtures.api_fx import wait_for_job

pytestmark = pytest.mark.slow
LONG = {"date_from": "2025-01-01", "date_to": "2025-03-01", "synthetic": True,
        "num_boost_round": 10000}  # fmt: skip


def _worker(limit_s: float = 60.0) -> psutil.Process:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        for child in psutil.Process().children():
            if "multiprocessing" in " ".join(child.cmdline()) and "spawn_main" in " ".join(
                child.cmdline()
            ):
                return child
        time.sleep(0.05)
    raise AssertionError("no worker process appeared")


def _wait_training(client: TestClient, limit_s: float = 120.0) -> None:
    deadline = time.monotonic() + limit_s
    while client.get("/api/train/status").json()["step"] != "training":
        assert time.monotonic() < deadline, client.get("/api/train/status").json()
        time.sleep(0.05)


def test_a_worker_killed_from_outside_fails_the_job_and_frees_the_slot(
    api_client: TestClient,
) -> None:
    job = api_client.post("/api/train/start", json=LONG).json()
    _wait_training(api_client)
    worker = _worker()
    os.kill(worker.pid, signal.SIGKILL)
    status = wait_for_job(api_client)
    assert status["job_id"] == job["job_id"] and status["status"] == "failed"
    assert "SIGKILL" in status["error"], status["error"]
    snapshot = api_client.get("/api/ws/snapshot").json()["train_failed"]
    assert snapshot["job_id"] == job["job_id"]
    again = api_client.post("/api/train/start", json=LONG)
    assert again.status_code == 202
    api_client.post("/api/train/cancel")
    assert wait_for_job(api_client)["error"] == "Cancelled by user"


def test_cancel_stops_the_worker_process(api_client: TestClient) -> None:
    api_client.post("/api/train/start", json=LONG)
    _wait_training(api_client)
    worker = _worker()
    assert api_client.post("/api/train/cancel").status_code == 200
    status = wait_for_job(api_client)
    assert status["status"] == "failed" and status["error"] == "Cancelled by user"
    worker.wait(timeout=30)  # gone, not left running (a hang guard)
    assert not worker.is_running()


def _thread_nice_and_policy(pid: int) -> dict[int, tuple[int, int]]:
    """Each thread's (nice, scheduling policy) from ``/proc/<pid>/task/<tid>/stat``."""
    out = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        out[int(task)] = (int(fields[16]), int(fields[38]))  # stat fields 19 and 41
    return out


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads Linux /proc")
def test_the_worker_runs_every_thread_below_the_servers_priority(api_client: TestClient) -> None:
    api_client.post("/api/train/start", json=LONG)
    _wait_training(api_client)  # LightGBM's and polars' threads exist by now
    worker = _worker()
    server_nice = os.getpriority(os.PRIO_PROCESS, 0)
    threads = _thread_nice_and_policy(worker.pid)
    api_client.post("/api/train/cancel")
    wait_for_job(api_client)
    assert len(threads) > 1, threads  # the listener thread at least, so inheritance is seen
    assert all(nice >= min(server_nice + 10, 19) for nice, _ in threads.values()), threads
    assert all(policy == os.SCHED_BATCH for _, policy in threads.values()), threads
