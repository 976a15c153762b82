"""Live events: the ``/ws/predictions`` stream and the catch-up snapshot."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, WebSocket, WebSocketDisconnect

from taskclf.api import state
from taskclf.api.bus import EventBus, Subscription

router = APIRouter(tags=["events"])


@router.get("/api/ws/snapshot")
async def snapshot(bus: Annotated[EventBus, Depends(state.bus)]) -> dict[str, Any]:
    """The latest event of each type, so a reconnecting page can catch up."""
    return bus.snapshot()


@router.websocket("/ws/predictions")
async def predictions(websocket: WebSocket) -> None:
    """Push every bus event as JSON until the client goes away."""
    bus: EventBus = websocket.app.state.bus
    await websocket.accept()
    subscription = bus.subscribe()
    sender = asyncio.create_task(_pump(websocket, subscription))
    try:
        await _drain_until_closed(websocket)
    finally:
        bus.unsubscribe(subscription)
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await sender


async def _pump(websocket: WebSocket, subscription: Subscription) -> None:
    while True:
        await websocket.send_json(await subscription.get())


async def _drain_until_closed(websocket: WebSocket) -> None:
    """Clients only listen; reading is how we learn that they left."""
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            await websocket.receive_text()
