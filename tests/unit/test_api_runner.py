"""JobRunner with hand-written job functions: the slot, progress, cancel, persistence."""

from __future__ import annotations

import re
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from taskclf.core.errors import (
    MSG_CANCELLED,
    MSG_SERVER_STOPPED,
    JobConflict,
    NoFeatureData,
    NoJobRunning,
)
from taskclf.core.progress import CancelToken, ProgressFn
from taskclf.jobs.runner import JobResult, JobRunner, JobState, JobStore


class Recorder:
    """Collects published events; thread-safe because workers publish."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.done = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, event: dict[str, Any]) -> None:
        with self._lock:
            self.events.append(event)
        if event["type"] in ("train_complete", "train_failed"):
            self.done.set()

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["type"] == kind]


def wait_done(recorder: Recorder) -> None:
    assert recorder.done.wait(30), recorder.events


def blocking_job(release: threading.Event) -> Any:
    def work(progress: ProgressFn, cancel: CancelToken) -> JobResult:
        progress("loading_features", 10, "loading")
        while not release.wait(0.01):
            cancel.check()
        return JobResult(message="ok")

    return work


def test_idle_before_any_job(tmp_path: Path) -> None:
    runner = JobRunner(tmp_path / "db.sqlite3", Recorder())
    assert runner.status() == {
        "job_id": None,
        "kind": None,
        "status": "idle",
        "step": None,
        "progress_pct": 0,
        "message": None,
        "error": None,
        "metrics": None,
        "model_dir": None,
        "started_at": None,
        "finished_at": None,
    }


def test_a_successful_job_reports_every_field(tmp_path: Path) -> None:
    recorder, hooked = Recorder(), []

    def work(progress: ProgressFn, cancel: CancelToken) -> JobResult:
        progress("initializing", 0, "Starting…")  # what train() says first: not repeated
        progress("loading_features", 10, "loading")
        progress("training", 50, "training")
        return JobResult("Model saved to m1", {"macro_f1": 0.5}, str(tmp_path / "m1"))

    runner = JobRunner(tmp_path / "db.sqlite3", recorder, on_model_trained=hooked.append)
    started = runner.start("train", "initializing", work)
    wait_done(recorder)
    assert re.fullmatch(r"[0-9a-f]{12}", started["job_id"])
    assert started["status"] == "running" and started["step"] == "initializing"
    assert started["message"] == "Starting…" and started["finished_at"] is None
    assert started["kind"] == "train"
    final = runner.status()
    assert final["status"] == "complete" and final["step"] == "done"
    assert final["progress_pct"] == 100 and final["metrics"] == {"macro_f1": 0.5}
    assert final["model_dir"] == str(tmp_path / "m1") and final["error"] is None
    for key in ("started_at", "finished_at"):
        assert final[key].endswith("+00:00")
        datetime.fromisoformat(final[key])
    steps = [e["step"] for e in recorder.of("train_progress")]
    assert steps == ["initializing", "loading_features", "training", "done"]
    assert recorder.events[-1] == {
        "type": "train_complete",
        "job_id": started["job_id"],
        "kind": "train",
        "metrics": {"macro_f1": 0.5},
        "model_dir": str(tmp_path / "m1"),
    }
    assert hooked == [tmp_path / "m1"]


def test_progress_never_goes_back_and_is_throttled_within_a_step(tmp_path: Path) -> None:
    recorder = Recorder()

    def work(progress: ProgressFn, cancel: CancelToken) -> JobResult:
        progress("training", 60, "a")
        progress("training", 40, "b")  # a late, lower report must not move the bar back
        for pct in range(60, 86):
            progress("training", pct, f"round {pct}")
        progress("saving", 90, "saving")
        return JobResult("ok")

    runner = JobRunner(tmp_path / "db.sqlite3", recorder)
    runner.start("train", "initializing", work)
    wait_done(recorder)
    pcts = [e["progress_pct"] for e in recorder.of("train_progress")]
    assert pcts == sorted(pcts)
    steps = [e["step"] for e in recorder.of("train_progress")]
    assert steps.count("training") < 5  # 28 reports inside a fraction of a second
    assert list(dict.fromkeys(steps)) == ["initializing", "training", "saving", "done"]


def test_one_slot_for_many_concurrent_starts(tmp_path: Path) -> None:
    recorder, release = Recorder(), threading.Event()
    runner = JobRunner(tmp_path / "db.sqlite3", recorder)
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def attempt() -> None:
        barrier.wait()
        try:
            runner.start("train", "initializing", blocking_job(release))
            outcomes.append("started")
        except JobConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 19 + ["started"]
    release.set()
    wait_done(recorder)
    assert runner.status()["status"] == "complete"


def test_cancel_fails_the_job_with_the_spec_message(tmp_path: Path) -> None:
    recorder = Recorder()
    runner = JobRunner(tmp_path / "db.sqlite3", recorder)
    with pytest.raises(NoJobRunning):
        runner.cancel()
    job = runner.start("build_features", "building_features", blocking_job(threading.Event()))
    assert runner.cancel()["status"] == "running"
    wait_done(recorder)
    assert runner.status()["status"] == "failed"
    assert runner.status()["error"] == MSG_CANCELLED
    assert recorder.events[-1] == {
        "type": "train_failed",
        "job_id": job["job_id"],
        "kind": "build_features",
        "error": MSG_CANCELLED,
    }
    with pytest.raises(NoJobRunning):
        runner.cancel()


def test_domain_errors_become_the_job_error(tmp_path: Path) -> None:
    recorder = Recorder()

    def work(progress: ProgressFn, cancel: CancelToken) -> JobResult:
        raise NoFeatureData("No feature data found for the given date range (2026-01-01)")

    runner = JobRunner(tmp_path / "db.sqlite3", recorder)
    runner.start("train", "initializing", work)
    wait_done(recorder)
    assert runner.status()["error"].startswith("No feature data found for the given date range")
    assert recorder.of("train_complete") == []


def test_the_last_job_survives_a_restart(tmp_path: Path) -> None:
    recorder = Recorder()
    first = JobRunner(tmp_path / "db.sqlite3", recorder)
    first.start("train", "initializing", lambda p, c: JobResult("done", {"macro_f1": 1.0}))
    wait_done(recorder)
    before = first.status()
    assert JobRunner(tmp_path / "db.sqlite3", Recorder()).status() == before


def test_a_job_running_when_the_server_died_reads_failed(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "db.sqlite3")
    store.save(JobState(job_id="abcdefabcdef", kind="train", status="running", step="training",
                        progress_pct=55, started_at="2026-03-12T10:00:00+00:00"))  # fmt: skip
    status = JobRunner(tmp_path / "db.sqlite3", Recorder()).status()
    assert status["job_id"] == "abcdefabcdef"
    assert status["status"] == "failed" and status["error"] == MSG_SERVER_STOPPED
    assert status["finished_at"] is not None
    # ... and stays so on the next restart
    assert JobRunner(tmp_path / "db.sqlite3", Recorder()).status() == status


def test_ended_since_lists_this_runs_ended_jobs_in_the_order_they_ended(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "db.sqlite3")

    def job(job_id: str, started: str, finished: str | None, status: str = "complete") -> None:
        store.save(JobState(job_id=job_id, kind="train", status=status, step="done",
                            progress_pct=100, started_at=f"2026-03-12T{started}+00:00",
                            finished_at=finished and f"2026-03-12T{finished}+00:00"))  # fmt: skip

    job("earlier", "09:00:00", "09:10:00")  # a previous run's
    job("build", "10:00:00", "10:00:09")
    job("train", "10:00:10", "10:00:30", "failed")
    job("quick", "10:00:05", "10:00:08")  # started later than "build", ended before it
    job("now", "10:00:31", None, "running")
    ended = store.ended_since("2026-03-12T10:00:00+00:00")
    assert [state.job_id for state in ended] == ["quick", "build", "train"]
    assert ended[2].status == "failed"


def test_shutdown_stops_the_running_job(tmp_path: Path) -> None:
    recorder = Recorder()
    runner = JobRunner(tmp_path / "db.sqlite3", recorder)
    runner.start("train", "initializing", blocking_job(threading.Event()))
    runner.shutdown()
    assert runner.status()["error"] == MSG_SERVER_STOPPED
    assert JobRunner(tmp_path / "db.sqlite3", Recorder()).status()["error"] == MSG_SERVER_STOPPED


def test_a_job_history_that_cannot_be_written_does_not_jam_the_slot(tmp_path: Path) -> None:
    """Persistence is for restarts; if the database refuses a write (here: the table is gone)
    the job still ends, says so, and the slot is free for the next one."""
    import sqlite3

    recorder, release = Recorder(), threading.Event()
    runner = JobRunner(tmp_path / "db.sqlite3", recorder)
    runner.start("train", "initializing", blocking_job(release))
    with sqlite3.connect(tmp_path / "db.sqlite3") as other:
        other.execute("DROP TABLE jobs")
    release.set()
    wait_done(recorder)
    assert runner.status()["status"] == "complete"
    recorder.done.clear()
    again = runner.start("train", "initializing", lambda p, c: JobResult("second"))
    wait_done(recorder)
    assert runner.status()["job_id"] == again["job_id"]
    assert runner.status()["message"] == "second"


def test_a_training_killed_after_saving_its_bundle_reads_complete(
    tmp_path: Path, train_settings
) -> None:
    """Issue 9.7: SIGKILL between the bundle's rename and the job's completion record."""
    from fixtures.training_fx import train_synthetic

    store = JobStore(tmp_path / "db.sqlite3")
    store.save(JobState(job_id="abcdefabcdef", kind="train", status="running", step="saving",
                        progress_pct=95, started_at="2026-01-01T00:00:00+00:00"))  # fmt: skip
    store.close()
    saved = train_synthetic(train_settings, rounds=3)
    runner = JobRunner(tmp_path / "db.sqlite3", Recorder(), models_dir=train_settings.models_dir)
    status = runner.status()
    assert status["status"] == "complete" and status["error"] is None
    assert status["model_dir"] == str(saved.model_dir)
    assert status["metrics"] == pytest.approx(saved.metrics)
    assert "recovered" in status["message"]


def test_a_bundle_older_than_the_killed_job_is_not_its_result(
    tmp_path: Path, train_settings
) -> None:
    from fixtures.training_fx import train_synthetic

    train_synthetic(train_settings, rounds=3)
    store = JobStore(tmp_path / "db.sqlite3")
    store.save(JobState(job_id="abcdefabcdef", kind="train", status="running", step="training",
                        progress_pct=55, started_at="2100-01-01T00:00:00+00:00"))  # fmt: skip
    store.close()
    runner = JobRunner(tmp_path / "db.sqlite3", Recorder(), models_dir=train_settings.models_dir)
    assert runner.status()["error"] == MSG_SERVER_STOPPED
