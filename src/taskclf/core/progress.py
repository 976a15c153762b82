"""How long-running jobs report progress and learn they should stop.

Jobs are plain functions; the CLI passes a rich progress bar callback, the API passes one that
publishes events. Cancellation is cooperative: jobs call ``cancel.check()`` at safe points.
"""

from __future__ import annotations

import threading
from typing import Protocol

from taskclf.core.errors import Cancelled


class ProgressFn(Protocol):
    def __call__(self, step: str, progress_pct: int, message: str) -> None: ...


def no_progress(step: str, progress_pct: int, message: str) -> None:
    """A ``ProgressFn`` for callers that do not show progress."""


class CancelToken:
    """Set once from any thread; checked by the job between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
