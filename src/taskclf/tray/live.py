"""Live feature rows for the tray: keep what was fetched, ask ActivityWatch only for what is
new, and rebuild only the newest rows, through the very builder that makes training rows.

Why this shape: a poll that re-fetches and rebuilds the whole day costs megabytes and tens of
milliseconds each minute, all day. Instead each bucket resumes at its *open edge*: the start
of the earliest event that could still grow (it ended within ``GRACE`` of the last fetch;
ActivityWatch extends only a bucket's newest event, by heartbeats seconds apart), so older
events are kept as fetched and only the rest is asked again.

Parity with training (the stored row of a minute equals the live row of that minute): the
first poll of a local day fetches from ``day_start - LOOKBACK`` and builds exactly as a day
build does. Later polls hand ``build_rows`` the carry of the day's earlier rows (where the
open session and app/title runs began, ``features.runs``) and only the events of the
rolling windows' reach, so the newest row costs the same at the end of a long day as at its
start. Until the day has a busy row there is nothing to carry, and the build reads every
cached event, as the first poll does.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from taskclf.aw.client import AwClient
from taskclf.aw.events import AwEvents, empty
from taskclf.core.settings import Settings
from taskclf.core.timeutil import MINUTE_US, day_bounds, from_us, get_zone, to_us
from taskclf.features.builder import LOOKBACK, build_rows, recent_events
from taskclf.features.frame import empty_rows
from taskclf.features.runs import CarryRecord, carry_from_records, carry_records
from taskclf.features.store import title_salt

GRACE_US = 2 * MINUTE_US  # an event that ended this recently may still be extended
LOOKBACK_US = int(LOOKBACK.total_seconds() * 1_000_000)
KINDS = ("window", "afk", "input", "web")


@dataclass
class DayCache:
    """The events of one local day (from its look-back on), as far as they were fetched."""

    day: date
    origin_us: int  # day_start - LOOKBACK: where a day build's fetch starts
    day_start_us: int
    frames: dict[str, pl.DataFrame | None] = field(default_factory=dict)
    resume_us: dict[str, int] = field(default_factory=dict)
    built_until_us: int = 0  # rows before this minute were already returned
    records: list[CarryRecord] = field(default_factory=list)  # those rows' carry columns
    minutes_us: list[int] = field(default_factory=list)  # and their minutes, for bisect

    def remember(self, rows: pl.DataFrame, rows_from_us: int) -> None:
        """Keep the carry columns of the rows just built (replacing any rebuilt ones)."""
        cut = bisect_left(self.minutes_us, rows_from_us)
        del self.records[cut:], self.minutes_us[cut:]
        fresh = carry_records(rows)
        self.records.extend(fresh)
        self.minutes_us.extend(to_us(record[0]) for record in fresh)

    def carry_before(self, moment_us: int) -> list[CarryRecord]:
        return self.records[: bisect_left(self.minutes_us, moment_us)]


class LiveRows:
    """Newest feature rows, built incrementally; one per tray, used from one thread."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._zone = get_zone(settings.timezone)
        self._salt: bytes | None = None
        self._cache: DayCache | None = None
        self.bytes_last_poll = 0

    def reset(self) -> None:
        """Forget every fetched event (after ActivityWatch was restarted, say)."""
        self._cache = None

    def new_rows(self, client: AwClient, now: datetime) -> pl.DataFrame:
        """Rows of the complete minutes not returned before, up to ``now`` (same local day)."""
        self.fetch(client, now)
        return self.build(now)

    def fetch(self, client: AwClient, now: datetime) -> None:
        """Bring the cache up to the last complete minute before ``now``."""
        end_us = to_us(now) // MINUTE_US * MINUTE_US
        cache = self._day_cache(end_us)
        before = client.bytes_read
        self._fetch(client, cache, end_us)
        self.bytes_last_poll = client.bytes_read - before

    def build(self, now: datetime) -> pl.DataFrame:
        """The rows of the complete minutes not returned before, from the cache alone."""
        end_us = to_us(now) // MINUTE_US * MINUTE_US
        cache = self._day_cache(end_us)
        rows_from = max(cache.built_until_us, cache.day_start_us)
        if rows_from >= end_us:
            return empty_rows()
        rows = self._build(cache, rows_from, end_us)
        cache.built_until_us = end_us
        cache.remember(rows, rows_from)
        return rows

    def rows_upto(self, client: AwClient, now: datetime) -> pl.DataFrame:
        """Like ``new_rows``, but the last complete minute is always rebuilt and included."""
        if self._cache is not None:
            end_us = to_us(now) // MINUTE_US * MINUTE_US
            self._cache.built_until_us = min(self._cache.built_until_us, end_us - MINUTE_US)
        return self.new_rows(client, now)

    # -- fetching --------------------------------------------------------------------------
    def _day_cache(self, end_us: int) -> DayCache:
        """The cache of the local day the last complete minute belongs to (a new day starts
        empty: its rows need nothing from the previous day beyond its own look-back)."""
        day = from_us(end_us - MINUTE_US).astimezone(self._zone).date()
        if self._cache is None or self._cache.day != day:
            day_start_us = to_us(day_bounds(day, self._zone)[0])
            origin = day_start_us - LOOKBACK_US
            resume = dict.fromkeys(KINDS, origin)
            self._cache = DayCache(day, origin, day_start_us, resume_us=resume)
        return self._cache

    def _fetch(self, client: AwClient, cache: DayCache, end_us: int) -> None:
        for kind in KINDS:
            resume = cache.resume_us[kind]
            if resume >= end_us:
                continue
            # one microsecond early, so an event clipped at ``resume`` is told from one that
            # truly starts there: only the latter is new
            fresh = client.fetch_kind(
                kind, from_us(max(resume - 1, cache.origin_us)), from_us(end_us)
            )
            if fresh is None:
                cache.frames[kind] = None
                cache.resume_us[kind] = end_us
                continue
            if resume > cache.origin_us:
                fresh = fresh.filter(pl.col("start_us") >= resume)
            kept = cache.frames.get(kind)
            kept = None if kept is None else kept.filter(pl.col("start_us") < resume)
            merged = fresh if kept is None else pl.concat([kept, fresh])
            cache.frames[kind] = merged.sort("start_us")
            cache.resume_us[kind] = _open_edge(merged, end_us)

    # -- building ----------------------------------------------------------------------------
    def _build(self, cache: DayCache, rows_from: int, end_us: int) -> pl.DataFrame:
        carry = carry_from_records(cache.carry_before(rows_from))
        events = _cached_events(cache)
        if carry is not None:
            events = recent_events(events, rows_from)
        if self._salt is None:
            self._salt = title_salt(self.settings)
        return build_rows(events, rows_from, end_us, self.settings.timezone, self._salt, carry)


def _open_edge(frame: pl.DataFrame, end_us: int) -> int:
    """Where the next fetch of this bucket starts: the earliest start among events that
    ended within the grace period (they may still grow), else the grace period's start."""
    recent = frame.filter(pl.col("end_us") >= end_us - GRACE_US)
    first = recent["start_us"].min() if recent.height else None
    edge = end_us - GRACE_US
    return min(edge, int(first)) if isinstance(first, int) else edge


def _cached_events(cache: DayCache) -> AwEvents:
    window = cache.frames.get("window")
    return AwEvents(
        window=empty("window") if window is None else window,
        afk=cache.frames.get("afk"),
        input=cache.frames.get("input"),
        web=cache.frames.get("web"),
    )
