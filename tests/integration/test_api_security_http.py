"""DESIGN §10 through the app: Host allowlist, Origin check (HTTP and WebSocket), content
type, body cap, no CORS."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from taskclf.api.app import create_app
from taskclf.core.settings import Settings

OWN = "http://127.0.0.1:8741"
EVIL = "http://evil.example"
WS_HOST = {"host": "127.0.0.1:8741"}  # the test client's WebSocket ignores base_url
BODY = {"date_from": "2026-01-05", "date_to": "2026-01-05"}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8741", "127.0.0.1.nip.io:8741"])
def test_foreign_host_is_400_for_reads_and_writes(api_client: TestClient, host: str) -> None:
    assert api_client.get("/api/train/status", headers={"host": host}).status_code == 400
    response = api_client.post("/api/train/start", json=BODY, headers={"host": host})
    assert response.status_code == 400
    assert api_client.get("/api/train/status").json()["status"] == "idle"


@pytest.mark.parametrize("host", ["localhost:8741", "127.0.0.1", "[::1]:8741"])
def test_loopback_hosts_are_served(api_client: TestClient, host: str) -> None:
    assert api_client.get("/api/train/status", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", "http://127.0.0.1:9999", "https://127.0.0.1:8741"]
)
def test_cross_origin_writes_are_403(api_client: TestClient, origin: str) -> None:
    headers = {"origin": origin}
    assert api_client.post("/api/train/start", json=BODY, headers=headers).status_code == 403
    assert api_client.post("/api/train/cancel", headers=headers).status_code == 403
    assert api_client.post("/api/labels", json={}, headers=headers).status_code == 403
    assert api_client.get("/api/train/status").json()["status"] == "idle"


def test_same_origin_writes_and_cross_origin_reads_pass(api_client: TestClient) -> None:
    own = api_client.post("/api/train/cancel", headers={"origin": OWN})
    assert own.status_code == 409  # passed the guard, reached the handler
    read = api_client.get("/api/train/status", headers={"origin": "http://evil.example"})
    assert read.status_code == 200
    assert not any(key.startswith("access-control") for key in read.headers)


def test_no_cors_preflight_approval(api_client: TestClient) -> None:
    response = api_client.options(
        "/api/train/start",
        headers={"origin": "http://evil.example", "access-control-request-method": "POST"},
    )
    assert not any(key.startswith("access-control") for key in response.headers)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_json_endpoints_refuse_other_content_types(
    api_client: TestClient, content_type: str
) -> None:
    response = api_client.post(
        "/api/train/start",
        content=b'{"date_from": "2026-01-05", "date_to": "2026-01-05"}',
        headers={"content-type": content_type},
    )
    assert response.status_code == 415
    assert api_client.get("/api/train/status").json()["status"] == "idle"


def test_oversized_bodies_are_413(api_client: TestClient) -> None:
    big = b"[" + b"0," * (6 * 1024 * 1024) + b"0]"
    response = api_client.post(
        "/api/train/start", content=big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_oversized_chunked_bodies_are_413(api_client: TestClient) -> None:
    def chunks():  # no Content-Length: the cap must count what arrives
        for _ in range(11):
            yield b" " * (1024 * 1024)

    response = api_client.post(
        "/api/train/start", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_websocket_from_a_foreign_origin_or_host_is_refused(api_settings: Settings) -> None:
    with TestClient(create_app(api_settings), base_url="http://127.0.0.1:8741") as client:
        with (
            pytest.raises(WebSocketDisconnect),
            client.websocket_connect("/ws/predictions", headers=WS_HOST | {"origin": EVIL}),
        ):
            pass
        with (
            pytest.raises(WebSocketDisconnect),
            client.websocket_connect("/ws/predictions", headers={"host": "evil.example"}),
        ):
            pass
        with client.websocket_connect("/ws/predictions", headers=WS_HOST | {"origin": OWN}) as ws:
            client.post("/api/train/cancel")  # any request; the socket stays open
            ws.close()


def test_unknown_paths_use_the_error_shape(api_client: TestClient) -> None:
    response = api_client.get("/api/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found", "field": None}


def test_docs_are_served(api_client: TestClient) -> None:
    assert api_client.get("/docs").status_code == 200
    paths = api_client.get("/openapi.json").json()["paths"]
    for path in ("/api/train/start", "/api/train/status", "/api/train/data-check"):
        assert path in paths


def test_a_cross_origin_data_check_is_refused_since_it_builds_files(
    api_client: TestClient,
) -> None:
    params = {"date_from": "2026-01-05", "date_to": "2026-01-05"}
    foreign = api_client.get(
        "/api/train/data-check", params=params, headers={"origin": "http://evil.example"}
    )
    assert foreign.status_code == 403
    assert api_client.get("/api/train/data-check", params=params).status_code == 200


def test_two_host_headers_are_a_bad_request(ui_server) -> None:
    """Issue 9.8: with two Host headers the last one won, so a rebinding page could slip its
    own name past the check in one and ours in the other (RFC 9112 §3.2: answer 400)."""
    import socket

    request = (
        "GET /api/train/status HTTP/1.1\r\nHost: evil.example\r\n"
        f"Host: 127.0.0.1:{ui_server.port}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", ui_server.port), timeout=10) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
