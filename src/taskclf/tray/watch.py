"""The tray's one connection to ActivityWatch, and what it tells about it.

One ``AwClient`` (one HTTP connection pool) is kept for the tray's life: a new client per poll
cost ~0.1 s of set-up each time. Its health is ``aw_status``: ``ok``, ``unreachable`` (no
answer, or an answer we cannot use) or ``no_data`` (it answers, but has no window bucket for
this host). A failing poll is announced once per change of state, not once per poll, and the
next attempt waits twice as long as the last, up to a minute.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

from taskclf.aw.client import AwClient
from taskclf.core.errors import AwError, AwNoData
from taskclf.core.settings import Settings

AwStatus = Literal["ok", "unreachable", "no_data"]
MAX_BACKOFF_S = 60.0
T = TypeVar("T")


class AwWatch:
    def __init__(
        self,
        settings: Settings,
        client_factory: Callable[[Settings], AwClient],
        announce: Callable[[str], None],
        say: Callable[[str], None],
    ) -> None:
        self.settings = settings
        self._factory = client_factory
        self._announce = announce
        self._say = say
        self._client: AwClient | None = None
        self._lock = threading.Lock()
        self._status: AwStatus = "ok"
        self._error: str | None = None
        self._failures = 0
        self._wake = threading.Event()
        self._quiet = False

    def report(self) -> dict[str, Any]:
        with self._lock:
            return {"aw_status": self._status, "last_error": self._error}

    @contextmanager
    def client(self) -> Iterator[AwClient]:
        """The kept client, made on first use (and again after it was dropped)."""
        if self._client is None:
            self._client = self._factory(self.settings)
        yield self._client

    def call(self, work: Callable[[AwClient], T]) -> T | None:
        """Run ``work`` with the client; an ActivityWatch failure becomes state, not an
        exception (None is returned)."""
        try:
            with self.client() as client:
                result = work(client)
        except AwError as exc:
            status: AwStatus = "no_data" if isinstance(exc, AwNoData) else "unreachable"
            self._drop_client()  # a restarted server may have new buckets: choose again
            self._set(status, exc.message)
            return None
        self._set("ok", None)
        return result

    def probe(self) -> None:
        """At start: say in one line whether ActivityWatch answers (the tray starts anyway)."""
        url = self.settings.aw_host
        self._quiet = True  # this line says it all, once
        try:
            answered = self.call(lambda client: client.host_buckets()) is not None
        except Exception as exc:  # a bug: the loop reports it again, and keeps trying
            self.failed(f"Unexpected error: {exc}")
            return
        finally:
            self._quiet = False
        if answered:
            self._say(f"ActivityWatch: ok at {url}")
        else:
            self._say(
                f"ActivityWatch: {self._status} at {url} ({self._error}); starting anyway, "
                "will retry"
            )

    def failed(self, message: str) -> None:
        """An unexpected failure (a bug): reported like an ActivityWatch one."""
        self._set(self.report()["aw_status"], message, force_failure=True)

    def _set(self, status: AwStatus, error: str | None, force_failure: bool = False) -> None:
        with self._lock:
            changed = (status, error) != (self._status, self._error)
            was_failing = self._error is not None
            self._status, self._error = status, error
            failing = error is not None or force_failure
            self._failures = self._failures + 1 if failing else 0
        if changed and error is not None:
            self._announce(error)
            if not self._quiet:
                self._say(f"ActivityWatch: {status}: {error}" if status != "ok" else error)
        elif changed and was_failing:
            self._say("ActivityWatch: ok again; suggestions resume")

    def delay(self) -> float:
        """Seconds until the next poll: the poll interval, doubled per failure, ≤ 1 min."""
        with self._lock:
            failures = self._failures
        base = self.settings.poll_seconds
        if failures == 0:
            return base
        return base if base >= MAX_BACKOFF_S else min(MAX_BACKOFF_S, base * 2 ** (failures - 1))

    def sleep(self) -> None:
        self._wake.wait(self.delay())
        self._wake.clear()

    def wake(self) -> None:
        self._wake.set()

    def close(self) -> None:
        self._drop_client()

    def _drop_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()
