"""What routers may read from ``app.state``, typed, plus the tray protocol create_app accepts.

The tray runtime lives in another area; the API only needs to ask it which model it has
loaded and to tell it when a new one was trained, so this is all it assumes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from fastapi import Request

from taskclf.api.bus import EventBus
from taskclf.core.settings import Settings
from taskclf.jobs.runner import JobRunner


@runtime_checkable
class TrayState(Protocol):
    def get_tray_state(self) -> dict[str, Any] | None:
        """``{"loaded": bool, "model_dir": str | None, "model_id": str | None}`` or None."""
        ...


@runtime_checkable
class ReloadingTray(Protocol):
    def reload(self, model_dir: Path) -> None: ...


@runtime_checkable
class FollowingTray(Protocol):
    """A tray that can be told ``active.json`` changed, so it switches now, not next poll."""

    def load_active(self) -> None: ...


@runtime_checkable
class RunningTray(Protocol):
    """A tray with its own loop, run for exactly as long as the server serves."""

    def start(self, publish: Callable[[dict[str, Any]], None]) -> None: ...

    def stop(self) -> None: ...


# The dependencies below are ``async def``: they only read ``app.state``, and FastAPI runs a
# plain ``def`` dependency in its thread pool, a hop that was 0.6 ms of a 0.85 ms status call.


async def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


async def runner(request: Request) -> JobRunner:
    value: JobRunner = request.app.state.runner
    return value


async def bus(request: Request) -> EventBus:
    value: EventBus = request.app.state.bus
    return value


async def label_store(request: Request) -> Any:
    return request.app.state.label_store


async def tray_state(request: Request) -> dict[str, Any] | None:
    """The tray's own report, or None when there is no tray (``taskclf ui``)."""
    tray = request.app.state.tray
    if not isinstance(tray, TrayState):
        return None
    return tray.get_tray_state()


async def following_tray(request: Request) -> FollowingTray | None:
    tray = request.app.state.tray
    return tray if isinstance(tray, FollowingTray) else None


@runtime_checkable
class ControlledTray(Protocol):
    """A tray a person can look at and pause (``/api/tray/*``)."""

    def state(self) -> dict[str, Any]: ...

    def set_paused(self, paused: bool) -> dict[str, Any]: ...


async def controlled_tray(request: Request) -> ControlledTray | None:
    tray = request.app.state.tray
    return tray if isinstance(tray, ControlledTray) else None
