"""The parent's side of the worker pipe: an answer is read even when the child sends it and
ends in the moment between the parent's look at the pipe and its look at the child."""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection

import pytest

from taskclf.core.progress import no_progress
from taskclf.jobs.worker import WorkerDied, _relay


class _EndsAfterAnswering:
    """A child seen alive by nobody: asked whether it lives, it first sends ``answer`` (if
    any) and closes its end, as a child does when it finishes right after a poll times out."""

    exitcode = 0

    def __init__(self, child_end: Connection, answer: tuple[str, object] | None) -> None:
        self._end, self._answer = child_end, answer

    def is_alive(self) -> bool:
        if not self._end.closed:
            if self._answer is not None:
                self._end.send(self._answer)
            self._end.close()
        return False

    def join(self, timeout: float | None = None) -> None:
        return None


def test_an_answer_sent_just_before_the_child_ends_is_read() -> None:
    parent_end, child_end = multiprocessing.Pipe(duplex=True)
    child = _EndsAfterAnswering(child_end, ("result", 42))
    assert _relay(child, parent_end, no_progress, None) == 42


def test_a_child_that_ends_without_an_answer_is_reported() -> None:
    parent_end, child_end = multiprocessing.Pipe(duplex=True)
    child = _EndsAfterAnswering(child_end, None)
    with pytest.raises(WorkerDied, match=r"stopped unexpectedly \(exit code 0\)"):
        _relay(child, parent_end, no_progress, None)
