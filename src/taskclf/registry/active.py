"""The active-model pointer the tray follows: ``<models_dir>/active.json``, written atomically.

Promote and rollback are both just ``activate(models_dir, model_id)`` of a valid bundle.
"""

from __future__ import annotations

from pathlib import Path

from taskclf.core.atomic import atomic_write_json
from taskclf.core.errors import ActivationRefused, BundleInvalid, BundleNotFound, StorageError
from taskclf.core.timeutil import iso_utc, utcnow
from taskclf.registry.bundle import ACTIVE_FILE, models_lock
from taskclf.registry.catalog import get_active, list_bundles, valid_bundle_dir

__all__ = ["activate", "current_model_id", "get_active"]


def activate(models_dir: Path, model_id: str) -> Path:
    """Point at ``model_id`` after checking it is a valid bundle; returns its directory.

    An invalid bundle exists but cannot become active: that is a conflict with its state
    (409 / exit 4), not bad input, which is why ``BundleInvalid`` is re-raised as such."""
    try:
        path, _, _ = valid_bundle_dir(models_dir, model_id)
    except BundleInvalid as exc:
        raise ActivationRefused(f"cannot activate: {exc.message}") from None
    pointer = models_dir / ACTIVE_FILE
    try:
        with models_lock(models_dir):
            atomic_write_json(pointer, {"model_id": model_id, "activated_at": iso_utc(utcnow())})
    except OSError as exc:
        raise StorageError(f"cannot write the active-model pointer {pointer}: {exc}") from None
    return path


def current_model_id(models_dir: Path) -> str:
    """The active bundle if it is still there and valid, else the newest valid one."""
    active = get_active(models_dir)
    if active is not None:
        try:
            valid_bundle_dir(models_dir, active)
            return active
        except (BundleNotFound, BundleInvalid):  # stale pointer: fall back to newest valid
            pass
    for info in list_bundles(models_dir):
        if info.valid:
            return info.model_id
    raise BundleNotFound("no valid model bundle found; train one first")
