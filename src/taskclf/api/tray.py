"""The running tray: what it is doing (``GET /api/tray/state``) and pause/resume.

Under ``taskclf ui`` there is no tray; these answer 404 with a message that says how to get
one, in the usual error shape (the error is translated once, in ``api/app.py``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from taskclf.api import state
from taskclf.core.errors import NotFound

router = APIRouter(prefix="/api/tray", tags=["tray"])
Tray = Annotated[state.ControlledTray | None, Depends(state.controlled_tray)]
NO_TRAY = (
    "no tray in this process: `taskclf ui` serves the dashboard only; "
    "run `taskclf tray` (or `taskclf demo`) for live suggestions"
)


class TrayStateOut(BaseModel):
    model_id: str | None
    model_dir: str | None
    loaded_at: str | None
    paused: bool
    last_prediction: dict[str, Any] | None
    aw_status: Literal["ok", "unreachable", "no_data"]
    last_error: str | None
    poll_seconds: float


def _running(tray: state.ControlledTray | None) -> state.ControlledTray:
    if tray is None:
        raise NotFound(NO_TRAY)
    return tray


@router.get("/state", response_model=TrayStateOut)
def tray_state(tray: Tray) -> Any:
    """The model in use, whether suggestions are paused, the last one, ActivityWatch's health."""
    return _running(tray).state()


@router.post("/pause", response_model=TrayStateOut)
def pause(tray: Tray) -> Any:
    """Stop publishing suggestions until resumed (the tray keeps following the model)."""
    return _running(tray).set_paused(True)


@router.post("/resume", response_model=TrayStateOut)
def resume(tray: Tray) -> Any:
    """Publish suggestions again, starting with the last complete minute."""
    return _running(tray).set_paused(False)
