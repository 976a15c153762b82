"""What a job that was running when the server died really did.

A training job saves its bundle (an atomic rename) and only then records ``complete``; a
kill between the two left a valid model while the job read "failed: Server stopped…". On
restart the job slot has one owner, so a valid bundle created after that job started is its
result: the job reads ``complete`` with the bundle's own metrics.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from taskclf.core.errors import MSG_SERVER_STOPPED
from taskclf.core.timeutil import iso_utc, utcnow

if TYPE_CHECKING:
    from taskclf.jobs.runner import JobState

MSG_RECOVERED = "recovered after the server stopped"


def recover(last: JobState, models_dir: Path | None) -> JobState:
    """``last`` as it really ended: complete with the bundle it saved, else failed."""
    now = iso_utc(utcnow())
    bundle = _bundle_saved_by(last, models_dir) if last.kind == "train" else None
    if bundle is None:
        return replace(
            last, status="failed", error=MSG_SERVER_STOPPED, message=MSG_SERVER_STOPPED,
            finished_at=now,
        )  # fmt: skip
    model_id, model_dir, metrics = bundle
    return replace(
        last, status="complete", step="done", progress_pct=100, error=None, metrics=metrics,
        model_dir=str(model_dir), message=f"Model saved to {model_id} ({MSG_RECOVERED})",
        finished_at=now,
    )  # fmt: skip


def _bundle_saved_by(
    job: JobState, models_dir: Path | None
) -> tuple[str, Path, dict[str, float]] | None:
    from taskclf.registry.catalog import check_bundle, list_bundles

    if models_dir is None or job.started_at is None:
        return None
    started = datetime.fromisoformat(job.started_at)
    for info in list_bundles(models_dir):  # newest first
        created = _parse(info.created_at)
        if not info.valid or created is None or created < started:
            continue
        _, _, saved = check_bundle(Path(info.path))
        metrics = {key: float(saved[key]) for key in ("macro_f1", "weighted_f1")}
        return info.model_id, Path(info.path), metrics
    return None


def _parse(stamp: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None
