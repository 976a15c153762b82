"""Build a list of days' features from ActivityWatch: the one loop data-check and the
feature-build job share, so both follow the same rules.

- A day that has not started yet is reported (``date is in the future``), never fetched.
- A day ActivityWatch recorded nothing for is written as an empty file (so training then says
  "Feature files exist but contain 0 rows") and reported as a build error, as the spec lists,
  not as built.
- Once ActivityWatch is unreachable (or has no buckets for this host) the remaining days get
  the same reason without another slow try.
- Any other failure of one day is reported and the loop moves on.
- Cancel takes effect between days.

One ActivityWatch client serves the whole list (a new one per day cost ~0.1 s of setup).
``ahead`` days can be fetched on threads while one builds (``_Prefetch``), but by default
none are: nine tenths of a day's cost is aw-server serialising events in its one Python
process, and requests side by side only share that process. Measured on a quiet 2-core
machine, 30 days built 1.03x (one ahead) and 1.09x (two ahead) slower, and a year 1.26x
slower with two ahead (``bench_aw_path.py``); an earlier 0.87x with two ahead was on a
machine loaded by other work. With ``ahead`` > 0, at most that many fetched days wait in
memory, a fetch's error is reported for its own day, and a fetch that failed beside another
one is tried once more on its own before it counts.
"""

from __future__ import annotations

import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime

from taskclf.aw.client import AwClient
from taskclf.aw.events import AwEvents
from taskclf.core.errors import AwError, AwNoData, AwUnavailable, Cancelled, TaskclfError
from taskclf.core.progress import CancelToken, ProgressFn, no_progress
from taskclf.core.settings import Settings
from taskclf.core.timeutil import day_bounds, get_zone, local_today, to_us, utcnow
from taskclf.features import store
from taskclf.features.builder import LOOKBACK, build_rows

STEP = "building_features"
MSG_NO_EVENTS = "ActivityWatch has no window activity for this date"
MSG_FUTURE = "date is in the future"
PREFETCH_DAYS = 0  # days fetched ahead of the one building; see the module docstring


