"""Believable ActivityWatch days with the true task of every active minute.

A day is a sequence of minute-aligned task blocks (work from ~9:00 with a lunch gap when the
machine sleeps, an optional late session that runs past midnight). Each task has its own app
mix, event length and input rates, plus off-task noise, so the truth is learnable from the
features but not trivially. Seeded per (seed, day): the same call gives the same events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import polars as pl

from taskclf.aw.events import INPUT_FIELDS, AwEvents, empty
from taskclf.core.timeutil import MINUTE_US, get_zone, iter_dates, to_us
from taskclf.synthetic.profiles import BLOCK_MINUTES, NEXT_TASK, PROFILES, TASKS, titles_for

US = 1_000_000


@dataclass(frozen=True)
class SynthConfig:
    late_night_prob: float = 0.3  # chance of a session that crosses midnight
    weekend_work_prob: float = 0.4
    input_period_s: float = 5.0  # length of one input-watcher event
    event_scale: float = 1.0  # >1 makes window events shorter and more numerous
    noise: float = 0.08  # share of events in an off-task app
    sleep_gap_prob: float = 0.15  # chance, after each block, of a short machine-asleep gap


@dataclass(frozen=True)
class TruthSpan:
    start: datetime
    end: datetime
    label: str


@dataclass(frozen=True)
class SyntheticActivity:
    events: AwEvents
    truth: pl.DataFrame  # minute_us (UTC µs), label: one row per active minute
    spans: list[TruthSpan] = field(default_factory=list)

    def active_minutes(self, day: date, zone: str) -> int:
        """Minutes with window activity that fall on local ``day``."""
        return self.truth_for(day, zone).height

    def truth_for(self, day: date, zone: str) -> pl.DataFrame:
        tz = get_zone(zone)
        lo = datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)
        hi = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
        return self.truth.filter(
            (pl.col("minute_us") >= to_us(lo)) & (pl.col("minute_us") < to_us(hi))
        )

    def spans_frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "start_ts": [s.start for s in self.spans],
                "end_ts": [s.end for s in self.spans],
                "label": [s.label for s in self.spans],
            },
            schema={
                "start_ts": pl.Datetime("us", "UTC"),
                "end_ts": pl.Datetime("us", "UTC"),
                "label": pl.Utf8,
            },
        )


def generate_range(
    date_from: date, date_to: date, zone: str = "UTC", seed: int = 0,
    config: SynthConfig | None = None,
) -> SyntheticActivity:  # fmt: skip
    """Days are generated independently, so a day's events do not depend on the range."""
    days = [generate_day(d, zone, seed, config) for d in iter_dates(date_from, date_to)]
    return SyntheticActivity(
        events=AwEvents(
            window=pl.concat([d.events.window for d in days]),
            afk=pl.concat([d.events.afk for d in days if d.events.afk is not None]),
            input=pl.concat([d.events.input for d in days if d.events.input is not None]),
            web=pl.concat([d.events.web for d in days if d.events.web is not None]),
        ),
        truth=pl.concat([d.truth for d in days]),
        spans=[s for d in days for s in d.spans],
    )


