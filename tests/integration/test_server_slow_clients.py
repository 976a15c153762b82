"""Slow or hostile clients cannot pile up connections (issue 9.5): a request that never
finishes arriving is cut off, and the server's descriptors come back to where they were."""

from __future__ import annotations

import socket
import time

import httpx
import psutil
import pytest

from fixtures.api_fx import UiServer
from taskclf.server import REQUEST_READ_TIMEOUT_S

pytestmark = pytest.mark.slow
CLIENTS = 100


def _closed_by_server(conn: socket.socket) -> bool:
    try:
        return conn.recv(1024) == b""
    except (ConnectionResetError, TimeoutError):
        return False


def test_half_sent_requests_are_cut_off_and_descriptors_return(ui_server: UiServer) -> None:
    server = psutil.Process(ui_server.process.pid)
    httpx.get(f"{ui_server.base_url}/api/train/status")
    before = server.num_fds()
    conns = []
    for n in range(CLIENTS):
        conn = socket.create_connection(("127.0.0.1", ui_server.port), timeout=5)
        if n % 2:  # half send part of the headers, half nothing at all
            conn.sendall(b"GET /api/train/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        conns.append(conn)
    time.sleep(1)
    assert server.num_fds() >= before + CLIENTS // 2  # they are really being held
    for conn in conns:
        conn.settimeout(REQUEST_READ_TIMEOUT_S * 3)  # a hang guard, not a timing assertion
    closed = [_closed_by_server(conn) for conn in conns]
    for conn in conns:
        conn.close()
    assert all(closed), f"{closed.count(False)} slow connections were left open"
    deadline = time.monotonic() + 10
    while server.num_fds() > before + 5 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.num_fds() <= before + 5, (before, server.num_fds())
    assert httpx.get(f"{ui_server.base_url}/api/train/status").status_code == 200


def test_a_slow_but_complete_request_is_served(ui_server: UiServer) -> None:
    with socket.create_connection(("127.0.0.1", ui_server.port), timeout=30) as conn:
        for piece in (b"GET /api/train/status HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n"):
            conn.sendall(piece)
            time.sleep(0.5)
        conn.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := conn.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
