"""The dashboard page and its built assets (``frontend/`` builds into ``static/``).

The page is what a foreign site would most like to frame (to trick a click on Activate or
Cancel), so it is sent with ``X-Frame-Options: DENY`` and a Content-Security-Policy that
allows only this server: scripts, styles and images from here, WebSocket to a loopback host.
Hashed assets never change under their name, so they may be cached for good; the page itself
is revalidated so an upgrade shows at once.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent / "static"
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
        "connect-src 'self' ws://127.0.0.1:* ws://localhost:*"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
FOREVER = "public, max-age=31536000, immutable"
DAY = "public, max-age=86400"


class _Assets(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = FOREVER
        response.headers.update(PAGE_HEADERS)
        return response


def add_dashboard(app: FastAPI, static_dir: Path = STATIC_DIR) -> None:
    """``/`` (the page), ``/assets/*`` and the favicon."""
    index = static_dir / "index.html"
    favicon = static_dir / "favicon.svg"
    if (static_dir / "assets").is_dir():
        app.mount("/assets", _Assets(directory=static_dir / "assets"), name="assets")

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        if not index.is_file():  # a source checkout whose frontend was never built
            return PlainTextResponse(
                "The dashboard is not built: run `make frontend`. The API docs are at /docs.",
                status_code=503,
            )
        return FileResponse(index, headers={**PAGE_HEADERS, "Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    @app.get("/favicon.svg", include_in_schema=False)
    def icon() -> Response:
        if not favicon.is_file():
            return Response(status_code=404)
        return FileResponse(favicon, media_type="image/svg+xml", headers={"Cache-Control": DAY})
