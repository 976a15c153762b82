"""``/api/tray/*`` where there is no tray (``taskclf ui``), and the write checks on pause."""

from __future__ import annotations

import socket
import subprocess

from fixtures.api_fx import taskclf_command


def test_tray_routes_answer_404_with_a_clear_message_without_a_tray(api_client) -> None:
    for method, path in (("GET", "/api/tray/state"), ("POST", "/api/tray/pause"),
                         ("POST", "/api/tray/resume")):  # fmt: skip
        response = api_client.request(method, path)
        assert response.status_code == 404, response.text
        assert "taskclf tray" in response.json()["detail"]
    current = api_client.get("/api/train/models/current/inspect").json()
    assert current == {"loaded": False, "reason": "tray_state_unavailable"}


def test_pause_from_a_foreign_page_is_refused(api_client) -> None:
    response = api_client.post("/api/tray/pause", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403, response.text


def test_a_busy_port_is_reported_before_anything_starts(tmp_path) -> None:
    """Exit 4 (a conflict) with one line naming the port; nothing else was started."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*taskclf_command(), "tray", "--no-icon", "--port", str(port), "--data-dir",
             str(tmp_path / "d"), "--aw-host", "http://127.0.0.1:9"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 4, done.stdout + done.stderr
    assert f"port {port}" in done.stderr and "already in use" in done.stderr, done.stderr
    assert "ActivityWatch" not in done.stdout, done.stdout
