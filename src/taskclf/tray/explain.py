"""What a suggestion says beyond its label: probabilities, a smoothed label, an unsure flag
and a reason in plain words. Pure: takes a loaded model and rows, returns values.

LightGBM is asked for one row at a time with ``num_threads=1``: its default thread pool costs
~15 ms of start-up per call, a thousand times the work of one row. The reason comes from the
row's decision paths (``tray.paths``), not TreeSHAP: a twentieth of the cost.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from taskclf.core.timeutil import MINUTE_US
from taskclf.registry.loaded import LoadedModel
from taskclf.training.decoding import decode_online
from taskclf.tray.paths import path_table

SMOOTH_MINUTES = 5
DECODE_MINUTES = 30  # enough history for the sequence decoder (its own docstring: 15-30)
REASON_PARTS = 3
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Scored:
    minute_us: int
    proba: np.ndarray  # in the model's label order
    reason: str


def score(model: LoadedModel, rows: pl.DataFrame) -> list[Scored]:
    """Probabilities and a reason for every row (a poll has one or a few)."""
    if rows.height == 0:
        return []
    matrix = model.matrix(rows)
    leaves = np.asarray(model.booster.predict(matrix, pred_leaf=True, num_threads=1))
    leaves = leaves.reshape(rows.height, -1).astype(np.int64)
    table = path_table(model.booster)
    if table.softmax:  # one pass through the trees gives both the leaves and the scores
        proba = table.probabilities(leaves)
    else:
        proba = np.asarray(model.booster.predict(matrix, num_threads=1), dtype=np.float64)
        proba = proba.reshape(rows.height, -1)
    minutes = rows.get_column("bucket_start_ts").to_numpy().view(np.int64).tolist()
    out = []
    for i, minute in enumerate(minutes):
        best = int(proba[i].argmax())
        contributions = table.contributions(leaves[i], best)
        why = reason(model.feature_names, contributions, rows.row(i, named=True))
        out.append(Scored(int(minute), proba[i], why))
    return out


class Smoother:
    """Keeps the recent minutes' probabilities of one model. For a bundle with learned
    transitions the smoothed label is the sequence decoder's verdict on the newest minute
    (``label``); for an older bundle it is the arg-max of the *mean* probability vector of the
    active minutes among the last ``SMOOTH_MINUTES``: a single odd minute moves the mean by at
    most a fifth, so it flips the label only when the other minutes were already undecided.
    Either way ``smoothed_confidence`` is that label's mean probability over the window.
    Inactive minutes add nothing (they are not rows)."""

    def __init__(self, minutes: int = SMOOTH_MINUTES) -> None:
        self._window_us = minutes * MINUTE_US
        self._recent: deque[tuple[int, np.ndarray]] = deque()
        self._history: deque[tuple[int, np.ndarray]] = deque(maxlen=DECODE_MINUTES)
        self._model_id: str | None = None

    def add(self, model_id: str, scored: Scored) -> np.ndarray:
        """Record a minute and return the mean probabilities over the window ending there."""
        if model_id != self._model_id:  # another model's classes mean other things
            self._recent.clear()
            self._history.clear()
            self._model_id = model_id
        self._recent = deque(item for item in self._recent if item[0] != scored.minute_us)
        self._recent.append((scored.minute_us, scored.proba))
        if self._history and self._history[-1][0] == scored.minute_us:
            self._history.pop()
        self._history.append((scored.minute_us, scored.proba))
        while self._recent and self._recent[0][0] <= scored.minute_us - self._window_us:
            self._recent.popleft()
        return np.mean([proba for _, proba in self._recent], axis=0)

    def label(self, mean: np.ndarray, transitions: Any) -> int:
        """The smoothed label's index: with a bundle that learned transitions, the newest
        minute decoded as a sequence over the last ``DECODE_MINUTES`` consecutive minutes
        (past minutes only, no lag: the suggestion is about now); otherwise the arg-max of
        the window's mean probabilities."""
        if transitions is None:
            return int(mean.argmax())
        rows = [proba for _, proba in self._consecutive()]
        return decode_online(np.asarray(rows), transitions, lag=0)

    def _consecutive(self) -> list[tuple[int, np.ndarray]]:
        """The newest run of minutes without a gap (a break starts a new sequence)."""
        run = list(self._history)
        for index in range(len(run) - 1, 0, -1):
            if run[index][0] - run[index - 1][0] > MINUTE_US:
                return run[index:]
        return run


