"""ActivityWatch events as plain column frames, and the conversions to and from AW's JSON.

Kept apart from the HTTP client so that the feature builder, the synthetic generator and the
seeder share one value type without any of them touching the network. Times are integer
microseconds since the epoch (UTC) so interval arithmetic stays in numpy/polars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import polars as pl

from taskclf.core.errors import AwBadResponse
from taskclf.core.timeutil import from_us, to_us

WINDOW_SCHEMA = {"start_us": pl.Int64, "end_us": pl.Int64, "app": pl.Utf8, "title": pl.Utf8}
AFK_SCHEMA = {"start_us": pl.Int64, "end_us": pl.Int64, "afk": pl.Boolean}
INPUT_FIELDS = ("presses", "clicks", "deltaX", "deltaY", "scrollX", "scrollY")
INPUT_SCHEMA = {"start_us": pl.Int64, "end_us": pl.Int64} | {f: pl.Float64 for f in INPUT_FIELDS}
WEB_SCHEMA = {"start_us": pl.Int64, "end_us": pl.Int64, "url": pl.Utf8, "title": pl.Utf8}

BUCKET_TYPES = {
    "window": "currentwindow",
    "afk": "afkstatus",
    "input": "os.hid.input",
    "web": "web.tab.current",
}


@dataclass(frozen=True)
class AwEvents:
    """One host's events for a time range; ``None`` means that bucket does not exist.

    An absent input bucket is different from an empty one: features then carry nulls
    rather than zero key presses.
    """

    window: pl.DataFrame
    afk: pl.DataFrame | None = None
    input: pl.DataFrame | None = None
    web: pl.DataFrame | None = None

    def frames(self) -> dict[str, pl.DataFrame | None]:
        return {"window": self.window, "afk": self.afk, "input": self.input, "web": self.web}

    def ending_from(self, moment_us: int) -> AwEvents:
        """Every frame from its first event that ends at or after ``moment_us`` on, events as
        they are (not clipped: an event cut at ``moment_us`` could sort before one it sat
        inside and take its seconds); for windows, from the event before those on, with any
        it overlaps (it tells whether the first later one is a switch of app or title).

        Slices, not filters: a few microseconds each on a day's frames. The later events
        that end earlier (inside a longer one) come along; they are real events all the same.
        """
        end = self.window["end_us"].to_numpy()
        earlier = end < moment_us
        window_from = moment_us
        if earlier.any():
            window_from = min(moment_us, int(self.window["start_us"].to_numpy()[earlier].max()))

        def cut(frame: pl.DataFrame | None, at: int) -> pl.DataFrame | None:
            if frame is None:
                return None
            later = frame["end_us"].to_numpy() >= at
            return frame.slice(int(np.argmax(later)) if later.any() else frame.height)

        return AwEvents(cut(self.window, window_from), cut(self.afk, moment_us),  # type: ignore[arg-type]
                        cut(self.input, moment_us), cut(self.web, moment_us))  # fmt: skip


def empty(kind: str) -> pl.DataFrame:
    return pl.DataFrame(schema=_SCHEMAS[kind])


def _to_us(stamp: str) -> int:
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return to_us(moment)


def parse_events(kind: str, payload: Any, bucket_id: str = "?") -> pl.DataFrame:
    """AW's JSON event list for one bucket -> a frame of ``kind``'s schema.

    Anything that is not a list of well-formed events is the server's fault, reported as
    ``AwBadResponse`` naming the bucket so the user knows which watcher misbehaves.
    """
    if not isinstance(payload, list):
        raise AwBadResponse(
            f"ActivityWatch bucket {bucket_id} returned {type(payload).__name__}"
            " instead of a list of events"
        )
    try:
        starts = [_to_us(event["timestamp"]) for event in payload]
        ends = [s + round(float(e["duration"]) * 1e6) for s, e in zip(starts, payload, strict=True)]
        data = [event["data"] for event in payload]
        columns = _data_columns(kind, data)
        frame = pl.DataFrame({"start_us": starts, "end_us": ends, **columns}, schema=_SCHEMAS[kind])
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        # OverflowError: an infinite or absurd duration does not fit in 64-bit microseconds
        raise AwBadResponse(
            f"ActivityWatch bucket {bucket_id} returned a malformed event ({exc!r:.200})"
        ) from None
    return frame.filter(pl.col("end_us") >= pl.col("start_us"))


def _data_columns(kind: str, data: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    if kind == "window":
        return {
            "app": [str(d["app"]) for d in data],
            "title": [str(d.get("title", "")) for d in data],
        }
    if kind == "afk":
        return {"afk": [_afk_flag(d["status"]) for d in data]}
    if kind == "input":
        return {f: [float(d.get(f, 0) or 0) for d in data] for f in INPUT_FIELDS}
    if kind == "web":
        return {
            "url": [str(d.get("url", "")) for d in data],
            "title": [str(d.get("title", "")) for d in data],
        }
    raise ValueError(f"unknown bucket kind {kind}")


def _afk_flag(status: object) -> bool:
    if status not in ("afk", "not-afk"):
        raise ValueError(f"unknown afk status {status!r}")
    return status == "afk"


def to_aw_json(kind: str, frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The inverse of ``parse_events``: what a watcher would have POSTed."""
    out: list[dict[str, Any]] = []
    for row in frame.iter_rows(named=True):
        start = from_us(row["start_us"])
        event = {
            "timestamp": start.isoformat(),
            "duration": (row["end_us"] - row["start_us"]) / 1e6,
            "data": _event_data(kind, row),
        }
        out.append(event)
    return out


def _event_data(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    if kind == "window":
        return {"app": row["app"], "title": row["title"]}
    if kind == "afk":
        return {"status": "afk" if row["afk"] else "not-afk"}
    if kind == "input":
        return {f: round(row[f]) for f in INPUT_FIELDS}
    return {"url": row["url"], "title": row["title"], "audible": False, "incognito": False}


_SCHEMAS: dict[str, dict[str, Any]] = {
    "window": WINDOW_SCHEMA,
    "afk": AFK_SCHEMA,
    "input": INPUT_SCHEMA,
    "web": WEB_SCHEMA,
}
