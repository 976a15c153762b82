"""The single job slot shared by training and feature builds.

Why one slot: both jobs write to the same data and models directories and compete for the
same two cores; a second start while one runs is refused (``JobConflict``) instead of queued.
The claim is a check-and-set under one lock, so N concurrent starts give exactly one job.
A job's thread here only relays: the server's jobs run in a worker process
(``training_work`` / ``feature_build_work`` through ``jobs.worker``), so LightGBM and the GIL
never compete with the event loop, and the memory a job used leaves with its process. State
lives in memory for cheap polling and in SQLite so the last job survives a restart.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from taskclf.core import db
from taskclf.core.errors import (
    MSG_CANCELLED,
    MSG_SERVER_STOPPED,
    Cancelled,
    JobConflict,
    NoJobRunning,
    TaskclfError,
)
from taskclf.core.progress import CancelToken, ProgressFn
from taskclf.core.timeutil import iso_utc, utcnow
from taskclf.jobs.recovery import recover
from taskclf.jobs.worker import run_in_child
from taskclf.jobs.worker_jobs import build_features_job, train_job

log = logging.getLogger(__name__)

JobKind = Literal["train", "build_features"]
JobStatus = Literal["idle", "running", "complete", "failed"]
Publish = Callable[[dict[str, Any]], None]
PROGRESS_INTERVAL_S = 0.25  # at most ~4 train_progress events a second within one step

MIGRATIONS = (
    """
    CREATE TABLE jobs (
        job_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        step TEXT,
        progress_pct INTEGER NOT NULL DEFAULT 0,
        message TEXT,
        error TEXT,
        metrics TEXT,
        model_dir TEXT,
        started_at TEXT,
        finished_at TEXT
    );
    CREATE INDEX jobs_started ON jobs (started_at)
    """,
)


@dataclass(frozen=True)
class JobResult:
    """What a finished job hands back; feature builds leave metrics and model_dir empty."""

    message: str
    metrics: dict[str, Any] | None = None
    model_dir: str | None = None


JobFn = Callable[[ProgressFn, CancelToken], JobResult]


@dataclass(frozen=True)
class JobState:
    job_id: str | None = None
    kind: JobKind | None = None
    status: JobStatus = "idle"
    step: str | None = None
    progress_pct: int = 0
    message: str | None = None
    error: str | None = None
    metrics: dict[str, Any] | None = None
    model_dir: str | None = None
    started_at: str | None = None
    finished_at: str | None = None

    def public(self) -> dict[str, Any]:
        """The spec's job shape, every key present, plus ``kind`` so a page can tell a
        feature build's result from a training's."""
        return asdict(self)


class JobStore:
    """Job history in the shared SQLite database (component ``jobs``)."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._conn = db.connect(path)
        db.migrate(self._conn, "jobs", MIGRATIONS)

    def save(self, state: JobState) -> None:
        row = asdict(state)
        row["metrics"] = None if state.metrics is None else json.dumps(state.metrics)
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self._lock:
            self._conn.execute(
                f"INSERT OR REPLACE INTO jobs ({columns}) VALUES ({marks})", tuple(row.values())
            )

    def last(self) -> JobState | None:
        found = self._select("SELECT * FROM jobs ORDER BY started_at DESC, rowid DESC LIMIT 1")
        return found[0] if found else None

    def ended_since(self, started_at: str) -> list[JobState]:
        """Jobs started at or after ``started_at`` (ISO, as stored) that have ended, in the
        order they ended: what the tray's terminal reports, none missed between two looks."""
        return self._select(
            "SELECT * FROM jobs WHERE started_at >= ? AND finished_at IS NOT NULL"
            " ORDER BY finished_at, rowid",
            (started_at,),
        )

    def _select(self, sql: str, params: tuple[Any, ...] = ()) -> list[JobState]:
        with self._lock:
            self._conn.row_factory = sqlite3.Row
            rows = self._conn.execute(sql, params).fetchall()
            self._conn.row_factory = None
        states = []
        for row in rows:
            values = dict(row)
            metrics = values["metrics"]
            values["metrics"] = None if metrics is None else json.loads(metrics)
            states.append(JobState(**values))
        return states

    def close(self) -> None:
        with self._lock:
            self._conn.close()


@dataclass
class _Running:
    state: JobState
    cancel: CancelToken
    thread: threading.Thread | None = None
    last_emit: float = field(default=0.0)


