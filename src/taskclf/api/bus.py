"""Fan-out of live events (training progress, predictions, label changes) to WebSocket clients.

Contract: ``publish(event)`` takes a JSON-able dict with a ``type`` key, may be called from
any thread and never blocks; ``snapshot()`` returns the latest event of each type.

Publishers are worker threads, consumers live on the server's event loop, so delivery is
handed to the loop with ``call_soon_threadsafe``. Each client owns a bounded queue: a client
that stops reading loses its oldest events instead of slowing the others or growing memory,
and a training progress event still waiting in a queue is replaced by the next one of the same
step (a slow client gets the latest progress, not a backlog).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_QUEUE_SIZE = 256


class Subscription:
    """One client's bounded mailbox; only touched from the event loop thread."""

    def __init__(self, maxsize: int) -> None:
        self._events: deque[dict[str, Any]] = deque(maxlen=maxsize)
        self._ready = asyncio.Event()
        self.dropped = 0
        self.coalesced = 0

    def put(self, event: dict[str, Any]) -> None:
        if _supersedes(event, self._events[-1] if self._events else None):
            self._events[-1] = event  # the client gets the latest progress, not a backlog
            self.coalesced += 1
            return
        if len(self._events) == self._events.maxlen:
            self.dropped += 1  # deque drops the oldest on append
        self._events.append(event)
        self._ready.set()

    def pending(self) -> int:
        return len(self._events)

    async def get(self) -> dict[str, Any]:
        while not self._events:
            self._ready.clear()
            await self._ready.wait()
        return self._events.popleft()


def _supersedes(event: dict[str, Any], pending: dict[str, Any] | None) -> bool:
    """A progress event replaces an undelivered one of the same job and step; a change of
    step is never coalesced away, so a client always sees every step."""
    return (
        pending is not None
        and event.get("type") == pending.get("type") == "train_progress"
        and event.get("job_id") == pending.get("job_id")
        and event.get("step") == pending.get("step")
    )


class EventBus:
    def __init__(self, queue_size: int = DEFAULT_QUEUE_SIZE) -> None:
        self._lock = threading.Lock()
        self._latest: dict[str, dict[str, Any]] = {}
        self._subscribers: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue_size = queue_size

    def bind_loop(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """Deliveries go to ``loop``; ``None`` (at shutdown) keeps only the snapshot."""
        with self._lock:
            self._loop = loop

    def publish(self, event: dict[str, Any]) -> None:
        event = dict(event)
        with self._lock:
            self._latest[str(event["type"])] = event
            loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._fan_out, event)
        except RuntimeError:  # the loop closed between the check and the call
            log.debug("event loop closed; event kept only in the snapshot")

    def snapshot(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {key: dict(value) for key, value in self._latest.items()}

    def subscribe(self) -> Subscription:
        """Must be called on the serving loop (from a WebSocket handler)."""
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.get_running_loop()
        subscription = Subscription(self._queue_size)
        self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscribers.discard(subscription)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    def _fan_out(self, event: dict[str, Any]) -> None:
        for subscription in tuple(self._subscribers):
            subscription.put(event)
