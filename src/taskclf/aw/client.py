"""The only module that talks to ActivityWatch over HTTP.

Every failure becomes an ``AwError`` subclass whose message tells the user what to check:
the server address, which watcher is missing, which host names exist.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self

import httpx
import polars as pl

from taskclf.aw.events import BUCKET_TYPES, AwEvents, parse_events, to_aw_json
from taskclf.core.errors import AwBadResponse, AwNoData, AwUnavailable
from taskclf.core.settings import Settings

log = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = 256 * 1024 * 1024  # a very busy day is a few MB; beyond this is broken
TOTAL_TIMEOUT_FACTOR = 6  # a whole answer may take this many times the per-read timeout


@dataclass(frozen=True)
class Bucket:
    id: str
    type: str
    hostname: str
    last_updated: str  # ISO text; compared only between buckets of one server


@dataclass(frozen=True)
class HostBuckets:
    """The buckets chosen for one host; ``None`` where that watcher is not installed."""

    hostname: str
    window: str
    afk: str | None
    input: str | None
    web: tuple[str, ...]


class AwClient:
    def __init__(
        self,
        base_url: str,
        timeout_s: float = 10.0,
        hostname: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        total_timeout_s: float | None = None,
    ) -> None:
        """``timeout_s`` bounds each connect/read; ``total_timeout_s`` (default 6x that)
        bounds a whole answer, so a server trickling bytes cannot stall a build forever."""
        self.base_url = base_url.rstrip("/")
        self.hostname = hostname
        self.max_bytes = max_bytes
        self.total_timeout_s = total_timeout_s or timeout_s * TOTAL_TIMEOUT_FACTOR
        try:
            self._http = httpx.Client(base_url=self.base_url, timeout=timeout_s)
        except httpx.InvalidURL as exc:
            raise AwUnavailable(
                f"ActivityWatch address {self.base_url!r} is not a valid URL ({exc}); "
                "fix --aw-host / TASKCLF_AW_HOST"
            ) from None
        self._chosen: HostBuckets | None = None
        self.bytes_read = 0  # every answer's body, so a caller can tell what a poll cost

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        return cls(settings.aw_host, settings.aw_timeout_s, settings.aw_hostname)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        payload = self._get_json("/api/0/info")
        if not isinstance(payload, dict):
            raise AwBadResponse(f"{self.base_url} does not look like an ActivityWatch server")
        return payload

    def buckets(self) -> list[Bucket]:
        payload = self._get_json("/api/0/buckets/")
        if not isinstance(payload, dict):
            raise AwBadResponse(
                f"ActivityWatch at {self.base_url} returned a malformed bucket list"
            )
        try:
            return [
                Bucket(
                    id=str(key),
                    type=str(meta.get("type", "")),
                    hostname=str(meta.get("hostname", "")),
                    last_updated=str(meta.get("last_updated") or meta.get("created") or ""),
                )
                for key, meta in payload.items()
            ]
        except AttributeError:
            raise AwBadResponse(
                f"ActivityWatch at {self.base_url} returned a malformed bucket list"
            ) from None

    def host_buckets(self) -> HostBuckets:
        """Pick the window/AFK/input/web buckets of one host (cached for this client)."""
        if self._chosen is None:
            self._chosen = choose_buckets(self.buckets(), self.hostname, self.base_url)
        return self._chosen

    def fetch(self, start: datetime, end: datetime) -> AwEvents:
        """All events of the chosen host in ``[start, end)``, one request per bucket."""
        return AwEvents(
            window=self._events("window", self.host_buckets().window, start, end),
            afk=self.fetch_kind("afk", start, end),
            input=self.fetch_kind("input", start, end),
            web=self.fetch_kind("web", start, end),
        )

    def fetch_kind(self, kind: str, start: datetime, end: datetime) -> pl.DataFrame | None:
        """One kind's events (``window``, ``afk``, ``input`` or ``web``) in ``[start, end)``;
        None where that watcher is missing. Lets a poller resume each bucket where it left
        off. Browser tabs come from every browser's bucket together, in time order."""
        if kind == "web":
            return self._tabs(self.host_buckets().web, start, end)
        bucket_id = getattr(self.host_buckets(), kind)
        return None if bucket_id is None else self._events(kind, bucket_id, start, end)

    def _tabs(
        self, buckets: tuple[str, ...], start: datetime, end: datetime
    ) -> pl.DataFrame | None:
        """Tab events of the browsers' buckets. Tab titles only add words to what window
        titles say, so a browser extension answering garbage loses its tabs (with a warning
        in the log), not the whole build; an unreachable server still fails as ever."""
        frames = []
        for bucket_id in buckets:
            try:
                frames.append(self._events("web", bucket_id, start, end))
            except AwBadResponse as exc:
                log.warning("browser tabs of %s left out: %s", bucket_id, exc.message)
        return pl.concat(frames).sort("start_us") if frames else None

    def _events(self, kind: str, bucket_id: str, start: datetime, end: datetime) -> pl.DataFrame:
        params = {
            "start": start.astimezone(UTC).isoformat(),
            "end": end.astimezone(UTC).isoformat(),
            "limit": "-1",
        }
        payload = self._get_json(f"/api/0/buckets/{bucket_id}/events", params)
        return parse_events(kind, payload, f"{bucket_id} at {self.base_url}")

    # -- writing (seeding the demo and tests) ----------------------------------------------
    def create_bucket(self, bucket_id: str, bucket_type: str, hostname: str) -> None:
        body = {"client": "taskclf-synthetic", "type": bucket_type, "hostname": hostname}
        self._request("POST", f"/api/0/buckets/{bucket_id}", json=body, ok=(200, 201, 304))

    def insert_events(self, bucket_id: str, kind: str, frame: pl.DataFrame) -> None:
        """One POST with the whole list: AW inserts batches ~100x faster than single events."""
        if frame.height:
            self._request(
                "POST", f"/api/0/buckets/{bucket_id}/events", json=to_aw_json(kind, frame)
            )

    # -- transport -----------------------------------------------------------------------
    def _get_json(self, path: str, params: dict[str, str] | None = None) -> Any:
        body = self._request("GET", path, params=params)
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise AwBadResponse(
                f"ActivityWatch at {self.base_url} answered {path} with something that is not "
                "JSON; is that address really an ActivityWatch server?"
            ) from None

    def _request(
        self, method: str, path: str, ok: tuple[int, ...] = (200,), **kwargs: Any
    ) -> bytes:
        try:
            with self._http.stream(method, path, **kwargs) as response:
                if response.status_code not in ok:
                    raise AwUnavailable(
                        f"ActivityWatch at {self.base_url} answered {method} {path} with HTTP "
                        f"{response.status_code}; check the server's log"
                    )
                return self._read_capped(response, path)
        except httpx.TimeoutException:
            raise AwUnavailable(
                f"ActivityWatch at {self.base_url} did not answer within {self._timeout()} s; "
                "is it hanging or overloaded?"
            ) from None
        except httpx.HTTPError as exc:
            raise AwUnavailable(
                f"cannot reach ActivityWatch at {self.base_url} ({type(exc).__name__}); "
                "is it running? Start it or set --aw-host / TASKCLF_AW_HOST"
            ) from None

    def _read_capped(self, response: httpx.Response, path: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.total_timeout_s
        for chunk in response.iter_bytes():
            if time.monotonic() > deadline:
                raise AwUnavailable(
                    f"ActivityWatch at {self.base_url} did not finish answering {path} within "
                    f"{self.total_timeout_s:g} s; is it hanging or overloaded?"
                )
            size += len(chunk)
            if size > self.max_bytes:
                raise AwBadResponse(
                    f"ActivityWatch at {self.base_url} sent more than "
                    f"{self.max_bytes // (1024 * 1024)} MB for {path}; refusing to read it"
                )
            chunks.append(chunk)
        self.bytes_read += size
        return b"".join(chunks)

    def _timeout(self) -> float | None:
        return self._http.timeout.read


def choose_buckets(buckets: list[Bucket], hostname: str | None, base_url: str) -> HostBuckets:
    """Window bucket decides the host: the configured one, else the most recently active."""
    if not buckets:
        raise AwNoData(f"ActivityWatch at {base_url} has no buckets yet; are its watchers running?")
    windows = [b for b in buckets if b.type == BUCKET_TYPES["window"]]
    if not windows:
        raise AwNoData(
            f"ActivityWatch at {base_url} has no window bucket (type currentwindow); "
            "start aw-watcher-window"
        )
    if hostname is not None:
        hosts = sorted({b.hostname for b in windows})
        windows = [b for b in windows if b.hostname == hostname]
        if not windows:
            raise AwNoData(
                f"ActivityWatch has no window bucket for host {hostname!r}; "
                f"known hosts: {', '.join(hosts)} (set aw_hostname / TASKCLF_AW_HOSTNAME)"
            )
    window = max(windows, key=lambda b: (b.last_updated, b.id))
    host = window.hostname

    def pick(kind: str) -> str | None:
        same = [b for b in buckets if b.type == BUCKET_TYPES[kind] and b.hostname == host]
        return max(same, key=lambda b: (b.last_updated, b.id)).id if same else None

    web = sorted(
        b.id for b in buckets if b.type == BUCKET_TYPES["web"] and b.hostname in (host, "unknown")
    )
    return HostBuckets(host, window.id, pick("afk"), pick("input"), tuple(web))