def generate_day(
    day: date, zone: str = "UTC", seed: int = 0, config: SynthConfig | None = None
) -> SyntheticActivity:
    """One local day's activity (a late session may spill past midnight into the next day)."""
    cfg = config or SynthConfig()
    rng = np.random.default_rng([seed, day.toordinal()])
    blocks = _plan_blocks(day, get_zone(zone), rng, cfg)
    parts = [_block_events(start, end, label, rng, cfg) for start, end, label in blocks]
    window = _merge_same(pl.concat([p[0] for p in parts]) if parts else empty("window"))
    afk = _merge_same(pl.concat([p[1] for p in parts]) if parts else empty("afk"))
    inp = pl.concat([p[2] for p in parts]) if parts else empty("input")
    web = _web_events(window)
    truth = pl.DataFrame(
        {
            "minute_us": np.concatenate(
                [np.arange(s, e, MINUTE_US) for s, e, _ in blocks] or [np.zeros(0, np.int64)]
            ),
            "label": [label for s, e, label in blocks for _ in range((e - s) // MINUTE_US)],
        },
        schema={"minute_us": pl.Int64, "label": pl.Utf8},
    )
    return SyntheticActivity(AwEvents(window, afk, inp, web), truth, _spans(blocks))


def _plan_blocks(
    day: date, zone: object, rng: np.random.Generator, cfg: SynthConfig
) -> list[tuple[int, int, str]]:
    """Minute-aligned ``(start_us, end_us, label)`` blocks; gaps between them are sleep."""
    sessions: list[tuple[datetime, int]] = []  # (local start, minutes)
    weekend = day.weekday() >= 5
    if not weekend or rng.random() < cfg.weekend_work_prob:
        start = _local(day, 8 * 60 + 30 + int(rng.integers(0, 60)), zone)
        morning = int(rng.integers(150, 210)) if not weekend else int(rng.integers(60, 150))
        sessions.append((start, morning))
        if not weekend:
            lunch = int(rng.integers(30, 70))
            sessions.append(
                (start + timedelta(minutes=morning + lunch), int(rng.integers(200, 280)))
            )
    if rng.random() < cfg.late_night_prob:
        sessions.append(
            (_local(day, 23 * 60 + int(rng.integers(0, 40)), zone), int(rng.integers(40, 100)))
        )
    blocks: list[tuple[int, int, str]] = []
    for start, minutes in sessions:
        blocks.extend(_session_blocks(to_us(start), minutes, rng, cfg))
    return blocks


def _session_blocks(
    start_us: int, minutes: int, rng: np.random.Generator, cfg: SynthConfig
) -> list[tuple[int, int, str]]:
    blocks: list[tuple[int, int, str]] = []
    now, end = start_us, start_us + minutes * MINUTE_US
    label = str(rng.choice(TASKS[:6]))
    while now < end:
        lo, hi = BLOCK_MINUTES[label]
        length = min(int(rng.integers(lo, hi + 1)), (end - now) // MINUTE_US)
        if length <= 0:
            break
        blocks.append((now, now + length * MINUTE_US, label))
        now += length * MINUTE_US
        if rng.random() < cfg.sleep_gap_prob:
            now += int(rng.integers(2, 12)) * MINUTE_US
        names, weights = NEXT_TASK[label]
        label = str(rng.choice(names, p=weights))
    return blocks


def _block_events(
    start: int, end: int, label: str, rng: np.random.Generator, cfg: SynthConfig
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    prof = PROFILES[label]
    mean_us = prof.mean_event_s * US / cfg.event_scale
    draws = rng.exponential(mean_us, size=int((end - start) / mean_us * 3) + 8)
    bounds = start + np.cumsum(np.maximum(draws, 2 * US)).astype(np.int64)
    cut = int(np.searchsorted(bounds, end)) + 1
    ends = np.minimum(bounds[:cut], end)
    starts = np.concatenate([[start], ends[:-1]])
    apps = rng.choice(np.array(prof.apps, dtype=object), size=len(starts), p=prof.weights)
    noisy = rng.random(len(starts)) < cfg.noise
    apps[noisy] = rng.choice(np.array(prof.noise_apps, dtype=object), size=int(noisy.sum()))
    titles = np.empty(len(apps), dtype=object)
    for app in np.unique(apps):  # a handful of apps per block, not a loop over events
        mask = apps == app
        options = np.array(titles_for(label, str(app)), dtype=object)
        titles[mask] = options[rng.integers(0, len(options), size=int(mask.sum()))]
    window = pl.DataFrame(
        {"start_us": starts, "end_us": ends, "app": apps.astype(str), "title": titles.astype(str)}
    )
    afk = _afk_segments(start, end, label, rng)
    return window, afk, _input_events(afk, label, rng, cfg)


def _afk_segments(start: int, end: int, label: str, rng: np.random.Generator) -> pl.DataFrame:
    """Breaks are AFK; a long meeting often has a stretch with no input at all."""
    if label == "BreakIdle":
        cuts = [start, end]
        flags = [True]
    elif label == "Meet" and end - start >= 20 * MINUTE_US and rng.random() < 0.5:
        a = start + int(rng.integers(5, 10)) * MINUTE_US
        b = min(a + int(rng.integers(4, 12)) * MINUTE_US, end - MINUTE_US)
        cuts, flags = [start, a, b, end], [False, True, False]
    else:
        cuts, flags = [start, end], [False]
    return pl.DataFrame(
        {"start_us": cuts[:-1], "end_us": cuts[1:], "afk": flags},
        schema={"start_us": pl.Int64, "end_us": pl.Int64, "afk": pl.Boolean},
    )


def _input_events(
    afk: pl.DataFrame, label: str, rng: np.random.Generator, cfg: SynthConfig
) -> pl.DataFrame:
    period = int(cfg.input_period_s * US)
    busy = afk.filter(~pl.col("afk")).select("start_us", "end_us").iter_rows()
    chunks = [(np.arange(s, e, period), e) for s, e in busy]
    starts = np.concatenate([c for c, _ in chunks] or [np.zeros(0, np.int64)]).astype(np.int64)
    ends = np.concatenate(
        [np.minimum(c + period, e) for c, e in chunks] or [np.zeros(0, np.int64)]
    ).astype(np.int64)
    prof = PROFILES[label]
    minutes = (ends - starts) / MINUTE_US
    level = rng.lognormal(0.0, 0.35)  # how intense this block is
    counts = {
        name: rng.poisson(rate * level * minutes).astype(float)
        for name, rate in zip(INPUT_FIELDS, prof.input_rates, strict=True)
    }
    frame = pl.DataFrame({"start_us": starts, "end_us": ends, **counts})
    nonzero = pl.sum_horizontal([pl.col(n) for n in INPUT_FIELDS]) > 0
    return frame.filter(nonzero).cast({n: pl.Float64 for n in INPUT_FIELDS})


def _merge_same(frame: pl.DataFrame) -> pl.DataFrame:
    """Contiguous events with identical data become one, as AW's heartbeats merge them."""
    keys = [c for c in frame.columns if c not in ("start_us", "end_us")]
    frame = frame.sort("start_us")
    changed = pl.col("start_us") != pl.col("end_us").shift(1)
    for key in keys:
        changed = changed | (pl.col(key) != pl.col(key).shift(1))
    grouped = frame.with_columns(changed.fill_null(True).cum_sum().alias("_g"))
    return (
        grouped.group_by("_g", maintain_order=True)
        .agg(
            pl.col("start_us").first(), pl.col("end_us").last(), *[pl.col(k).first() for k in keys]
        )
        .drop("_g")
    )


def _web_events(window: pl.DataFrame) -> pl.DataFrame:
    tabs = window.filter(pl.col("app") == "firefox")
    return tabs.select(
        "start_us",
        "end_us",
        ("https://example.org/" + pl.col("title").hash().cast(pl.Utf8)).alias("url"),
        pl.col("title").str.replace(" — Mozilla Firefox", "", literal=True),
    )


def _spans(blocks: list[tuple[int, int, str]]) -> list[TruthSpan]:
    spans: list[TruthSpan] = []
    for start, end, label in blocks:
        if spans and spans[-1].label == label and to_us(spans[-1].end) == start:
            spans[-1] = TruthSpan(spans[-1].start, _dt(end), label)
        else:
            spans.append(TruthSpan(_dt(start), _dt(end), label))
    return spans


def _local(day: date, minute_of_day: int, zone: object) -> datetime:
    naive = datetime.combine(day, time.min) + timedelta(minutes=minute_of_day)
    return naive.replace(tzinfo=zone).astimezone(UTC)  # type: ignore[arg-type]


def _dt(us: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)
