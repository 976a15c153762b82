"""``build_days`` fetches the next days while one builds (issue 13): the fetches really
overlap, never run more than ``ahead`` days in front of the build, and a day's fetch error
is reported for that day, not for the one building when it happened."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from taskclf.core.settings import Settings, load_settings
from taskclf.features.builder import LOOKBACK
from taskclf.jobs.build_days import build_days

FIRST = date(2026, 1, 5)
DAYS = [FIRST + timedelta(days=n) for n in range(6)]
BROKEN = DAYS[2]
HOLD_S = 10.0  # how long the first day's answer waits for a second request (a hang guard)
BUCKETS = {
    "w": {"id": "w", "type": "currentwindow", "hostname": "h", "last_updated": "2026-01-05"},
}


class FakeAw:
    """A window bucket with one event a day; it notes which days were asked for and when.

    The first day's answer is held until another day's request arrives (or ``HOLD_S``
    passes), so ``overlapped`` says whether two fetches were ever in flight at once."""

    def __init__(self, hold_s: float) -> None:
        self.hold_s = hold_s
        self.lock = threading.Lock()
        self.second_request = threading.Event()
        self.overlapped = False
        self.building = -1  # index of the day build_days last reported progress for
        self.asked: list[tuple[int, int]] = []  # (day index asked for, building index then)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        if url.path == "/api/0/buckets/":
            return _send(handler, BUCKETS)
        start = datetime.fromisoformat(parse_qs(url.query)["start"][0])
        day = (start + LOOKBACK).date()
        index = DAYS.index(day)
        with self.lock:
            self.asked.append((index, self.building))
        if index == 0:
            self.overlapped = self.second_request.wait(self.hold_s)
        else:
            self.second_request.set()
        if day == BROKEN:
            return _send(handler, [{"timestamp": "yesterday"}])  # malformed: AwBadResponse
        noon = datetime(day.year, day.month, day.day, 12).isoformat() + "+00:00"
        return _send(handler, [{"timestamp": noon, "duration": 600, "data": {"app": "a"}}])

    def progress(self, step: str, pct: int, message: str) -> None:
        with self.lock:
            self.building += 1

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _send(handler: BaseHTTPRequestHandler, body: object) -> None:
    data = json.dumps(body).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@pytest.fixture
def fake_aw() -> Iterator[FakeAw]:
    fake = FakeAw(HOLD_S)
    yield fake
    fake.close()


def _settings(tmp_path, url: str) -> Settings:
    return load_settings(
        {"data_dir": tmp_path, "aw_host": url, "timezone": "UTC", "aw_timeout_s": 30}, env={}
    )


def test_fetches_overlap_stay_at_most_ahead_days_in_front_and_errors_keep_their_day(
    tmp_path, fake_aw: FakeAw
) -> None:
    outcome = build_days(DAYS, _settings(tmp_path, fake_aw.url), fake_aw.progress, ahead=2)
    assert fake_aw.overlapped, "the second day was not asked for while the first was pending"
    assert sorted(index for index, _ in fake_aw.asked) == list(range(len(DAYS)))
    too_early = [(day, building) for day, building in fake_aw.asked if day > building + 2]
    assert not too_early, fake_aw.asked  # (day asked, day building): never more than 2 ahead
    assert outcome.dates_built == [day for day in DAYS if day != BROKEN]
    assert len(outcome.errors) == 1 and outcome.errors[0].startswith(f"{BROKEN}: "), outcome
    assert "malformed event" in outcome.errors[0]


def test_one_day_ahead_means_no_overlap(tmp_path) -> None:
    """The counter-check: with ``ahead=1`` the fetches run one after another, so the first
    test's overlap really comes from the prefetch and not from the fake itself."""
    fake = FakeAw(hold_s=0.5)
    try:
        outcome = build_days(DAYS[:2], _settings(tmp_path, fake.url), fake.progress, ahead=1)
    finally:
        fake.close()
    assert not fake.overlapped
    assert outcome.dates_built == DAYS[:2]
