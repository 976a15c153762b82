"""Writing a model bundle so that a crash at any moment never leaves a half bundle in view.

Files are written and fsynced inside a hidden ``.staging-<pid>-<random>`` directory, which is
then renamed to ``YYYY-MM-DD_HHMMSS_run-NNNN`` while holding ``<models_dir>/.lock``; the run
number is one more than any existing bundle's, so ids are unique and increasing even for two
saves in the same second, in threads or processes.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from taskclf.core.atomic import atomic_write_bytes, atomic_write_json, fsync_dir
from taskclf.core.errors import StorageError
from taskclf.core.timeutil import utcnow

MODEL_FILE = "model.txt"
METADATA_FILE = "metadata.json"
METRICS_FILE = "metrics.json"
CONFUSION_FILE = "confusion_matrix.csv"
IMPORTANCE_FILE = "feature_importance.json"
REQUIRED_FILES = (MODEL_FILE, METADATA_FILE, METRICS_FILE, CONFUSION_FILE)
ACTIVE_FILE = "active.json"
LOCK_FILE = ".lock"
STAGING_PREFIX = ".staging-"

BUNDLE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}_\d{6})_run-(\d{4,})$")


@dataclass(frozen=True)
class BundleContents:
    model_text: str
    metadata: dict[str, Any]
    metrics: dict[str, Any]
    confusion_csv: str
    feature_importance: dict[str, float]


def run_number(name: str) -> int | None:
    match = BUNDLE_NAME.match(name)
    return int(match.group(2)) if match else None


def next_model_id(models_dir: Path, now: datetime) -> str:
    """Call with the lock held: one more than the highest run number present."""
    numbers = [n for n in (run_number(p.name) for p in models_dir.iterdir()) if n is not None]
    return f"{now.strftime('%Y-%m-%d_%H%M%S')}_run-{max(numbers, default=0) + 1:04d}"


@contextmanager
def models_lock(models_dir: Path) -> Iterator[None]:
    """Exclusive across processes and threads (each call opens its own file description)."""
    models_dir.mkdir(parents=True, exist_ok=True)
    with open(models_dir / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def save_bundle(models_dir: Path, contents: BundleContents) -> tuple[str, Path]:
    """Write every file into staging, then rename it into place; returns (model_id, path).

    A disk that is full, read-only or not a directory is a ``StorageError`` (one line for the
    user) rather than a bare ``OSError`` after a whole training run.
    """
    try:
        return _save(models_dir, contents)
    except OSError as exc:
        raise StorageError(f"cannot save the model bundle in {models_dir}: {exc}") from None


def _save(models_dir: Path, contents: BundleContents) -> tuple[str, Path]:
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=models_dir))
    try:
        _write_files(staging, contents)
        fsync_dir(staging)
        with models_lock(models_dir):
            _sweep_dead_staging(models_dir)
            model_id = next_model_id(models_dir, utcnow())
            final = models_dir / model_id
            os.rename(staging, final)
            fsync_dir(models_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return model_id, final


def _write_files(staging: Path, contents: BundleContents) -> None:
    atomic_write_bytes(staging / MODEL_FILE, contents.model_text.encode("utf-8"))
    atomic_write_json(staging / METRICS_FILE, contents.metrics)
    atomic_write_bytes(staging / CONFUSION_FILE, contents.confusion_csv.encode("utf-8"))
    atomic_write_json(staging / IMPORTANCE_FILE, contents.feature_importance)
    atomic_write_json(staging / METADATA_FILE, contents.metadata)


def _sweep_dead_staging(models_dir: Path) -> None:
    """Remove staging dirs left by processes that died mid-save (never a live one's)."""
    for path in models_dir.glob(f"{STAGING_PREFIX}*"):
        pid_text = path.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit() and not _alive(int(pid_text)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