class JobRunner:
    """Owns the slot; ``publish`` receives train_progress / train_complete / train_failed."""

    def __init__(
        self,
        db_path: Path,
        publish: Publish,
        on_model_trained: Callable[[Path], None] | None = None,
        models_dir: Path | None = None,
    ) -> None:
        """``models_dir`` lets a restart find the bundle a killed training job had saved."""
        self._store = JobStore(db_path)
        self._publish = publish
        self._on_model_trained = on_model_trained
        self._lock = threading.Lock()
        self._running: _Running | None = None
        self._stopping = False
        self._state = self._recover(models_dir)

    def _recover(self, models_dir: Path | None) -> JobState:
        """A job still ``running`` on disk belongs to a server that died mid-way."""
        last = self._store.last()
        if last is None:
            return JobState()
        if last.status == "running":
            last = recover(last, models_dir)
            self._store.save(last)
        return last

    def status(self) -> dict[str, Any]:
        return self._state.public()

    def start(self, kind: JobKind, first_step: str, work: JobFn) -> dict[str, Any]:
        """Claim the slot atomically and run ``work`` in a worker thread."""
        with self._lock:
            if self._running is not None:
                raise JobConflict(
                    f"A job is already running ({self._running.state.job_id}); "
                    "wait for it or cancel it first"
                )
            if self._stopping:
                raise JobConflict("The server is shutting down")
            state = JobState(
                job_id=secrets.token_hex(6),
                kind=kind,
                status="running",
                step=first_step,
                message="Starting…",
                started_at=iso_utc(utcnow()),
            )
            running = _Running(state=state, cancel=CancelToken())
            self._running = running
            self._state = state
        self._persist(state)
        thread = threading.Thread(
            target=self._run, args=(running, work), name=f"job-{state.job_id}", daemon=True
        )
        running.thread = thread
        thread.start()
        return state.public()

    def cancel(self) -> dict[str, Any]:
        with self._lock:
            running = self._running
            if running is None:
                raise NoJobRunning("No job is running")
            running.cancel.cancel()
            return self._state.public()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop the running job (it reads "Server stopped…") and wait for its thread."""
        with self._lock:
            self._stopping = True
            running = self._running
        if running is not None:
            running.cancel.cancel()
            if running.thread is not None:
                running.thread.join(timeout)
        self._store.close()

    def _persist(self, state: JobState) -> None:
        """History only serves restarts: a database that refuses a write (or was closed by
        shutdown) must not crash the job or keep the slot, so the failure is logged."""
        try:
            self._store.save(state)
        except sqlite3.Error:
            log.warning("could not record job %s in the job history", state.job_id, exc_info=True)

    def _progress_fn(self, running: _Running) -> ProgressFn:
        def progress(step: str, progress_pct: int, message: str) -> None:
            with self._lock:
                if self._running is not running:
                    return
                before = self._state
                pct = max(before.progress_pct, min(int(progress_pct), 100))
                self._state = replace(before, step=step, progress_pct=pct, message=message)
                now = time.monotonic()
                step_changed = step != before.step
                if self._state == before:  # nothing new to tell (e.g. the job's own "Starting…")
                    return
                if not step_changed and now - running.last_emit < PROGRESS_INTERVAL_S:
                    return
                running.last_emit = now
                state = self._state
            if step_changed:
                self._persist(state)
            self._emit_progress(state)

        return progress

    def _emit_progress(self, state: JobState) -> None:
        self._publish(
            {
                "type": "train_progress",
                "job_id": state.job_id,
                "kind": state.kind,
                "step": state.step,
                "progress_pct": state.progress_pct,
                "message": state.message,
            }
        )

    def _run(self, running: _Running, work: JobFn) -> None:
        progress = self._progress_fn(running)
        self._emit_progress(running.state)
        try:
            result = work(progress, running.cancel)
        except Cancelled:
            self._finish_failed(running, MSG_SERVER_STOPPED if self._stopping else MSG_CANCELLED)
        except TaskclfError as exc:
            self._finish_failed(running, exc.message)
        except Exception as exc:
            log.exception("job %s crashed", running.state.job_id)
            self._finish_failed(running, f"Unexpected error: {type(exc).__name__}: {exc}")
        else:
            self._finish_complete(running, result)

    def _finish_complete(self, running: _Running, result: JobResult) -> None:
        """The tray switches models before the job reads complete, so a client that sees
        ``complete`` and asks for the current model already gets the new one."""
        if result.model_dir is not None and self._on_model_trained is not None:
            try:
                self._on_model_trained(Path(result.model_dir))
            except Exception:
                log.exception("on_model_trained hook failed for %s", result.model_dir)
        with self._lock:
            before = self._state
            state = replace(
                before,
                status="complete",
                step="done",
                progress_pct=100,
                message=result.message,
                metrics=result.metrics,
                model_dir=result.model_dir,
                finished_at=iso_utc(utcnow()),
            )
        self._persist(state)
        if before.step != "done" or before.progress_pct != 100:
            self._emit_progress(state)
        with self._lock:
            self._state = state
            self._running = None
        self._publish(
            {
                "type": "train_complete",
                "job_id": state.job_id,
                "kind": state.kind,
                "metrics": state.metrics,
                "model_dir": state.model_dir,
            }
        )

    def _finish_failed(self, running: _Running, error: str) -> None:
        with self._lock:
            state = replace(
                self._state,
                status="failed",
                error=error,
                message=error,
                finished_at=iso_utc(utcnow()),
            )
        self._persist(state)
        with self._lock:
            self._state = state
            self._running = None
        self._publish(
            {"type": "train_failed", "job_id": state.job_id, "kind": state.kind, "error": error}
        )


def training_work(settings: Any, request: Any) -> JobFn:
    """Training in a worker process: the server keeps answering while LightGBM holds its
    cores, and whatever the job allocated is returned to the system when the process ends."""

    def work(progress: ProgressFn, cancel: CancelToken) -> JobResult:
        outcome = run_in_child(train_job, request, settings, progress=progress, cancel=cancel)
        # a synthetic model exists to test the pipeline: the tray never promotes it by itself
        note = "; not activated: synthetic" if request.synthetic else ""
        return JobResult(
            message=f"Model saved to {outcome.model_id}{note}",
            metrics=dict(outcome.metrics),
            model_dir=str(outcome.model_dir),
        )

    return work


def feature_build_work(settings: Any, request: Any) -> JobFn:
    """A feature build in a worker process; a build where every day failed fails."""

    def work(progress: ProgressFn, cancel: CancelToken) -> JobResult:
        outcome = run_in_child(
            build_features_job, request, settings, progress=progress, cancel=cancel
        )
        if outcome.errors and not outcome.dates_built:
            raise TaskclfError("Feature build failed: " + "; ".join(outcome.errors))
        from taskclf.jobs.build_features import summary  # polars and httpx: on use

        return JobResult(message=summary(outcome))

    return work
