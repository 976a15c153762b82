"""The FastAPI app factory: state, routers, and the one place domain errors become HTTP.

Routers read ``request.app.state.settings`` (Settings), ``.label_store`` (LabelStore),
``.bus`` (EventBus), ``.runner`` (JobRunner) and ``.tray`` (tray runtime or None) through
``taskclf.api.state``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from taskclf import __version__
from taskclf.api import activity, events, info, labels, models, predictions, train
from taskclf.api import tray as tray_api
from taskclf.api.bus import EventBus
from taskclf.api.dashboard import add_dashboard
from taskclf.api.docs import add_local_docs
from taskclf.api.schemas import ERRORS
from taskclf.api.security import SecurityMiddleware
from taskclf.api.state import ReloadingTray, RunningTray
from taskclf.core.errors import TaskclfError
from taskclf.core.settings import Settings
from taskclf.jobs.runner import JobRunner

HTTP_STATUS = {
    "invalid": 422,
    "not_found": 404,
    "conflict": 409,
    "unavailable": 503,
    "failed": 500,
    "cancelled": 409,
    "unwritable": 507,
}
# Whole-model validators have no field of their own; name the one the user should change.
MODEL_LEVEL_FIELDS = {
    "date_from must be on or before date_to": "date_from",
    "the range may span at most": "date_to",
}


def create_app(settings: Settings, tray: Any = None, label_store: Any = None) -> FastAPI:
    if label_store is None:
        from taskclf.labels.store import LabelStore

        label_store = LabelStore(settings.db_path)
    app = FastAPI(
        title="taskclf", version=__version__, lifespan=_lifespan, docs_url=None, redoc_url=None
    )
    app.state.settings = settings
    app.state.bus = bus = EventBus()
    app.state.label_store = label_store
    app.state.tray = tray
    hook = tray.reload if isinstance(tray, ReloadingTray) else None
    app.state.runner = JobRunner(
        settings.db_path, bus.publish, on_model_trained=hook, models_dir=settings.models_dir
    )
    faces = (info, labels, activity, train, predictions, models, events, tray_api)
    routers = [module.router for module in faces]
    for router in routers:
        app.include_router(router, responses=ERRORS)  # one documented error shape
    app.state.api_routes = [route for router in routers for route in router.routes]
    add_local_docs(app)
    add_dashboard(app)
    app.add_middleware(SecurityMiddleware)
    app.add_exception_handler(TaskclfError, _taskclf_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(ValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Bind the bus to the serving loop and start the tray; on the way out stop both and the
    job, and wait for them."""
    app.state.bus.bind_loop(asyncio.get_running_loop())
    tray = app.state.tray if isinstance(app.state.tray, RunningTray) else None
    if tray is not None:
        await anyio.to_thread.run_sync(tray.start, app.state.bus.publish)
    try:
        yield
    finally:
        if tray is not None:
            await anyio.to_thread.run_sync(tray.stop)
        app.state.bus.bind_loop(None)
        await anyio.to_thread.run_sync(app.state.runner.shutdown)


def error_body(message: str, field: str | None = None) -> dict[str, Any]:
    """The one error shape every endpoint answers with."""
    return {"detail": message, "field": field}


async def _taskclf_error(request: Request, exc: TaskclfError) -> JSONResponse:
    body = {**exc.extra, **error_body(exc.message, exc.field)}  # the shape's keys always win
    return JSONResponse(body, status_code=HTTP_STATUS[exc.kind])


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """Routing errors (unknown path, wrong method) in the same shape as ours; a 405 lists
    every method the path answers (Starlette names only the first matching route's)."""
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request.app, request.scope))
    return JSONResponse(error_body(str(exc.detail)), status_code=exc.status_code, headers=headers)


def allowed_methods(app: FastAPI, scope: Any) -> list[str]:
    """Every method some API route answers at this path."""
    methods: set[str] = set()
    for route in app.state.api_routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(scope["path"]):
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


async def _validation_error(
    request: Request, exc: RequestValidationError | ValidationError
) -> JSONResponse:
    first = exc.errors()[0]
    message = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
    field = validation_field(first.get("loc", ()), message)
    if field is None and tuple(first.get("loc", ())) == ("body",):  # no body at all
        field, message = "body", "a JSON object body is required"
    text = f"{field}: {message}" if field and not message.startswith(field) else message
    return JSONResponse(error_body(text, field), status_code=422)


def validation_field(loc: Any, message: str) -> str | None:
    """The user's field from a pydantic error location, or from a model-level message."""
    parts = [
        str(part)
        for part in loc
        if isinstance(part, str) and part not in ("body", "query", "path", "header")
    ]
    if parts:
        return ".".join(parts)
    for prefix, field in MODEL_LEVEL_FIELDS.items():
        if message.startswith(prefix):
            return field
    return None
