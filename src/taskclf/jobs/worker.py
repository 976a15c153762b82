"""Run one function in a child process that never outlives this one.

Why a process: building and training are CPU- and GIL-heavy; in the server's process they
stall every other request. Why this and not a pool: a pool's workers outlive a SIGKILLed
server (they were found alive, ~230 MB each, 30 s later). Here the child asks the kernel to
kill it when its parent dies (Linux ``PR_SET_PDEATHSIG``), and also watches its parent
itself, so it dies with the server even where that call does not exist.

The child yields the CPU to the server: it lowers its own priority (nice +10 and, on Linux,
``SCHED_BATCH``) before it starts any thread, so every thread it starts later, LightGBM's
and polars' included, inherits it. With a job at normal priority the status endpoint's p99
under load was ~190 ms (issue 13); the job still gets every cycle the server leaves idle.

The child reports over a pipe: progress messages while it runs, then its result or its
``TaskclfError``. Cancel is cooperative first (a flag the work checks between units of work)
and a terminate after a grace period; a child that dies without answering is an error that
names its exit cause.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from taskclf.core.errors import Cancelled, TaskclfError
from taskclf.core.progress import CancelToken, ProgressFn, no_progress

PR_SET_PDEATHSIG = 1
CANCEL_GRACE_S = 5.0
PARENT_CHECK_S = 1.0
WORKER_NICE = 10  # added to the server's own nice value; 19 is the lowest priority there is
_CONTEXT = multiprocessing.get_context("spawn")  # no fork: the server has threads


class WorkerDied(TaskclfError):
    """The child ended without an answer (killed, out of memory, crashed)."""


def run_in_child(
    work: Callable[..., Any],
    *args: Any,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> Any:
    """``work(*args, progress, cancel)`` in a child process; returns what it returns.

    ``work`` must be a module-level function (it is pickled by name) that takes a progress
    callback and a cancel token as its last two arguments.
    """
    parent_end, child_end = _CONTEXT.Pipe(duplex=True)
    child = _CONTEXT.Process(
        target=_child_main, args=(os.getpid(), child_end, work, args), daemon=True
    )
    child.start()
    child_end.close()
    try:
        return _relay(child, parent_end, progress, cancel)
    finally:
        _stop(child)
        parent_end.close()


def _relay(child: Any, conn: Connection, progress: ProgressFn, cancel: CancelToken | None) -> Any:
    """Forward progress until the answer arrives; pass a cancel on; notice a dead child."""
    cancel_sent_at: float | None = None
    while True:
        if cancel is not None and cancel.cancelled and cancel_sent_at is None:
            with contextlib.suppress(OSError):
                conn.send(("cancel",))
            cancel_sent_at = time.monotonic()
        if cancel_sent_at is not None and time.monotonic() - cancel_sent_at > CANCEL_GRACE_S:
            raise Cancelled()  # the finally of run_in_child terminates it
        if conn.poll(0.1):
            try:
                message = conn.recv()
            except (EOFError, OSError):
                raise _death(child) from None
            kind = message[0]
            if kind == "progress":
                progress(*message[1:])
            elif kind == "result":
                return message[1]
            elif kind == "error":
                raise message[1]
        elif not child.is_alive():
            if conn.poll(0):  # it answered and ended between the two checks: read the answer
                continue  # (a child that died without one leaves end-of-file: _death above)
            raise _death(child)


def _death(child: Any) -> WorkerDied:
    child.join(timeout=1)
    code = child.exitcode
    if code is not None and code < 0:
        cause = f"killed by signal {signal.Signals(-code).name}"
    else:
        cause = f"exit code {code}"
    return WorkerDied(f"The worker process stopped unexpectedly ({cause})")


def _stop(child: Any) -> None:
    """Give the child a moment to finish on its own, then terminate, then kill."""
    child.join(timeout=CANCEL_GRACE_S)
    if child.is_alive():
        child.terminate()
        child.join(timeout=CANCEL_GRACE_S)
    if child.is_alive():
        child.kill()
        child.join()


# -- in the child ---------------------------------------------------------------------------


def _child_main(parent_pid: int, conn: Connection, work: Callable[..., Any], args: Any) -> None:
    _yield_cpu()  # first: threads inherit the priority of the thread that starts them
    _die_with_parent(parent_pid)
    cancel = CancelToken()
    threading.Thread(target=_listen, args=(conn, cancel), daemon=True).start()
    send_lock = threading.Lock()

    def progress(step: str, progress_pct: int, message: str) -> None:
        with send_lock:
            conn.send(("progress", step, progress_pct, message))

    try:
        result = work(*args, progress, cancel)
    except TaskclfError as exc:
        answer: tuple[str, Any] = ("error", exc)
    except BaseException as exc:  # a bug: say what it was rather than die silently
        answer = ("error", TaskclfError(f"Unexpected error: {type(exc).__name__}: {exc}"))
    else:
        answer = ("result", result)
    with send_lock, contextlib.suppress(OSError):
        conn.send(answer)


def _listen(conn: Connection, cancel: CancelToken) -> None:
    """A cancel request, or the parent closing its end, sets the token."""
    try:
        while True:
            if conn.recv()[0] == "cancel":
                break
    except (EOFError, OSError):
        pass
    cancel.cancel()


def _yield_cpu() -> None:
    """Lower this process's CPU priority; where the system refuses, run on as it is.

    Both calls act on the calling thread on Linux, hence before any thread exists. Lowering
    is always allowed to an unprivileged process. ``SCHED_BATCH`` also tells the scheduler
    the job is not interactive, so a waking server thread preempts it sooner."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICE)
    if hasattr(os, "SCHED_BATCH"):
        with contextlib.suppress(OSError, AttributeError):
            os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request took hold
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)
