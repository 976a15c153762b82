"""Events -> feature rows -> parquet for one busy day, against a per-minute rescan baseline.

The measured path starts from the JSON event lists exactly as aw-server returns them
(parsing included) and ends with the atomically written parquet file. The baseline computes
the same core columns the straightforward way: for every minute, rescan every event of every
bucket. It is measured on a slice of the day's minutes and extrapolated (it is linear in the
number of minutes), which the output says. The same day fetched from a real aw-server is in
``bench_aw_path.py``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from benchstats import line, timed
from taskclf.aw.events import AwEvents, parse_events, to_aw_json
from taskclf.features.builder import build_rows
from taskclf.features.store import write_features
from taskclf.synthetic.activity import SynthConfig, generate_day

DAY = date(2026, 2, 3)
M = 60_000_000
BASELINE_MINUTES = 120
REPEATS = 5
GOAL_S = 0.1  # DESIGN §11: features for one busy day, fetch excluded


def fetched_json() -> dict[str, list[dict]]:
    config = SynthConfig(event_scale=10, input_period_s=2.0, late_night_prob=0.0)
    events = generate_day(DAY, "UTC", seed=1, config=config).events
    return {
        kind: to_aw_json(kind, frame)
        for kind, frame in events.frames().items()
        if frame is not None
    }


def fast_path(payload: dict[str, list[dict]], out: Path, lo: int, hi: int) -> int:
    frames = {kind: parse_events(kind, events) for kind, events in payload.items()}
    rows = build_rows(AwEvents(**frames), lo, hi, "UTC", b"bench-salt")
    write_features(out, rows, DAY, datetime.now(UTC))
    return rows.height


def naive_minute(events: AwEvents, minute: int) -> dict | None:
    """One minute, computed by scanning every event of every bucket."""
    end = minute + M
    per_app: Counter[str] = Counter()
    for s, e, app in events.window.select("start_us", "end_us", "app").iter_rows():
        overlap = min(e, end) - max(s, minute)
        if overlap > 0:
            per_app[app] += overlap
    if not per_app:
        return None
    keys = clicks = 0.0
    assert events.input is not None and events.afk is not None
    for s, e, presses, n_clicks in events.input.select(
        "start_us", "end_us", "presses", "clicks"
    ).iter_rows():
        overlap = min(e, end) - max(s, minute)
        if overlap > 0:
            share = overlap / max(e - s, 1)
            keys += presses * share
            clicks += n_clicks * share
    afk = 0
    for s, e, away in events.afk.iter_rows():
        if away:
            afk += max(0, min(e, end) - max(s, minute))
    app, seconds = per_app.most_common(1)[0]
    return {"app": app, "share": seconds / sum(per_app.values()), "keys": keys, "afk": afk / M}


def main() -> None:
    payload = fetched_json()
    lo = int(datetime(DAY.year, DAY.month, DAY.day, tzinfo=UTC).timestamp()) * 1_000_000
    hi = lo + 1440 * M
    print(
        f"one day: {len(payload['window'])} window events, {len(payload['input'])} input "
        f"events, {len(payload['afk'])} afk events, {len(payload['web'])} web events"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "features.parquet"
        rows = fast_path(payload, out, lo, hi)
        times = timed(lambda: fast_path(payload, out, lo, hi), runs=REPEATS)
    median = statistics.median(times)
    print(line(f"parse + build {rows} rows + write parquet (fetch excluded)", times, GOAL_S))

    events = AwEvents(**{kind: parse_events(kind, ev) for kind, ev in payload.items()})
    first = int(events.window["start_us"].min()) // M * M  # type: ignore[arg-type]
    start = time.perf_counter()
    for i in range(BASELINE_MINUTES):
        naive_minute(events, first + i * M)
    sliced = time.perf_counter() - start
    naive_day = sliced * 1440 / BASELINE_MINUTES
    print(
        f"naive per-minute rescan: {sliced:.2f} s for {BASELINE_MINUTES} minutes, "
        f"extrapolated to 1440 minutes: {naive_day:.1f} s (core columns only, no write)"
    )
    print(f"speed-up: {naive_day / median:.0f}x (median vectorised vs extrapolated naive)")


if __name__ == "__main__":
    main()
