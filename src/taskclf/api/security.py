"""Guards for a server on 127.0.0.1 that every web page the user opens can try to reach.

- Host allowlist: a DNS-rebinding page reaches us under its own host name; refuse it (400).
- Origin check: a cross-site page may send simple POSTs or open a WebSocket; when the
  browser says where it comes from and that is not us, refuse (403).
- JSON bodies must say so (415): a form or ``text/plain`` POST is how CSRF avoids preflight.
- Body size cap (413), and no CORS headers anywhere (nothing here adds them).

Pure ASGI so that WebSocket handshakes pass through the same checks as HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ALLOWED_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# GETs that write: data-check builds feature files from ActivityWatch (the spec makes it a GET).
WRITING_GETS = frozenset({"/api/train/data-check"})
MAX_BODY_BYTES = 10 * 1024 * 1024
# Paths whose bodies are files, not JSON (the labels CSV import).
NON_JSON_BODIES: dict[str, frozenset[str]] = {
    "/api/labels/import": frozenset({"multipart/form-data", "text/csv"}),
}


def host_allowed(host_header: str | None) -> bool:
    """``localhost``, ``127.0.0.1`` or ``[::1]``, with or without a port."""
    if not host_header:
        return False
    host = host_header.strip().lower()
    if host.startswith("["):
        name, _, rest = host.partition("]")
        name, port = name + "]", rest.removeprefix(":")
        if rest and not rest.startswith(":"):
            return False
    else:
        name, _, port = host.partition(":")
    return name in ALLOWED_HOSTS and (port == "" or port.isdigit())


def origin_allowed(origin: str | None, host_header: str, scheme: str) -> bool:
    """Absent Origin is fine (curl, same-origin GET); otherwise it must be exactly us."""
    if origin is None:
        return True
    parts = urlsplit(origin.strip().lower())
    own_scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)
    return parts.scheme == own_scheme and parts.netloc == host_header.strip().lower()


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def content_type_allowed(path: str, content_type: str | None) -> bool:
    kind = media_type(content_type)
    if path in NON_JSON_BODIES:
        return kind in NON_JSON_BODIES[path]
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _headers(scope)
        host = headers.get("host")
        if _repeated(scope, b"host"):  # RFC 9112 §3.2: more than one Host is a bad request
            return await _reply(send, 400, "More than one Host header")
        if not host_allowed(host):
            return await _reply(send, 400, "Host not allowed: use localhost or 127.0.0.1")
        method = scope["method"].upper()
        writes = method in STATE_CHANGING or scope["path"] in WRITING_GETS
        if writes and not origin_allowed(
            headers.get("origin"), host or "", scope.get("scheme", "http")
        ):
            return await _reply(send, 403, "Cross-origin request refused")
        length = headers.get("content-length")
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        has_body = chunked or (length is not None and length.strip() not in ("", "0"))
        if not has_body:  # still capped: a body may arrive without either header
            return await self._capped(scope, receive, send)
        if not length or not length.strip().isdigit():
            if not chunked:
                return await _reply(send, 400, "Invalid Content-Length")
        elif int(length) > self.max_body_bytes:
            return await _reply(send, 413, f"Body larger than {self.max_body_bytes} bytes")
        if method in STATE_CHANGING and not content_type_allowed(
            scope["path"], headers.get("content-type")
        ):
            return await _reply(send, 415, "Unsupported content type for this endpoint")
        await self._capped(scope, receive, send)

    async def _capped(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the body bytes that really arrive (chunked bodies have no length header);
        past the cap answer 413 ourselves and tell the app the client went away."""
        seen = 0
        responded = False

        async def capped_receive() -> Message:
            nonlocal seen, responded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    if not responded:
                        responded = True
                        await _reply(send, 413, f"Body larger than {self.max_body_bytes} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not responded:
                await send(message)

        try:
            await self.app(scope, capped_receive, guarded_send)
        except Exception:
            if not responded:
                raise

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _headers(scope)
        host = headers.get("host")
        ok = (
            not _repeated(scope, b"host")
            and host_allowed(host)
            and origin_allowed(headers.get("origin"), host or "", scope.get("scheme", "ws"))
        )
        if ok:
            return await self.app(scope, receive, send)
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.close", "code": 1008})


def _repeated(scope: Scope, name: bytes) -> bool:
    return sum(1 for key, _ in scope.get("headers", []) if key.lower() == name) > 1


def _headers(scope: Scope) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): value.decode("latin-1")
        for key, value in scope.get("headers", [])
    }


async def _reply(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message, "field": None}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
