"""The realistic profile: days where apps do not give the task away.

Compared with ``activity`` (one app mix per task, which models learn almost perfectly), here:
- one browser and one editor serve most tasks; the window title carries the task;
- titles have variable parts, and new project names appear as days go by;
- episodes hold 30-120 s interruptions (chat, mail, a ticket) that the person still labels
  as the episode's task;
- input rates overlap between tasks and vary from episode to episode;
- long meetings hold AFK stretches;
- the person's label spans are off the true boundaries by up to ±90 s.

``truth`` keeps the generator's own minute labels (what a benchmark scores against), with
``interrupted`` (the minute overlaps an interruption) and ``transition`` (within two minutes
of a change of task); ``spans`` are the labels as the person made them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from taskclf.aw.events import AFK_SCHEMA, INPUT_FIELDS, WINDOW_SCHEMA, AwEvents, empty
from taskclf.core.timeutil import MINUTE_US, get_zone, iter_dates
from taskclf.synthetic.activity import (
    SynthConfig,
    SyntheticActivity,
    TruthSpan,
    _dt,
    _merge_same,
    _plan_blocks,
)
from taskclf.synthetic.realistic_titles import Titler

US = 1_000_000
EPOCH_DAY = date(2020, 1, 1).toordinal()  # day index origin for "names change over time"

# Input per minute (presses, clicks, deltaX, deltaY, scrollX, scrollY): deliberately close.
INPUT_RATES = {
    "Build": (75, 9, 900, 700, 0, 20),
    "Debug": (55, 13, 1200, 900, 0, 30),
    "Review": (30, 13, 1100, 900, 1, 55),
    "Write": (85, 6, 600, 450, 0, 15),
    "ReadResearch": (12, 8, 800, 800, 1, 60),
    "Communicate": (60, 11, 900, 700, 0, 20),
    "Meet": (8, 3, 300, 250, 0, 5),
    "BreakIdle": (3, 2, 200, 150, 0, 10),
}
MEAN_EVENT_S = {
    "Build": 70, "Debug": 35, "Review": 60, "Write": 100, "ReadResearch": 110,
    "Communicate": 45, "Meet": 600, "BreakIdle": 300,
}  # fmt: skip
ITEMS_PER_EPISODE = (2, 5)  # distinct (app, title) items one episode returns to
INTERRUPT_PER_MIN = 0.07  # chance per minute of an episode that a glance away starts
LABEL_JITTER_S = 90
INPUT_PERIOD_S = 10


@dataclass(frozen=True)
class RealisticConfig:
    seed: int = 0
    interrupt_per_min: float = INTERRUPT_PER_MIN
    label_jitter_s: int = LABEL_JITTER_S
    late_night_prob: float = 0.1


def generate_realistic(
    date_from: date, date_to: date, zone: str = "UTC", config: RealisticConfig | None = None
) -> SyntheticActivity:
    """Days are generated independently (seeded by seed and date)."""
    cfg = config or RealisticConfig()
    days = [realistic_day(d, zone, cfg) for d in iter_dates(date_from, date_to)]

    def cat(frames: list[pl.DataFrame | None]) -> pl.DataFrame:
        return pl.concat([f for f in frames if f is not None])

    return SyntheticActivity(
        events=AwEvents(
            window=cat([d.events.window for d in days]),
            afk=cat([d.events.afk for d in days]),
            input=cat([d.events.input for d in days]),
            web=cat([d.events.web for d in days]),
        ),
        truth=pl.concat([d.truth for d in days]),
        spans=[s for d in days for s in d.spans],
    )


def realistic_day(day: date, zone: str, cfg: RealisticConfig) -> SyntheticActivity:
    rng = np.random.default_rng([cfg.seed, day.toordinal(), 7])
    plan = SynthConfig(late_night_prob=cfg.late_night_prob, sleep_gap_prob=0.1)
    blocks = _plan_blocks(day, get_zone(zone), rng, plan)
    titler = Titler(rng, day.toordinal() - EPOCH_DAY)
    window_rows: list[tuple[int, int, str, str]] = []
    interruptions: list[tuple[int, int]] = []
    afk_rows: list[tuple[int, int, bool]] = []
    input_parts: list[pl.DataFrame] = []
    for start, end, label in blocks:
        rows, breaks = _episode(start, end, label, titler, rng, cfg)
        window_rows += rows
        interruptions += breaks
        afk = _afk(start, end, label, rng)
        afk_rows += afk
        input_parts.append(_input(afk, label, rng))
    window = _merge_same(pl.DataFrame(window_rows, schema=WINDOW_SCHEMA, orient="row"))
    afk_frame = _merge_same(pl.DataFrame(afk_rows, schema=AFK_SCHEMA, orient="row"))
    inputs = pl.concat(input_parts) if input_parts else empty("input")
    events = AwEvents(window, afk_frame, inputs, _tabs(window))
    truth = _truth(blocks, interruptions)
    return SyntheticActivity(events, truth, _label_spans(blocks, rng, cfg.label_jitter_s))


def _episode(
    start: int, end: int, label: str, titler: Titler, rng: np.random.Generator,
    cfg: RealisticConfig,
) -> tuple[list[tuple[int, int, str, str]], list[tuple[int, int]]]:  # fmt: skip
    """Window events of one episode and its interruptions ``(start_us, end_us)``."""
    items = [titler.item(label) for _ in range(int(rng.integers(*ITEMS_PER_EPISODE)))]
    rows: list[tuple[int, int, str, str]] = []
    breaks: list[tuple[int, int]] = []
    mean_us = MEAN_EVENT_S[label] * US
    now = start
    while now < end:
        in_body = now - start > 2 * MINUTE_US and end - now > 3 * MINUTE_US
        per_event = cfg.interrupt_per_min * mean_us / MINUTE_US
        if label not in ("Meet", "BreakIdle") and in_body and rng.random() < per_event:
            length = int(rng.integers(30, 121)) * US
            app, title = titler.interruption()
            breaks.append((now, min(now + length, end)))
        else:
            length = int(max(rng.exponential(mean_us), 5 * US))
            app, title = items[int(rng.integers(0, len(items)))]
        rows.append((now, min(now + length, end), app, title))
        now += length
    return rows, breaks


def _afk(start: int, end: int, label: str, rng: np.random.Generator) -> list[tuple[int, int, bool]]:
    """Breaks are away; long meetings often hold a stretch with hands off the keyboard."""
    if label == "BreakIdle":
        return [(start, end, True)]
    if label == "Meet" and end - start >= 25 * MINUTE_US and rng.random() < 0.7:
        a = start + int(rng.integers(3, 10)) * MINUTE_US + int(rng.integers(0, 60)) * US
        b = min(a + int(rng.integers(5, 20)) * MINUTE_US, end - MINUTE_US)
        return [(start, a, False), (a, b, True), (b, end, False)]
    return [(start, end, False)]


def _input(afk: list[tuple[int, int, bool]], label: str, rng: np.random.Generator) -> pl.DataFrame:
    period = INPUT_PERIOD_S * US
    busy = [(s, e) for s, e, away in afk if not away]
    none = [np.zeros(0, dtype=np.int64)]
    starts = np.concatenate([np.arange(s, e, period) for s, e in busy] or none)
    ends = np.concatenate(
        [np.minimum(np.arange(s, e, period) + period, e) for s, e in busy] or none
    )
    minutes = (ends - starts) / MINUTE_US
    level = rng.lognormal(0.0, 0.5)  # episodes differ in intensity, so rates overlap
    bursty = rng.gamma(1.5, 1 / 1.5, size=starts.shape[0])  # typing comes in bursts
    counts = {
        name: rng.poisson(rate * level * bursty * minutes).astype(float)
        for name, rate in zip(INPUT_FIELDS, INPUT_RATES[label], strict=True)
    }
    frame = pl.DataFrame(
        {"start_us": starts.astype(np.int64), "end_us": ends.astype(np.int64), **counts}
    )
    nonzero = pl.sum_horizontal([pl.col(n) for n in INPUT_FIELDS]) > 0
    return frame.filter(nonzero).cast({n: pl.Float64 for n in INPUT_FIELDS})


def _tabs(window: pl.DataFrame) -> pl.DataFrame:
    """The browser extension's tab events: the page title without the browser's suffix."""
    tabs = window.filter(pl.col("app") == "firefox")
    return tabs.select(
        "start_us",
        "end_us",
        ("https://example.invalid/" + pl.col("title").hash().cast(pl.Utf8)).alias("url"),
        pl.col("title").str.replace(" — Mozilla Firefox", "", literal=True),
    )


def _truth(blocks: list[tuple[int, int, str]], breaks: list[tuple[int, int]]) -> pl.DataFrame:
    minutes = np.concatenate(
        [np.arange(s, e, MINUTE_US) for s, e, _ in blocks] or [np.zeros(0, np.int64)]
    ).astype(np.int64)
    labels = [label for s, e, label in blocks for _ in range((e - s) // MINUTE_US)]
    interrupted = np.zeros(minutes.shape[0], dtype=bool)
    for s, e in breaks:
        lo = np.searchsorted(minutes, s - s % MINUTE_US)
        hi = np.searchsorted(minutes, e, side="left")
        interrupted[lo:hi] = True
    edges_list = [
        s for i, (s, _e, label) in enumerate(blocks)
        if i == 0 or blocks[i - 1][2] != label or blocks[i - 1][1] != s
    ]  # fmt: skip
    edges = np.array(edges_list, dtype=np.int64)
    near = np.zeros(minutes.shape[0], dtype=bool)
    if edges.size:
        pos = np.searchsorted(edges, minutes)
        after = np.abs(edges[np.minimum(pos, edges.size - 1)] - minutes)
        before = np.abs(minutes - edges[np.maximum(pos - 1, 0)])
        near = np.minimum(after, before) < 2 * MINUTE_US + 1
    return pl.DataFrame(
        {"minute_us": minutes, "label": labels, "interrupted": interrupted, "transition": near},
        schema={"minute_us": pl.Int64, "label": pl.Utf8, "interrupted": pl.Boolean,
                "transition": pl.Boolean},
    )  # fmt: skip


def _label_spans(
    blocks: list[tuple[int, int, str]], rng: np.random.Generator, jitter_s: int
) -> list[TruthSpan]:
    """One span per run of equal task, each boundary moved by up to ±``jitter_s``; a boundary
    two spans share moves for both, as a person drags one edge in a timeline."""
    runs: list[tuple[int, int, str]] = []
    for start, end, label in blocks:
        if runs and runs[-1][2] == label and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end, label)
        else:
            runs.append((start, end, label))
    shift = lambda: int(rng.integers(-jitter_s, jitter_s + 1)) * US  # noqa: E731
    out: list[TruthSpan] = []
    prev_end: int | None = None
    prev_new_end = 0
    for start, end, label in runs:
        new_start = prev_new_end if prev_end == start else start + shift()
        new_end = end + shift()
        if new_end - new_start >= MINUTE_US:
            out.append(TruthSpan(_dt(new_start), _dt(new_end), label))
        prev_end, prev_new_end = end, new_end
    return out
