"""``/api/info``: what the dashboard asks first (version, the server's zone and today)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from taskclf import __version__
from taskclf.api import state
from taskclf.api.schemas import InfoOut
from taskclf.core.settings import Settings
from taskclf.core.timeutil import local_today

router = APIRouter(prefix="/api", tags=["info"])


@router.get("/info", response_model=InfoOut)
def info(request: Request, settings: Annotated[Settings, Depends(state.settings)]) -> Any:
    """Date defaults are relative to the server's ``today`` in its own zone, because days
    are the server's calendar days whatever zone the browser is in."""
    return {
        "version": __version__,
        "timezone": settings.timezone,
        "today": local_today(settings.timezone).isoformat(),
        "tray": request.app.state.tray is not None,
    }