def reason(names: list[str], contributions: np.ndarray, row: dict[str, Any]) -> str:
    """The features that pushed hardest *towards* the chosen label, in words."""
    order = np.argsort(-contributions)
    parts: list[str] = []
    for index in order:
        if contributions[index] <= 0 or len(parts) == REASON_PARTS:
            break
        phrase = describe(names[index], row.get(names[index]))
        if phrase and phrase not in parts:
            parts.append(phrase)
    return "; ".join(parts) if parts else "no single signal stood out"


def describe(name: str, value: Any) -> str:
    """One feature's value as a person would say it (unknown features by name)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return f"no {name.replace('_', ' ')} data"
    words = _WORDS.get(name) or _family(name)
    return words(value) if words is not None else f"{name.replace('_', ' ')} {_num(value)}"


def _family(name: str) -> Any:
    """Words for the context and title columns, which come in families (``cat_editor_15m``,
    ``keys_5m``, ``title_w07``…): a person reads "60% of the last 15 min in editor apps"."""
    match = _CONTEXT.fullmatch(name)
    if match is None:
        return (lambda v: "words in the window title") if name.startswith("title_w") else None
    what, minutes = match.group(1), match.group(2)
    if what.startswith("cat_"):
        return lambda v: f"{float(v):.0%} of the last {minutes} min in {what[4:]} apps"
    if what == "app_share":
        return lambda v: f"{float(v):.0%} of the last {minutes} min in this app"
    if what == "afk_share":
        return lambda v: f"away {float(v):.0%} of the last {minutes} min"
    unit = {"keys": "keystrokes", "clicks": "clicks", "scroll": "scrolls"}.get(what, what)
    return lambda v: f"{float(v):.0f} {unit} a minute over {minutes} min"


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _amount(value: float, few: float, many: float, unit: str) -> str:
    if value >= many:
        return f"many {unit}"
    if value < few:
        return f"few {unit}"
    return f"{value:.0f} {unit}"


_WORDS: dict[str, Any] = {
    "app_id": lambda v: f"mostly {v}",
    "app_category": lambda v: f"a {v} app",
    "app_share": lambda v: f"{float(v):.0%} in one app",
    "active_seconds": lambda v: f"active {float(v):.0f} s",
    "n_apps": lambda v: f"{int(v)} apps this minute",
    "n_switches": lambda v: f"{int(v)} app switches",
    "n_apps_5m": lambda v: f"{int(v)} apps in 5 min",
    "n_switches_5m": lambda v: f"{int(v)} switches in 5 min",
    "n_apps_15m": lambda v: f"{int(v)} apps in 15 min",
    "n_switches_15m": lambda v: f"{int(v)} switches in 15 min",
    "title_changes": lambda v: f"{int(v)} title changes",
    "keys": lambda v: _amount(float(v), 10, 60, "keystrokes"),
    "clicks": lambda v: _amount(float(v), 3, 20, "clicks"),
    "scroll": lambda v: _amount(float(v), 5, 50, "scrolls"),
    "mouse_px": lambda v: "little mouse movement" if float(v) < 500 else "much mouse movement",
    "afk_share": lambda v: "away part of the minute" if float(v) > 0 else "at the keyboard",
    "hour_local": lambda v: f"around {int(v):02d}:00",
    "weekday_local": lambda v: f"a {WEEKDAYS[int(v) % 7]}",
    "session_minutes": lambda v: f"{float(v):.0f} min into the session",
    "app_run_minutes": lambda v: f"{float(v):.0f} min in the same app",
    "title_run_minutes": lambda v: f"{float(v):.0f} min on the same window",
}
_CONTEXT = re.compile(r"(cat_[a-z_]+|app_share|afk_share|keys|clicks|scroll)_(\d+)m")
