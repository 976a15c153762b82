"""The ActivityWatch path end to end, against a real aw-server on this machine.

- A busy day (~5,000 window + ~12,000 input events): fetch + build + write through
  ``jobs.build_days``, and the share of it spent waiting for aw-server.
- data-check of one missing typical day (DESIGN §11 goal: <= 1 s), built inline.
- With ``--year``: 365 generated days seeded into aw-server and built in one ``build_days``
  call (seeding takes minutes, so it is not in the default run), reported in seconds with the
  share spent waiting on aw-server.

    python benchmarks/bench_aw_path.py [--year]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchstats import line
from taskclf.aw.client import AwClient
from taskclf.core.requests import DateRange
from taskclf.core.settings import Settings
from taskclf.features.store import feature_path
from taskclf.jobs import build_days as build_module
from taskclf.jobs.datacheck import data_check
from taskclf.labels.store import LabelStore
from taskclf.synthetic.activity import SynthConfig, generate_day, generate_range
from taskclf.synthetic.aw_process import AwServerProcess
from taskclf.synthetic.seed import seed_events

BUSY_DAY = date(2026, 2, 3)
TYPICAL_DAY = date(2026, 2, 4)
RUNS = 3
GOAL_DATACHECK_S = 1.0


class FetchClock:
    """Wraps one client's ``fetch`` to add up the time spent waiting for aw-server."""

    def __init__(self, client: AwClient) -> None:
        self.seconds = 0.0
        self._fetch = client.fetch
        client.fetch = self._timed  # type: ignore[method-assign]

    def _timed(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        try:
            return self._fetch(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - began


def timed_build(days: list[date], settings: Settings) -> tuple[float, float, int]:
    """(seconds, seconds waiting on aw-server, rows) of one ``build_days`` call."""
    with AwClient.from_settings(settings) as client:
        clock = FetchClock(client)
        began = time.perf_counter()
        outcome = build_module.build_days(days, settings, client=client)
        total = time.perf_counter() - began
    return total, clock.seconds, outcome.rows_written


def busy_day(settings: Settings) -> None:
    busy = SynthConfig(event_scale=10, input_period_s=2.0, late_night_prob=0.0)
    with AwClient(settings.aw_host) as client:
        seed_events(client, generate_day(BUSY_DAY, "UTC", seed=1, config=busy).events, "bench")
    runs = [timed_build([BUSY_DAY], settings) for _ in range(RUNS)]
    print(line("busy day: fetch + build + write", [r[0] for r in runs], None))
    print(line("  of which waiting for aw-server", [r[1] for r in runs], None))
    print(f"  share waiting: {sum(r[1] for r in runs) / sum(r[0] for r in runs):.0%}")


def data_check_one_day(settings: Settings) -> None:
    with AwClient(settings.aw_host) as client:
        seed_events(client, generate_day(TYPICAL_DAY, "UTC", seed=2).events, "bench")
    request = DateRange(date_from=TYPICAL_DAY, date_to=TYPICAL_DAY)
    times = []
    with LabelStore(settings.db_path) as labels:
        for _ in range(RUNS):
            feature_path(settings, TYPICAL_DAY).unlink(missing_ok=True)
            began = time.perf_counter()
            payload = data_check(request, settings, labels)
            times.append(time.perf_counter() - began)
            assert payload["dates_built"] == [TYPICAL_DAY.isoformat()], payload["build_errors"]
    print(line("data-check of one missing typical day", times, GOAL_DATACHECK_S))


def year(settings: Settings) -> None:
    first = date(2024, 1, 1)
    last = first + timedelta(days=364)
    began = time.perf_counter()
    with AwClient(settings.aw_host, timeout_s=60) as client:
        seed_events(client, generate_range(first, last, "UTC", seed=3).events, "bench")
    print(f"year: seeded 365 days in {time.perf_counter() - began:.0f} s")
    days = [first + timedelta(days=n) for n in range(365)]
    total, waiting, rows = timed_build(days, settings)
    print(f"year: built {rows:,} rows in {total:.1f} s, {waiting / total:.0%} of it waiting "
          "for aw-server (one run: seeding a year again would take minutes)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", action="store_true", help="also build a whole seeded year")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="taskclf-bench-aw-") as tmp, AwServerProcess() as aw:
        settings = Settings(data_dir=Path(tmp) / "d", models_dir=Path(tmp) / "m",
                            aw_host=aw.base_url, aw_hostname="bench", timezone="UTC")  # fmt: skip
        busy_day(settings)
        data_check_one_day(settings)
        if args.year:
            year(settings)
        else:
            print("year: not run (add --year; it seeds 365 days first, which takes minutes)")


if __name__ == "__main__":
    main()
