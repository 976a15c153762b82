"""Runs and the carry that lets the live tray build a minute without the day's history."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import polars as pl

from taskclf.features.runs import carry_from, run_minutes, session_minutes

M = 60_000_000
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def rows(afk: list[float | None], sessions: list[float]) -> pl.DataFrame:
    n = len(afk)
    return pl.DataFrame(
        {
            "bucket_start_ts": [T0.replace(minute=i) for i in range(n)],
            "afk_share": afk,
            "app_id": ["editor"] * n,
            "title_hash": ["t1"] * n,
            "app_run_minutes": [float(10 + i) for i in range(n)],
            "title_run_minutes": [float(i) for i in range(n)],
            "session_minutes": sessions,
        },
        schema_overrides={"afk_share": pl.Float32},
    )


def test_a_carried_run_continues_within_the_gap_and_not_beyond() -> None:
    g = np.array([10, 11, 12, 20])
    values = np.array([3, 3, 4, 4])
    assert run_minutes(g, values, since=(9, 2)).tolist() == [8, 9, 0, 0]
    assert run_minutes(g, values, since=(7, 2)).tolist() == [0, 1, 0, 0]  # gap of 3 > 2
    assert run_minutes(g, values).tolist() == [0, 1, 0, 0]


def test_a_carried_session_skips_idle_minutes_and_ends_after_a_long_pause() -> None:
    g = np.array([10, 11, 12, 13])
    idle = np.array([0.9, 0.0, 0.0, np.nan])  # NaN (no AFK bucket) counts as busy
    assert session_minutes(g, idle, since=(6, 1)).tolist() == [0, 10, 11, 12]
    assert session_minutes(g, idle, since=(5, 1)).tolist() == [0, 0, 1, 2]


def test_the_carry_reads_the_last_row_and_the_last_busy_row() -> None:
    carry = carry_from(rows([0.0, None, 0.8], [4.0, 5.0, 0.0]))
    assert carry is not None
    minute = int(T0.timestamp() * 1e6)
    assert (carry.app.last_us, carry.app.start_us, carry.app.value) == (
        minute + 2 * M,
        minute - 10 * M,
        "editor",
    )
    assert (carry.title.start_us, carry.title.value) == (minute, "t1")
    assert (carry.session.last_us, carry.session.start_us) == (minute + M, minute - 4 * M)


def test_nothing_to_carry_without_rows_or_without_a_busy_row() -> None:
    assert carry_from(rows([], [])) is None
    assert carry_from(rows([0.9, 1.0], [0.0, 0.0])) is None
