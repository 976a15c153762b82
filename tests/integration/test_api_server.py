"""Against a real ``taskclf ui`` process: the slot under concurrent HTTP starts, raw
traversal paths (no client-side URL normalising), WebSocket origin checks, the host warning."""

from __future__ import annotations

import asyncio
import http.client
import json
import shutil
import subprocess
import threading
from pathlib import Path

import httpx
import pytest
import websockets
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from fixtures.api_fx import UiServer, free_port, taskclf_command, wait_for_job
from taskclf.core.settings import Settings

pytestmark = pytest.mark.slow
LONG = {"date_from": "2025-01-01", "date_to": "2025-03-01", "synthetic": True,
        "num_boost_round": 10000}  # fmt: skip
TRAVERSAL_IDS = [
    "../x", "..%2fx", "..%2Fx", "%2e%2e%2f", "%2e%2e%2fx", "%2e%2e/x", "..", "%2e%2e",
    "..%5cx", "/x", "%2fx", "%2Fetc%2Fpasswd", "//etc/passwd", "%00", "x%00", "..%00",
]  # fmt: skip


def test_twenty_concurrent_starts_give_exactly_one_job(ui_server: UiServer) -> None:
    barrier = threading.Barrier(20)
    codes: list[int] = []

    def attempt() -> None:
        with ui_server.client() as client:
            barrier.wait()
            codes.append(client.post("/api/train/start", json=LONG).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [202] + [409] * 19
    with ui_server.client() as client:
        assert client.post("/api/train/cancel").status_code == 200
        assert wait_for_job(client)["error"] == "Cancelled by user"


def test_traversal_ids_are_404(ui_server: UiServer, api_settings: Settings) -> None:
    with ui_server.client() as client:
        client.post("/api/train/start", json=LONG | {"num_boost_round": 5})
        bundle = Path(wait_for_job(client)["model_dir"])
    # A valid bundle one level up, and one at an absolute path: what traversal would reach.
    shutil.copytree(bundle, api_settings.models_dir.parent / "x")
    connection = http.client.HTTPConnection("127.0.0.1", ui_server.port, timeout=30)
    for model_id in TRAVERSAL_IDS:
        connection.request("GET", f"/api/train/models/{model_id}/inspect")
        response = connection.getresponse()
        body = json.loads(response.read())
        assert response.status == 404, (model_id, body)
        assert set(body) == {"detail", "field"}
    connection.request("GET", f"/api/train/models/{bundle.name}/inspect")
    response = connection.getresponse()
    assert response.status == 200 and json.loads(response.read())["bundle_path"] == str(bundle)
    connection.close()


def test_websocket_handshakes_check_origin_and_host(ui_server: UiServer) -> None:
    url = f"ws://127.0.0.1:{ui_server.port}/ws/predictions"

    async def scenario() -> None:
        for headers in ({"Origin": "http://evil.example"}, {"Host": "evil.example"}):
            with pytest.raises(InvalidStatus) as refused:
                async with connect(url, additional_headers=headers):
                    pass
            assert refused.value.response.status_code == 403
        own = f"http://127.0.0.1:{ui_server.port}"
        async with connect(url, origin=websockets.Origin(own)) as ws:
            await ws.ping()

    asyncio.run(scenario())


def test_http_host_and_origin_against_the_real_server(ui_server: UiServer) -> None:
    with httpx.Client(timeout=30) as client:
        url = f"{ui_server.base_url}/api/train/status"
        assert client.get(url, headers={"Host": "attacker.example"}).status_code == 400
        assert client.get(url.replace("127.0.0.1", "localhost")).status_code == 200
        cancel = f"{ui_server.base_url}/api/train/cancel"
        assert client.post(cancel, headers={"Origin": "http://evil.example"}).status_code == 403


@pytest.mark.parametrize("command", ["ui", "tray"])
def test_non_loopback_host_prints_a_warning(tmp_path: Path, command: str) -> None:
    # 192.0.2.1 (TEST-NET-1) is on no interface: the warning prints, then binding fails,
    # so nothing is ever exposed.
    result = subprocess.run(
        [
            *taskclf_command(),
            command,
            "--host",
            "192.0.2.1",
            "--port",
            str(free_port()),
            "--data-dir",
            str(tmp_path / "d"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "PATH": "/usr/bin:/bin"},
    )
    assert "warning" in result.stderr.lower()
    assert "192.0.2.1" in result.stderr
    assert result.returncode != 0
