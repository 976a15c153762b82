"""The synthetic generator: deterministic, truthful about active minutes, believable."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from taskclf.aw.events import parse_events, to_aw_json
from taskclf.synthetic.activity import SynthConfig, generate_day, generate_range
from taskclf.synthetic.profiles import TASKS

M = 60_000_000


def _covered_minutes(window: pl.DataFrame) -> np.ndarray:
    """Independent of the generator's truth: every minute any window event touches."""
    minutes = [
        np.arange(s // M, (e - 1) // M + 1)
        for s, e in window.select("start_us", "end_us").iter_rows()
    ]
    return np.unique(np.concatenate(minutes)) * M


def test_same_seed_same_day_same_events_and_other_seed_differs():
    a = generate_day(date(2026, 2, 3), "UTC", seed=1)
    b = generate_day(date(2026, 2, 3), "UTC", seed=1)
    c = generate_day(date(2026, 2, 3), "UTC", seed=2)
    assert a.events.window.equals(b.events.window) and a.truth.equals(b.truth)
    assert not a.events.window.equals(c.events.window)


def test_a_day_does_not_depend_on_the_range_around_it():
    alone = generate_day(date(2026, 2, 4), "UTC", seed=9)
    ranged = generate_range(date(2026, 2, 3), date(2026, 2, 5), "UTC", seed=9)
    same_minutes = ranged.truth.filter(
        pl.col("minute_us").is_in(alone.truth["minute_us"].implode())
    )
    assert same_minutes.sort("minute_us").equals(alone.truth.sort("minute_us"))
    assert (
        alone.events.window.filter(
            pl.col("start_us").is_in(ranged.events.window["start_us"].implode()).not_()
        ).height
        == 0
    )


def test_truth_covers_exactly_the_minutes_with_window_activity():
    activity = generate_range(
        date(2026, 2, 2),
        date(2026, 2, 6),
        "Europe/Berlin",
        seed=4,
        config=SynthConfig(late_night_prob=1.0),
    )
    covered = _covered_minutes(activity.events.window)
    truth = np.sort(activity.truth["minute_us"].to_numpy())
    assert np.array_equal(covered, truth)
    assert set(activity.truth["label"].unique()) <= set(TASKS)


def test_spans_agree_with_the_minute_truth():
    activity = generate_day(date(2026, 2, 3), "UTC", seed=5)
    spans = activity.spans_frame()
    from_spans = sum(
        int((e - s).total_seconds() // 60)
        for s, e in zip(spans["start_ts"], spans["end_ts"], strict=True)
    )
    assert from_spans == activity.truth.height
    assert spans["end_ts"].gt(spans["start_ts"]).all()


def test_realistic_shape_meetings_long_events_afk_and_midnight():
    activity = generate_range(
        date(2026, 2, 2), date(2026, 2, 13), "UTC", seed=1, config=SynthConfig(late_night_prob=0.5)
    )
    window = activity.events.window
    lengths = window["end_us"] - window["start_us"]
    assert lengths.max() >= 30 * M
    assert activity.events.afk is not None and activity.events.afk["afk"].any()
    crosses = window.filter(
        (pl.col("start_us") // (1440 * M)) != ((pl.col("end_us") - 1) // (1440 * M))
    )
    assert crosses.height >= 1
    labels = set(activity.truth["label"].unique())
    assert {"Meet", "Build", "Write", "BreakIdle"} <= labels


def test_truth_is_learnable_from_apps():
    activity = generate_range(date(2026, 2, 2), date(2026, 2, 6), "UTC", seed=2)
    window = activity.events.window
    idx = (
        np.searchsorted(
            window["start_us"].to_numpy(), activity.truth["minute_us"].to_numpy(), side="right"
        )
        - 1
    )
    app_at = window["app"].to_numpy()[idx]
    label = activity.truth["label"].to_numpy()
    assert np.mean(app_at[label == "Meet"] == "zoom") > 0.7
    assert np.mean(app_at[label == "Write"] == "libreoffice-writer") > 0.6
    assert np.mean(np.isin(app_at[label == "Build"], ["Code", "gnome-terminal-server"])) > 0.7


def test_input_counts_differ_by_task():
    activity = generate_range(date(2026, 2, 2), date(2026, 2, 6), "UTC", seed=3)
    inp = activity.events.input
    assert inp is not None and inp.height > 1000
    assert (inp["presses"] >= 0).all()


def test_events_survive_the_aw_json_round_trip():
    activity = generate_day(date(2026, 2, 3), "UTC", seed=6)
    for kind, frame in activity.events.frames().items():
        assert frame is not None
        back = parse_events(kind, to_aw_json(kind, frame))
        assert back.equals(frame), kind


def test_app_names_are_whole_names_from_the_profiles():
    """Noise apps replace profile apps in place; no name may come out truncated."""
    from taskclf.synthetic.profiles import PROFILES

    known = {app for prof in PROFILES.values() for app in (*prof.apps, *prof.noise_apps)}
    activity = generate_range(date(2026, 3, 2), date(2026, 3, 15), "UTC", seed=11)
    assert set(activity.events.window["app"].unique().to_list()) <= known
