"""The ActivityWatch path end to end, against a real aw-server on this machine.

- A busy day (~5,000 window + ~12,000 input events): fetch + build + write through
  ``jobs.build_days``, and the share of it spent waiting for aw-server.
- data-check of one missing typical day (DESIGN §11 goal: <= 1 s), built inline.
- With ``--year`` (or ``--days N``): that many generated days seeded into aw-server once and
  built ``--build-runs`` times by one ``build_days`` call for each ``--ahead`` value (days
  fetched ahead of the build; 0 fetches each day when its turn comes), alternating, with the
  paired ratio; reported in seconds with the share the build loop spent waiting on
  aw-server. Seeding a year takes minutes, so it is not in the default run.

    python benchmarks/bench_aw_path.py [--year | --days 60] [--build-runs 3] [--ahead 0 2]
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


def timed_build(days: list[date], settings: Settings, ahead: int) -> tuple[float, float, int]:
    """(seconds, seconds the loop waited for aw-server, rows) of one ``build_days`` call.

    The wait is the build loop's own (``DaysBuilt.fetch_wait_s``): with fetches running on
    threads ahead of the build, adding up each fetch's time would count overlaps twice."""
    with AwClient.from_settings(settings) as client:
        began = time.perf_counter()
        outcome = build_module.build_days(days, settings, client=client, ahead=ahead)
        total = time.perf_counter() - began
    return total, outcome.fetch_wait_s, outcome.rows_written


def busy_day(settings: Settings, ahead: int) -> None:
    busy = SynthConfig(event_scale=10, input_period_s=2.0, late_night_prob=0.0)
    with AwClient(settings.aw_host) as client:
        seed_events(client, generate_day(BUSY_DAY, "UTC", seed=1, config=busy).events, "bench")
    runs = [timed_build([BUSY_DAY], settings, ahead) for _ in range(RUNS)]
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


def many_days(settings: Settings, count: int, runs: int, aheads: list[int]) -> None:
    """Seed ``count`` days once, then build them ``runs`` times for each ``ahead`` value, the
    values alternating within each round so a slow moment of the machine hits all of them."""
    first = date(2024, 1, 1)
    last = first + timedelta(days=count - 1)
    began = time.perf_counter()
    with AwClient(settings.aw_host, timeout_s=60) as client:
        seed_events(client, generate_range(first, last, "UTC", seed=3).events, "bench")
    print(f"{count} days: seeded in {time.perf_counter() - began:.0f} s")
    days = [first + timedelta(days=n) for n in range(count)]
    rounds = [{a: timed_build(days, settings, a) for a in aheads} for _ in range(max(runs, 1))]
    for ahead in aheads:
        builds = [r[ahead] for r in rounds]
        name = f"{count} days ({builds[0][2]:,} rows), fetching {ahead} day(s) ahead"
        print(line(name, [b[0] for b in builds], None, digits=1))
        waits = [b[1] for b in builds]
        share = sum(waits) / sum(b[0] for b in builds)
        print(line(f"  of which the loop waited ({share:.0%})", waits, None, digits=1))
    base = aheads[0]
    for ahead in aheads[1:]:
        ratios = [r[ahead][0] / r[base][0] for r in rounds]
        print(line(f"  paired ratio, {ahead} ahead ÷ {base} ahead", ratios, None, unit="×"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", action="store_true", help="also build a seeded year (--days 365)")
    parser.add_argument("--days", type=int, default=0, help="also build this many seeded days")
    parser.add_argument("--build-runs", type=int, default=3, help="builds of those days")
    parser.add_argument("--ahead", type=int, nargs="+", default=[0, 2],
                        help="days fetched ahead of the build, compared in pairs; the first is "
                             "the base (0: each day fetched when its turn comes)")  # fmt: skip
    parser.add_argument("--skip-day", action="store_true", help="skip the one-day figures")
    args = parser.parse_args()
    count = 365 if args.year else args.days
    with tempfile.TemporaryDirectory(prefix="taskclf-bench-aw-") as tmp, AwServerProcess() as aw:
        settings = Settings(data_dir=Path(tmp) / "d", models_dir=Path(tmp) / "m",
                            aw_host=aw.base_url, aw_hostname="bench", timezone="UTC")  # fmt: skip
        if not args.skip_day:
            busy_day(settings, args.ahead[-1])
            data_check_one_day(settings)
        if count:
            many_days(settings, count, args.build_runs, args.ahead)
        else:
            print("year: not run (add --year; it seeds 365 days first, which takes minutes)")


if __name__ == "__main__":
    main()
