"""Runs that reach back further than any rolling window: the session, the app run and the
title run a row belongs to, and what earlier rows say about the runs still open (``Carry``).

Why a carry: a row's ``session_minutes`` depends on every busy minute back to its session's
start, which at the end of a working day is most of the day. The live tray already holds the
rows it built a minute ago; their run columns say exactly where each open run began. Handed
to the builder, that makes the newest row cost the same at 09:00 and at 19:00: the builder
then needs only the events of the last quarter hour (the rolling windows' reach). Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from taskclf.core.timeutil import MINUTE_US, to_us

SESSION_GAP_MIN = 5  # a pause of 5+ minutes without a non-idle minute starts a new session
RUN_GAP = 2  # minutes without activity that still continue an app (or title) run
IDLE_AFK_SHARE = 0.5  # a minute at least this AFK is idle: it does not continue a session


@dataclass(frozen=True)
class OpenRun:
    """A run open at the end of earlier rows: its last row's minute, the minute it began
    and what it is a run of (an app id, a title hash; empty for a session)."""

    last_us: int
    start_us: int
    value: str = ""


@dataclass(frozen=True)
class Carry:
    """The runs open just before a range, as the rows before it recorded them."""

    app: OpenRun
    title: OpenRun
    session: OpenRun


# What a carry is read from, in this order (``carry_records``).
CARRY_COLUMNS = ("bucket_start_ts", "afk_share", "app_id", "title_hash", "app_run_minutes",
                 "title_run_minutes", "session_minutes")  # fmt: skip
CarryRecord = tuple[Any, ...]  # one row's CARRY_COLUMNS


def carry_records(rows: pl.DataFrame) -> list[CarryRecord]:
    """The rows' CARRY_COLUMNS as tuples: what the live tray keeps of the rows it built (a
    list it can cut and extend in microseconds, where a frame costs a tenth of a millisecond
    per operation)."""
    return list(zip(*(rows.get_column(name).to_list() for name in CARRY_COLUMNS), strict=True))


def carry_from(rows: pl.DataFrame) -> Carry | None:
    """The open runs after ``rows`` (every row of a day before some minute, in time order)."""
    return carry_from_records(carry_records(rows))


def carry_from_records(records: Sequence[CarryRecord]) -> Carry | None:
    """The open runs after the rows of ``records`` (``carry_records``, in time order).

    None when there is nothing to carry from: no rows, or no busy row among them (a session
    open at the day's first busy minute may have begun the evening before, which these rows
    cannot tell). A row without an AFK share (no AFK bucket) counts as busy.
    """
    busy_row = next((r for r in reversed(records) if not _idle(r[1])), None)
    if busy_row is None:
        return None
    last = records[-1]

    def run(row: CarryRecord, minutes: float, value: str = "") -> OpenRun:
        minute = to_us(row[0])
        return OpenRun(minute, minute - round(minutes) * MINUTE_US, value)

    return Carry(
        app=run(last, last[4], str(last[2])),
        title=run(last, last[5], str(last[3])),
        session=run(busy_row, busy_row[6]),
    )


def _idle(afk_share: float | None) -> bool:
    return afk_share is not None and afk_share >= IDLE_AFK_SHARE


def run_minutes(
    g: np.ndarray, values: np.ndarray, since: tuple[int, int] | None = None
) -> np.ndarray:
    """Minutes since the current run of equal ``values`` began over the cells ``g`` (time
    order); a gap of more than ``RUN_GAP`` minutes starts a new run. ``since`` is (last cell,
    start cell) of a run of ``values[0]`` open before ``g[0]``, which the first run continues
    when the gap allows."""
    out = np.zeros(len(g))
    if len(g) == 0:
        return out
    changed = np.ones(len(g), dtype=bool)
    changed[1:] = values[1:] != values[:-1]
    return (g - _starts(g, changed, RUN_GAP, since)).astype(np.float64)


def session_minutes(
    g: np.ndarray, afk_share: np.ndarray, since: tuple[int, int] | None = None
) -> np.ndarray:
    """Minutes since the current run of non-idle minutes began (idle minutes read 0); a gap
    of more than ``SESSION_GAP_MIN`` starts a new one. ``since`` is (last busy cell, session
    start cell) of a session open before ``g[0]``."""
    busy = ~(afk_share >= IDLE_AFK_SHARE)  # NaN (no AFK bucket) counts as busy
    cells = g[busy]
    out = np.zeros(len(g))
    if len(cells) == 0:
        return out
    out[busy] = cells - _starts(cells, np.zeros(len(cells), dtype=bool), SESSION_GAP_MIN, since)
    return out


def _starts(
    cells: np.ndarray, changed: np.ndarray, gap: int, since: tuple[int, int] | None
) -> np.ndarray:
    """The start cell of the run each cell belongs to: a run ends where the value
    ``changed`` or more than ``gap`` minutes pass; the first one continues ``since`` (last
    cell, start cell) of a run open before it, when the gap allows."""
    new = changed.copy()
    new[0] = True
    new[1:] |= np.diff(cells) > gap
    starts = np.maximum.accumulate(np.where(new, cells, np.iinfo(np.int64).min))
    if since is not None and cells[0] - since[0] <= gap:
        starts[starts == cells[0]] = since[1]
    return starts