@dataclass
class DaysBuilt:
    dates_built: list[date] = field(default_factory=list)
    rows_by_date: dict[date, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # "YYYY-MM-DD: reason", in date order
    aw_failure: AwError | None = None  # what stopped the build, for a face's error kind
    fetch_wait_s: float = 0.0  # time the loop stood waiting for ActivityWatch's answers

    @property
    def rows_written(self) -> int:
        return sum(self.rows_by_date.values())

    @property
    def dates_empty(self) -> list[str]:
        """Days ActivityWatch recorded nothing for (a weekend, a day off): still in
        ``errors``, as the spec's ``build_errors`` lists them, but not failures."""
        return [e.split(": ", 1)[0] for e in self.errors if e.endswith(": " + MSG_NO_EVENTS)]

    @property
    def failures(self) -> list[str]:
        """The errors other than empty days."""
        return [e for e in self.errors if not e.endswith(": " + MSG_NO_EVENTS)]


def build_days(
    days: list[date],
    settings: Settings,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    client: AwClient | None = None,
    ahead: int = PREFETCH_DAYS,
) -> DaysBuilt:
    """Build (or rebuild) each day in order; see the module docstring for the rules."""
    today = local_today(settings.timezone)
    outcome = DaysBuilt()
    aw = client or AwClient.from_settings(settings)
    fetches = _Prefetch(aw, settings, [day for day in days if day <= today], ahead)
    try:
        for index, day in enumerate(days):
            if cancel is not None:
                cancel.check()
            progress(STEP, index * 100 // len(days), f"{day} ({index + 1}/{len(days)})")
            doomed = outcome.aw_failure
            reason = MSG_FUTURE if day > today else (doomed.message if doomed else None)
            if reason is None:
                reason, outcome.aw_failure = _build_into(outcome, day, settings, fetches)
                if outcome.aw_failure is not None:
                    fetches.stop()  # the remaining days are doomed: ask no more
            if reason is not None:
                outcome.errors.append(f"{day.isoformat()}: {reason}")
    finally:
        fetches.close()
        outcome.fetch_wait_s = fetches.waited_s
        if client is None:
            aw.close()
    return outcome


def _build_into(
    outcome: DaysBuilt, day: date, settings: Settings, fetches: _Prefetch
) -> tuple[str | None, AwError | None]:
    """Build one day into ``outcome``: (this day's error, an error dooming the rest)."""
    try:
        built_at, events = fetches.take(day)
        rows = _write_day(day, settings, built_at, events)
    except (AwUnavailable, AwNoData) as exc:
        return exc.message, exc
    except Cancelled:
        raise
    except TaskclfError as exc:
        return exc.message, None
    if rows == 0:  # the empty file is written, but the day is an error, not "built"
        return MSG_NO_EVENTS, None
    outcome.dates_built.append(day)
    outcome.rows_by_date[day] = rows
    return None, None


class _Prefetch:
    """Fetches ``days`` in order on ``ahead`` threads, never more than ``ahead`` days before
    the one ``take`` last handed out, so memory holds at most that many days' events.
    ``ahead=0`` fetches each day on the caller's thread when its turn comes (the benchmark's
    baseline)."""

    def __init__(self, aw: AwClient, settings: Settings, days: list[date], ahead: int) -> None:
        self._aw = aw
        self._zone = get_zone(settings.timezone)
        self._ahead = max(ahead, 0)
        self._todo = deque(days)
        self._fetching: deque[tuple[date, Future[tuple[datetime, AwEvents]]]] = deque()
        self._pool = ThreadPoolExecutor(max(self._ahead, 1), thread_name_prefix="aw-fetch")
        self.waited_s = 0.0
        self._fill()

    def take(self, day: date) -> tuple[datetime, AwEvents]:
        """``day``'s (time its fetch began, events); raises what its fetch raised."""
        began = time.perf_counter()
        try:
            if not self._fetching:  # ahead=0: fetch it now, on this thread
                fetched = self._todo.popleft()
                assert fetched == day, (fetched, day)
                return self._fetch(day)
            fetched, future = self._fetching.popleft()
            assert fetched == day, (fetched, day)  # build_days takes the days in this order
            try:
                return future.result()
            except AwUnavailable:
                if self._ahead < 2:
                    raise
                # Requests in flight side by side each take longer; on a loaded machine one
                # may pass the read timeout where it alone would not. One more try, here.
                return self._fetch(day)
        finally:
            self.waited_s += time.perf_counter() - began
            self._fill()

    def stop(self) -> None:
        """Fetch nothing more; fetches already running finish and are dropped."""
        self._todo.clear()
        for _, future in self._fetching:
            future.cancel()
        self._fetching.clear()

    def close(self) -> None:
        self.stop()
        self._pool.shutdown(wait=True)  # no thread may use the client after it closes

    def _fill(self) -> None:
        while self._todo and len(self._fetching) < self._ahead:
            day = self._todo.popleft()
            self._fetching.append((day, self._pool.submit(self._fetch, day)))

    def _fetch(self, day: date) -> tuple[datetime, AwEvents]:
        start, end = day_bounds(day, self._zone)
        built_at = utcnow()  # anything ActivityWatch records after this is not in the file
        return built_at, self._aw.fetch(start - LOOKBACK, end)


def build_day(day: date, settings: Settings, aw: AwClient | None = None) -> int:
    """Fetch the local day (with the look-back the features need), build its rows and write
    them; returns the row count. An ``AwError`` leaves the old file untouched."""
    start, end = day_bounds(day, get_zone(settings.timezone))
    built_at = utcnow()  # anything ActivityWatch records after this is not in the file
    if aw is None:
        with AwClient.from_settings(settings) as own:
            events = own.fetch(start - LOOKBACK, end)
    else:
        events = aw.fetch(start - LOOKBACK, end)
    return _write_day(day, settings, built_at, events)


def _write_day(day: date, settings: Settings, built_at: datetime, events: AwEvents) -> int:
    start, end = day_bounds(day, get_zone(settings.timezone))
    rows = build_rows(
        events, to_us(start), to_us(end), settings.timezone, store.title_salt(settings)
    )
    store.write_features(store.feature_path(settings, day), rows, day, built_at, settings.timezone)
    return rows.height
