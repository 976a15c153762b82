"""The demo world: a throw-away aw-server filled with believable past activity that keeps
"happening" as the clock moves, plus ground-truth labels for the older days.

So a newcomer with no ActivityWatch of their own can walk the whole journey (prepare data,
train, inspect, watch live suggestions) in a minute.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import polars as pl

from taskclf.aw.client import AwClient
from taskclf.aw.events import AwEvents
from taskclf.core.errors import TaskclfError
from taskclf.core.settings import Settings
from taskclf.core.timeutil import MINUTE_US, get_zone, to_us
from taskclf.labels.csvio import format_rows
from taskclf.labels.store import LabelStore
from taskclf.synthetic.activity import SyntheticActivity, generate_day, generate_range
from taskclf.synthetic.aw_process import AwServerProcess
from taskclf.synthetic.seed import seed_events

DEMO_HOSTNAME = "taskclf-demo"
UNLABELLED_RECENT_DAYS = 2  # the newest days stay unlabelled: the user can label them
LIVE_LEAD_US = 45 * MINUTE_US  # the live session began this long before the demo started
LIVE_TEMPLATE_DAY = date(2026, 1, 7)  # a generated working Wednesday, moved to "now"


@dataclass(frozen=True)
class DemoSeed:
    aw_url: str
    date_from: date
    date_to: date
    events_seeded: int
    spans_labelled: int


class DemoWorld:
    """Seeds history once, then releases "today's" remaining events as their time comes."""

    def __init__(self, aw_url: str, zone: str, days: int, seed: int = 7) -> None:
        self.aw_url = aw_url
        self.zone = zone
        self.days = days
        self.seed = seed
        self._pending: AwEvents | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def seed_history(self, labels: LabelStore, today: date, now: datetime) -> DemoSeed:
        date_from = today - timedelta(days=self.days - 1)
        activity = generate_range(date_from, today, self.zone, self.seed)
        live_start_us = to_us(now) // MINUTE_US * MINUTE_US - LIVE_LEAD_US
        history, _ = _split_at(activity.events, live_start_us - 1)
        events = _concat(history, _live_session(live_start_us, self.zone, self.seed))
        past, self._pending = _split_at(events, to_us(now))
        with AwClient(self.aw_url) as client:
            inserted = seed_events(client, past, DEMO_HOSTNAME)
        spans = _label_spans(activity, today - timedelta(days=UNLABELLED_RECENT_DAYS))
        labels.import_csv(format_rows(spans), source="demo")
        return DemoSeed(self.aw_url, date_from, today, sum(inserted.values()), len(spans))

    def release_until(self, now: datetime) -> int:
        """Insert the pending events that have started by ``now``; returns how many."""
        if self._pending is None:
            return 0
        due, later = _split_at(self._pending, to_us(now))
        with AwClient(self.aw_url) as client:
            inserted = seed_events(client, due, DEMO_HOSTNAME)
        self._pending = later  # only once inserted: a failed tick is retried whole
        return sum(inserted.values())

    def start(self, every_s: float = 20.0) -> None:
        def run() -> None:
            while not self._stop.wait(every_s):
                try:
                    self.release_until(datetime.now(UTC))
                except TaskclfError:  # aw-server busy or stopping: the next tick retries
                    continue

        self._thread = threading.Thread(target=run, name="taskclf-demo-feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)


@contextmanager
def running_demo(
    settings_for: Callable[[str], Settings], days: int
) -> Iterator[tuple[Settings, DemoSeed]]:
    """A throw-away aw-server, seeded and fed while the block runs; ``settings_for`` turns
    its URL into the settings the demo serves with."""
    with AwServerProcess() as aw:
        settings = settings_for(aw.base_url)
        world = DemoWorld(aw.base_url, settings.timezone, days)
        now = datetime.now(UTC)
        with LabelStore(settings.db_path) as labels:
            today = now.astimezone(get_zone(settings.timezone)).date()
            seeded = world.seed_history(labels, today, now)
        world.start()
        try:
            yield settings, seeded
        finally:
            world.stop()


def _label_spans(
    activity: SyntheticActivity, before_local_day: date
) -> list[tuple[datetime, datetime, str]]:
    """Ground-truth spans that ended before the unlabelled recent days began (UTC-safe
    enough for a demo: the cut-off is a day boundary in UTC)."""
    cutoff = datetime.combine(before_local_day, datetime.min.time(), tzinfo=UTC)
    return [(s.start, s.end, s.label) for s in activity.spans if s.end <= cutoff]


def _split_at(events: AwEvents, cut_us: int) -> tuple[AwEvents, AwEvents]:
    """(events started by ``cut_us``, events started after it), bucket by bucket."""
    parts: dict[str, tuple[pl.DataFrame | None, pl.DataFrame | None]] = {}
    for kind, frame in events.frames().items():
        if frame is None:
            parts[kind] = (None, None)
        else:
            started = pl.col("start_us") <= cut_us
            parts[kind] = (frame.filter(started), frame.filter(~started))
    before = AwEvents(**{kind: pair[0] for kind, pair in parts.items()})  # type: ignore[arg-type]
    after = AwEvents(**{kind: pair[1] for kind, pair in parts.items()})  # type: ignore[arg-type]
    return before, after


def _live_session(start_us: int, zone: str, seed: int) -> AwEvents:
    """A full working day of activity shifted so that its first block starts at ``start_us``:
    whatever the hour of the demo, the user is "at work" and suggestions have data."""
    template = generate_day(LIVE_TEMPLATE_DAY, zone, seed).events
    shift = start_us - int(template.window["start_us"].min())  # type: ignore[arg-type]
    moved = {
        kind: None if frame is None else frame.with_columns(pl.col("start_us", "end_us") + shift)
        for kind, frame in template.frames().items()
    }
    return AwEvents(**moved)  # type: ignore[arg-type]


def _concat(first: AwEvents, second: AwEvents) -> AwEvents:
    pairs = zip(first.frames().items(), second.frames().values(), strict=True)
    joined = {
        kind: pl.concat([f for f in (a, b) if f is not None]) if a is not None or b is not None
        else None
        for (kind, a), b in pairs
    }  # fmt: skip
    return AwEvents(**joined)  # type: ignore[arg-type]
