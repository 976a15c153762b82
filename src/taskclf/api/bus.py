"""Event bus (SKELETON — the API issue implements fan-out to WebSocket clients).

Contract: ``publish(event)`` takes a JSON-able dict with a ``type`` key, may be called from
any thread, never blocks; ``snapshot()`` returns the latest event of each type.
"""

from __future__ import annotations

import threading
from typing import Any


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: dict[str, dict[str, Any]] = {}

    def publish(self, event: dict[str, Any]) -> None:
        with self._lock:
            self._latest[str(event["type"])] = dict(event)

    def snapshot(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {key: dict(value) for key, value in self._latest.items()}
