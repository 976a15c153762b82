"""Retention: which model bundles to keep, and removing the others without a half bundle.

Kept: the newest ``keep`` bundles (in the order ``model list`` shows them), the active one
(what ``active.json`` names, and the model the tray falls back to when that pointer is
missing or stale), and every pinned one. A bundle is pinned by an empty ``pinned`` file in its
directory, so the mark travels with the bundle and pinning is one atomic file write.

Only directories named like a saved bundle (``YYYY-MM-DD_HHMMSS_run-NNNN``) are candidates,
valid or not; a directory someone else put in the models dir is never deleted. A removal
happens under the models lock: the directory is first renamed to a hidden ``.trash-*`` name
(hidden names are never listed), then deleted, so a crash in between leaves nothing that
lists as a bundle, and the next prune sweeps the leftover. Staging directories older than an
hour (a save writes its staging directory in seconds) and trash leftovers are swept too.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from taskclf.core.atomic import atomic_write_bytes, fsync_dir
from taskclf.core.errors import BundleNotFound, InvalidInput, StorageError
from taskclf.registry.active import current_model_id, get_active
from taskclf.registry.bundle import BUNDLE_NAME, STAGING_PREFIX, models_lock
from taskclf.registry.catalog import resolve_bundle_dir

PINNED_FILE = "pinned"
TRASH_PREFIX = ".trash-"
STAGING_MAX_AGE_S = 3600.0


@dataclass(frozen=True)
class RetentionPlan:
    keep: tuple[str, ...]  # newest first
    remove: tuple[str, ...]  # newest first


@dataclass
class PruneResult:
    removed: list[str] = field(default_factory=list)  # bundle ids
    kept: list[str] = field(default_factory=list)
    swept: list[str] = field(default_factory=list)  # hidden staging/trash directories
    dry_run: bool = False


def plan_retention(names: Iterable[str], keep: int, protected: Collection[str]) -> RetentionPlan:
    """The pure choice: of the names that look like saved bundles, keep the ``keep`` newest
    and every protected one; remove the rest. Other names are in neither list."""
    if keep < 0:
        raise InvalidInput(f"keep must be 0 or more, got {keep}", field="keep")
    bundles = sorted({n for n in names if BUNDLE_NAME.match(n)}, key=_save_order, reverse=True)
    kept = tuple(n for i, n in enumerate(bundles) if i < keep or n in protected)
    return RetentionPlan(keep=kept, remove=tuple(n for n in bundles if n not in kept))


def _save_order(name: str) -> tuple[str, int]:
    match = BUNDLE_NAME.match(name)
    assert match is not None  # only called on matching names
    return match.group(1), int(match.group(2))


def prune(models_dir: Path, keep: int, *, dry_run: bool = False) -> PruneResult:
    """Remove every bundle ``plan_retention`` does not keep (nothing with ``dry_run``)."""
    result = PruneResult(dry_run=dry_run)
    if not models_dir.is_dir():
        return result
    with _locked(models_dir, "cannot prune the bundles"):
        names = [p.name for p in models_dir.iterdir() if p.is_dir()]
        plan = plan_retention(names, keep, protected_ids(models_dir, names))
        result.kept, result.removed = list(plan.keep), list(plan.remove)
        result.swept = stale_hidden(models_dir, time.time())
        if not dry_run:
            for name in [*plan.remove, *result.swept]:
                _discard(models_dir / name)
    return result


def protected_ids(models_dir: Path, names: Iterable[str]) -> set[str]:
    """Pinned bundles, the one ``active.json`` names, and the one the tray would fall back to."""
    protected = {name for name in names if (models_dir / name / PINNED_FILE).is_file()}
    active = get_active(models_dir)
    if active is not None:
        protected.add(active)
    with suppress(BundleNotFound):  # no valid bundle at all: nothing to fall back to
        protected.add(current_model_id(models_dir))
    return protected


def stale_hidden(models_dir: Path, now: float) -> list[str]:
    """Trash leftovers (any age) and staging directories older than an hour."""
    stale = []
    for path in (p for p in models_dir.iterdir() if p.is_dir()):
        old_staging = now - path.stat().st_mtime > STAGING_MAX_AGE_S
        if path.name.startswith(TRASH_PREFIX) or (
            path.name.startswith(STAGING_PREFIX) and old_staging
        ):
            stale.append(path.name)
    return sorted(stale)


def _discard(path: Path) -> None:
    """Hide first (one atomic rename), then delete what is already invisible."""
    if not path.name.startswith(TRASH_PREFIX):
        hidden = path.with_name(f"{TRASH_PREFIX}{path.name}-{secrets.token_hex(4)}")
        os.rename(path, hidden)
        fsync_dir(path.parent)
        path = hidden
    shutil.rmtree(path)


def pin(models_dir: Path, model_id: str) -> Path:
    """Keep ``model_id`` through every prune; returns its directory (404 if unknown)."""
    resolve_bundle_dir(models_dir, model_id)  # unknown: say so before touching anything
    with _locked(models_dir, f"cannot pin {model_id}"):
        path = resolve_bundle_dir(models_dir, model_id)
        atomic_write_bytes(path / PINNED_FILE, b"")
    return path


def unpin(models_dir: Path, model_id: str) -> bool:
    """Let prune remove ``model_id`` again; False when it was not pinned."""
    resolve_bundle_dir(models_dir, model_id)
    with _locked(models_dir, f"cannot unpin {model_id}"):
        path = resolve_bundle_dir(models_dir, model_id)
        if not (path / PINNED_FILE).exists():
            return False
        (path / PINNED_FILE).unlink()
        fsync_dir(path)
    return True


def pinned_ids(models_dir: Path) -> set[str]:
    if not models_dir.is_dir():
        return set()
    marks = models_dir.glob(f"*/{PINNED_FILE}")
    return {m.parent.name for m in marks if m.is_file() and not m.parent.name.startswith(".")}


@contextmanager
def _locked(models_dir: Path, what: str) -> Iterator[None]:
    """The models lock, with a failing disk reported as one line naming what was tried."""
    try:
        with models_lock(models_dir):
            yield
    except OSError as exc:
        raise StorageError(f"{what} in {models_dir}: {exc}") from None
