"""Run the web server (API, WebSocket, optional tray) under uvicorn.

Kept outside ``api/`` and ``cli/`` so that the command line can start the server without
the two faces importing each other.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

import uvicorn

from taskclf.api.app import create_app
from taskclf.core.settings import Settings


def serve(settings: Settings, tray: Any = None) -> None:
    """Run the server until Ctrl+C / SIGTERM; ``tray`` (the suggester) is optional.

    uvicorn shuts down gracefully on those signals and then re-raises them; with the default
    handlers that would kill the process before callers' ``finally`` blocks (the demo's
    aw-server) run, so both become a clean ``SystemExit(0)`` instead.
    """
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _exit_cleanly)
    print(f"taskclf UI on http://{settings.host}:{settings.port}/ (API docs at /docs)", flush=True)
    uvicorn.run(
        create_app(settings, tray=tray),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        timeout_graceful_shutdown=5,
    )


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
