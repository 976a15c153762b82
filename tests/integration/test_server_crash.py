"""A SIGKILLed server leaves nothing behind: no build worker, no resource tracker.

The server is killed while a data-check builds days in its child process against an
ActivityWatch that never answers (so the child is surely alive at that moment), and while a
training job runs in its worker process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from fixtures.api_fx import start_ui_server
from taskclf.core.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
def silent_aw() -> Iterator[str]:
    """Accepts connections and never answers: every fetch waits for its timeout."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def _wait_for_children(pid: int, limit_s: float = 30.0) -> list[psutil.Process]:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        children = psutil.Process(pid).children(recursive=True)
        if children:
            return children
        time.sleep(0.05)
    raise AssertionError(f"the server started no worker within {limit_s}s")


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _data_check(base_url: str) -> None:
    params = {"date_from": "2025-11-01", "date_to": "2025-11-10"}  # ten days: a child builds
    with contextlib.suppress(httpx.HTTPError):
        httpx.get(f"{base_url}/api/train/data-check", params=params, timeout=60)


def _training(base_url: str) -> None:
    body = {"date_from": "2025-01-01", "date_to": "2025-03-01", "synthetic": True,
            "num_boost_round": 10000}  # fmt: skip
    httpx.post(f"{base_url}/api/train/start", json=body, timeout=60)


@pytest.mark.parametrize("work", [_data_check, _training], ids=["data-check", "training"])
def test_no_process_outlives_a_sigkilled_server(tmp_path: Path, silent_aw: str, work) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", models_dir=tmp_path / "models", timezone="UTC",
        aw_host=silent_aw,
    )  # fmt: skip
    server = start_ui_server(settings, tmp_path)
    asker = threading.Thread(target=work, args=(server.base_url,), daemon=True)
    asker.start()
    try:
        children = _wait_for_children(server.process.pid)
        time.sleep(1.0)  # let the child get as far as waiting on ActivityWatch
        children = psutil.Process(server.process.pid).children(recursive=True) or children
    finally:
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(c) for c in children):
        time.sleep(0.1)
    survivors = [(c.pid, c.cmdline()) for c in children if _alive(c)]
    for child in children:  # never leave them running, even when the test fails
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    assert survivors == [], f"processes outlived the server: {survivors}\n{server.log()}"
