"""``taskclf demo`` as a newcomer runs it (``make run``): a real process with its own
aw-server, walked through prepare → train → auto-reload over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
import pytest

from fixtures.api_fx import start_server, wait_for_job

pytestmark = [pytest.mark.aw, pytest.mark.slow]


def test_demo_walks_the_journey_and_stops_cleanly(tmp_path: Path) -> None:
    server = start_server(["demo", "--days", "7", "--data-dir", str(tmp_path / "d")], tmp_path)
    try:
        children = psutil.Process(server.process.pid).children(recursive=True)
        assert any("aw-server" in " ".join(c.cmdline()) for c in children), server.log()
        today = datetime.now(UTC).date()  # the demo process runs with the machine's zone
        span = {"date_from": str(today - timedelta(days=7)), "date_to": str(today + timedelta(1))}
        with server.client() as client:
            assert client.get("/api/labels", params=span).json(), server.log()
            check = client.get("/api/train/data-check", params=span).json()
            assert check["trainable_rows"] > 0, check
            assert client.get("/api/train/models/current/inspect").json() == {
                "loaded": False,
                "reason": "no_model_loaded",
            }
            body = {**span, "num_boost_round": 20}
            assert client.post("/api/train/start", json=body).status_code == 202
            status = wait_for_job(client)
            assert status["status"] == "complete", status
            current = client.get("/api/train/models/current/inspect").json()
            assert current["loaded"] is True
            assert current["bundle_path"] == status["model_dir"]
            loaded = client.get("/api/ws/snapshot").json()["model_loaded"]
            assert loaded["model_dir"] == status["model_dir"]
    finally:
        server.stop()
    assert server.process.returncode == 0, server.log()
    assert not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children)
