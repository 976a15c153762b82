"""Run the web server (API, WebSocket, optional tray) under uvicorn.

Kept outside ``api/`` and ``cli/`` so that the command line can start the server without
the two faces importing each other.
"""

from __future__ import annotations

import asyncio
import errno
import signal
import socket
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from taskclf.api.app import create_app
from taskclf.core.errors import PortInUse
from taskclf.core.settings import Settings

# A request must arrive whole within this many seconds of the connection (or of its first
# byte on a kept-alive connection); beyond that the client is too slow or hostile.
REQUEST_READ_TIMEOUT_S = 10.0
# Connections plus requests in progress; past this new ones get 503 at once instead of each
# holding a descriptor (a desktop's limit of 1,024 would otherwise refuse the browser).
MAX_CONCURRENCY = 256


class DeadlineProtocol(HttpToolsProtocol):
    """uvicorn's HTTP protocol with a read deadline: uvicorn times out idle kept-alive
    connections but not a request that trickles in, so 400 half-sent requests held 400
    descriptors for as long as their senders liked. The deadline is disarmed once the whole
    request (headers and body) has arrived, or the connection became a WebSocket."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def handle_websocket_upgrade(self) -> None:
        self._disarm()
        super().handle_websocket_upgrade()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(REQUEST_READ_TIMEOUT_S, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def check_port(host: str, port: int) -> None:
    """Refuse a busy port before anything starts (a demo would otherwise seed ActivityWatch
    first and fail only then). Bound the way uvicorn binds, with SO_REUSEADDR, so a port
    merely in TIME_WAIT is not called busy."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise PortInUse(f"cannot bind {host}:{port}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            busy = exc.errno == errno.EADDRINUSE
            why = "is already in use (another taskclf?)" if busy else f"cannot be bound ({exc})"
            raise PortInUse(f"port {port} on {host} {why}; choose another with --port") from None


def free_port(host: str) -> int:
    """A port the system says is free on ``host`` right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def serve(settings: Settings, tray: Any = None) -> None:
    """Run the server until Ctrl+C / SIGTERM; ``tray`` (the suggester) is optional.

    uvicorn shuts down gracefully on those signals and then re-raises them; with the default
    handlers that would kill the process before callers' ``finally`` blocks (the demo's
    aw-server) run, so both become a clean ``SystemExit(0)`` instead.
    """
    check_port(settings.host, settings.port)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _exit_cleanly)
    print(f"taskclf UI on http://{settings.host}:{settings.port}/ (API docs at /docs)", flush=True)
    uvicorn.run(
        create_app(settings, tray=tray),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        timeout_graceful_shutdown=5,
        http=DeadlineProtocol,
        limit_concurrency=MAX_CONCURRENCY,
    )


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
