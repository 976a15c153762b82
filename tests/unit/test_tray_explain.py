"""The suggestion's words and smoothing, on hand-built values (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest

from taskclf.tray.explain import Scored, Smoother, describe, reason

MINUTE = 60_000_000


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("app_id", "code", "mostly code"),
        ("keys", 80.0, "many keystrokes"),
        ("cat_meeting_15m", 1.0, "100% of the last 15 min in meeting apps"),
        ("app_share_5m", 0.6, "60% of the last 5 min in this app"),
        ("keys_15m", 42.3, "42 keystrokes a minute over 15 min"),
        ("afk_share_15m", 0.25, "away 25% of the last 15 min"),
        ("title_w07", 0.5, "words in the window title"),
        ("app_run_minutes", 12.0, "12 min in the same app"),
        ("keys", None, "no keys data"),
        ("something_new", 3, "something new 3"),
    ],
)
def test_features_read_as_plain_words(name: str, value: object, words: str) -> None:
    assert describe(name, value) == words


def test_the_reason_names_only_what_pushed_towards_the_label() -> None:
    names = ["app_id", "keys", "cat_editor_15m", "afk_share"]
    contributions = np.array([0.9, -0.5, 0.4, 0.0])
    row = {"app_id": "code", "keys": 80.0, "cat_editor_15m": 0.8, "afk_share": 0.0}
    assert reason(names, contributions, row) == "mostly code; 80% of the last 15 min in editor apps"
    assert reason(names, -np.abs(contributions), row) == "no single signal stood out"


def test_one_odd_minute_does_not_flip_the_smoothed_label() -> None:
    smoother = Smoother()
    steady, odd = np.array([0.8, 0.2]), np.array([0.3, 0.7])
    for minute in range(4):
        smoother.add("m1", Scored(minute * MINUTE, steady, ""))
    mean = smoother.add("m1", Scored(4 * MINUTE, odd, ""))
    assert int(mean.argmax()) == 0
    assert int(smoother.add("m2", Scored(5 * MINUTE, odd, "")).argmax()) == 1  # new model


def test_with_learned_transitions_a_lone_odd_minute_is_decoded_away() -> None:
    smoother = Smoother()
    sticky = np.array([[0.98, 0.02], [0.02, 0.98]])
    steady, odd = np.array([0.9, 0.1]), np.array([0.4, 0.6])
    for minute in range(10):
        smoother.add("m1", Scored(minute * MINUTE, steady, ""))
    mean = smoother.add("m1", Scored(10 * MINUTE, odd, ""))
    assert smoother.label(mean, sticky) == 0
    assert smoother.label(mean, None) == int(mean.argmax())
    for minute in range(11, 16):  # the odd minute goes on: the decoder follows
        mean = smoother.add("m1", Scored(minute * MINUTE, np.array([0.1, 0.9]), ""))
    assert smoother.label(mean, sticky) == 1
