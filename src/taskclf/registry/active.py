"""The active-model pointer the tray follows: ``<models_dir>/active.json``, written atomically.

Promote and rollback are both just ``activate(models_dir, model_id)`` of a valid bundle.
"""

from __future__ import annotations

import json
from pathlib import Path

from taskclf.core.atomic import atomic_write_json
from taskclf.core.errors import BundleInvalid, BundleNotFound, StorageError
from taskclf.core.timeutil import iso_utc, utcnow
from taskclf.registry.bundle import ACTIVE_FILE, models_lock
from taskclf.registry.catalog import list_bundles, valid_bundle_dir


def get_active(models_dir: Path) -> str | None:
    """The pointed-to model id, or None when there is no readable pointer."""
    try:
        payload = json.loads((models_dir / ACTIVE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    model_id = payload.get("model_id") if isinstance(payload, dict) else None
    return model_id if isinstance(model_id, str) else None


def activate(models_dir: Path, model_id: str) -> Path:
    """Point at ``model_id`` after checking it is a valid bundle; returns its directory."""
    path, _, _ = valid_bundle_dir(models_dir, model_id)
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
