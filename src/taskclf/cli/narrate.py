"""What ``taskclf tray`` and ``taskclf demo`` tell the person in the terminal, and the icon.

After start: the dashboard URL (printed by the server), ActivityWatch's status and the active
model (by the suggester as it starts); then one line per suggestion change, model switch and
job end. Job ends are read from ``GET /api/train/status`` like any other face would (the CLI
never reaches into the API's objects), every few seconds, which costs next to nothing.
"""

from __future__ import annotations

import threading
from datetime import datetime
from types import TracebackType
from typing import Any, Self

import httpx

from taskclf.core.settings import Settings
from taskclf.core.timeutil import utcnow

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
        seen: tuple[Any, Any] | None = None
        began = utcnow().replace(microsecond=0)  # as the status writes started_at
        with httpx.Client(base_url=self.url, timeout=5) as client:
            while not self._stop.wait(JOB_POLL_S):
                try:
                    status = client.get("/api/train/status").json()
                except (httpx.HTTPError, ValueError):
                    continue
                if ended_news(status, seen, began):
                    say(job_line(status))
                seen = (status.get("job_id"), status.get("status"))


def ended_news(status: dict[str, Any], seen: tuple[Any, Any] | None, began: datetime) -> bool:
    """A job ended since the last look. At the first look (``seen`` None) only a job that
    started in this run is news: one started and finished before the server first answered
    would otherwise go unsaid, and a previous run's last job must not be said again."""
    key = (status.get("job_id"), status.get("status"))
    if key == seen or key[1] not in ("complete", "failed"):
        return False
    if seen is not None:
        return True
    try:
        return datetime.fromisoformat(str(status.get("started_at"))) >= began
    except ValueError:
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
