"""Model bundles: the list, and bundle-saved validation metrics of one bundle or the tray's."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from taskclf import registry
from taskclf.api import state
from taskclf.api.schemas import ActivatedOut
from taskclf.core.settings import Settings

router = APIRouter(prefix="/api/train/models", tags=["models"])
Config = Annotated[Settings, Depends(state.settings)]
TrayReport = Annotated[dict[str, Any] | None, Depends(state.tray_state)]
Tray = Annotated[state.FollowingTray | None, Depends(state.following_tray)]


@router.get("", response_model=list[registry.BundleInfo])
def list_models(settings: Config) -> Any:
    """Every bundle directory, newest first; invalid ones say why."""
    return registry.list_bundles(settings.models_dir)


@router.get("/current/inspect")
async def inspect_current(report: TrayReport) -> Any:
    """The tray's loaded model, or ``{"loaded": false, "reason": ...}``."""
    if report is None:
        return {"loaded": False, "reason": "tray_state_unavailable"}
    model_dir = report.get("model_dir")
    if not report.get("loaded") or not model_dir:
        return {"loaded": False, "reason": "no_model_loaded"}
    path = Path(model_dir)
    payload = await run_in_threadpool(registry.inspect_bundle, path.parent, path.name)
    return {"loaded": True, **payload}


@router.get("/{model_id}/inspect")
def inspect_model(model_id: str, settings: Config) -> Any:
    """404 for an unknown (or path-like) id, 422 for a bundle that cannot be trusted.

    The registry resolves ids strictly inside the models directory.
    """
    return registry.inspect_bundle(settings.models_dir, model_id)


@router.post("/{model_id}/activate", response_model=ActivatedOut)
def activate_model(model_id: str, settings: Config, tray: Tray) -> Any:
    """Promote or roll back: point ``active.json`` at a valid bundle (404 unknown, 409
    invalid); a running tray switches to it before this answers."""
    path = registry.activate(settings.models_dir, model_id)
    if tray is not None:
        tray.load_active()
    pointer = registry.active_pointer(settings.models_dir) or {}
    return {
        "model_id": model_id,
        "model_dir": str(path),
        "activated_at": pointer.get("activated_at"),
    }
