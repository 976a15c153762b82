"""The FastAPI app factory: state, routers, and the one place domain errors become HTTP.

Routers read ``request.app.state.settings`` (Settings), ``.label_store`` (LabelStore),
``.bus`` (EventBus) and ``.tray`` (tray runtime or None).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from taskclf import __version__
from taskclf.api import events, labels, models, train
from taskclf.api.bus import EventBus
from taskclf.core.errors import TaskclfError
from taskclf.core.settings import Settings

HTTP_STATUS = {
    "invalid": 422,
    "not_found": 404,
    "conflict": 409,
    "unavailable": 503,
    "failed": 500,
    "cancelled": 409,
}


def create_app(settings: Settings, tray: Any = None) -> FastAPI:
    from taskclf.labels.store import LabelStore  # type: ignore[attr-defined]

    app = FastAPI(title="taskclf", version=__version__)
    app.state.settings = settings
    app.state.bus = EventBus()
    app.state.label_store = LabelStore(settings.db_path)
    app.state.tray = tray
    for module in (labels, train, models, events):
        app.include_router(module.router)
    app.add_exception_handler(TaskclfError, _taskclf_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    return app


def error_body(message: str, field: str | None = None) -> dict[str, Any]:
    """The one error shape every endpoint answers with."""
    return {"detail": message, "field": field}


async def _taskclf_error(request: Request, exc: TaskclfError) -> JSONResponse:
    return JSONResponse(error_body(exc.message, exc.field), status_code=HTTP_STATUS[exc.kind])


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0]
    loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    field = ".".join(loc) or None
    message = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
    text = f"{field}: {message}" if field else message
    return JSONResponse(error_body(text, field), status_code=422)
