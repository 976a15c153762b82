"""What ``taskclf tray`` and ``taskclf demo`` tell the person in the terminal, and the icon.

After start: the dashboard URL (printed by the server), ActivityWatch's status and the active
model (by the suggester as it starts); then one line per suggestion change, model switch and
job end. Job ends are read every few seconds from the job history the server writes (the
jobs store, as the CLI reads other stores; never the API's objects): the status endpoint shows
only the latest job, so a build that ended as a training began between two looks went unsaid.
"""

from __future__ import annotations

import sqlite3
import threading
from types import TracebackType
from typing import Any, Self

import httpx

from taskclf.core.settings import Settings
from taskclf.core.timeutil import iso_utc, utcnow

JOB_POLL_S = 3.0


def say(line: str) -> None:
    print(f"taskclf: {line}", flush=True)


class Narrator:
    """Owns the suggester, the optional icon and the job watcher for one server run."""

    def __init__(self, settings: Settings, icon: bool) -> None:
        from taskclf.tray.icon import TrayIcon
        from taskclf.tray.suggester import Suggester

        self.settings = settings
        self.url = f"http://{_url_host(settings.host)}:{settings.port}/"
        self.tray = Suggester(settings, say=self._say)
        self._icon = TrayIcon(self.tray, self.url) if icon else None
        self._stop = threading.Event()
        self._jobs = threading.Thread(target=self._watch_jobs, name="taskclf-jobs", daemon=True)

    def __enter__(self) -> Self:
        if self._icon is None:
            say("tray icon off (--no-icon); suggestions go to this terminal and the dashboard")
        else:
            reason = self._icon.start()
            if reason is not None:
                self._icon = None
                say(f"no tray icon: {reason}; running headless")
        self._jobs.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._icon is not None:
            self._icon.stop()

    def _say(self, line: str) -> None:
        say(line)
        if self._icon is not None:
            self._icon.refresh()

    def _watch_jobs(self) -> None:
        """Every job of this run that ended, once, in the order they ended: read from the job
        history, so a job that ends while the next starts between two looks is not missed.
        The history is opened once the server answers (it creates the database)."""
        began = iso_utc(utcnow().replace(microsecond=0)) or ""  # as jobs' started_at is written
        said: set[str] = set()
        while not self._stop.wait(JOB_POLL_S):
            if self._server_answers():
                break
        else:
            return
        from taskclf.jobs.runner import JobStore

        jobs = JobStore(self.settings.db_path)
        try:
            while True:
                try:
                    ended = jobs.ended_since(began)
                except sqlite3.Error:  # a busy or failing disk: try at the next look
                    ended = []
                for state in ended:
                    if state.job_id and state.job_id not in said:
                        said.add(state.job_id)
                        say(job_line(state.public()))
                if self._stop.wait(JOB_POLL_S):
                    return
        finally:
            jobs.close()

    def _server_answers(self) -> bool:
        try:
            return httpx.get(self.url + "api/train/status", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False


def job_line(status: dict[str, Any]) -> str:
    kind = "training" if status.get("kind") == "train" else "feature build"
    if status.get("status") == "failed":
        return f"job: {kind} failed: {status.get('error')}"
    return f"job: {kind} complete: {status.get('message')}"


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
