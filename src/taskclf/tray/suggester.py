"""The live suggester behind ``taskclf tray``: the active model applied to the current minute.

It runs beside the web server in one process. A training job on real data that completes
calls ``reload(model_dir)``, which makes the new bundle active and loads it, so suggestions
change without a restart (the spec's auto-reload); a synthetic bundle is left for a person
to activate (it exists to test the pipeline). Every poll also follows ``active.json``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from taskclf.aw.client import AwClient
from taskclf.core.errors import TaskclfError
from taskclf.core.settings import Settings
from taskclf.core.timeutil import MINUTE_US, iso_utc, to_us, utcnow
from taskclf.features.runs import IDLE_AFK_SHARE
from taskclf.registry.active import activate, get_active
from taskclf.registry.loaded import LoadedModel, load_bundle
from taskclf.tray.explain import Smoother, score
from taskclf.tray.live import LiveRows
from taskclf.tray.paths import path_table
from taskclf.tray.watch import AwWatch

Publish = Callable[[dict[str, Any]], None]
Say = Callable[[str], None]
NOT_ACTIVATED_SYNTHETIC = "not activated: synthetic"
log = logging.getLogger(__name__)


def _ignore(event: dict[str, Any]) -> None:
    """Default publisher and narrator until the server's bus and a terminal are attached."""


class Suggester:
    """Holds the loaded model and the tray's state; public methods are thread-safe."""

    def __init__(
        self,
        settings: Settings,
        publish: Publish = _ignore,
        client_factory: Callable[[Settings], AwClient] = AwClient.from_settings,
        say: Say = _ignore,  # type: ignore[assignment]
    ) -> None:
        self.settings = settings
        self.publish = publish
        self.say = say
        self._lock = threading.Lock()
        self._model: LoadedModel | None = None
        self._model_dir: Path | None = None
        self._loaded_at: str | None = None
        self._load_error: str | None = None
        self._refused: str | None = None  # the bundle id last refused as invalid
        self._paused = False
        self._last: dict[str, Any] | None = None
        self._last_said: tuple[str, bool] | None = None
        self._rows = LiveRows(settings)
        self._smoother = Smoother()
        self._watch = AwWatch(settings, client_factory, self._announce_error, say)
        self._fresh = True  # the next poll re-predicts the last minute (start, resume, switch)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- state the API reads -------------------------------------------------------------
    def get_tray_state(self) -> dict[str, Any]:
        with self._lock:
            model = self._model
            return {
                "loaded": model is not None,
                "model_dir": str(self._model_dir) if self._model_dir else None,
                "model_id": model.model_id if model else None,
                "error": self._load_error,
            }

    def state(self) -> dict[str, Any]:
        """``GET /api/tray/state``: what the tray is doing and why it may be silent."""
        watch = self._watch.report()
        with self._lock:
            model = self._model
            return {
                "model_id": model.model_id if model else None,
                "model_dir": str(self._model_dir) if self._model_dir and model else None,
                "loaded_at": self._loaded_at,
                "paused": self._paused,
                "last_prediction": self._last,
                "aw_status": watch["aw_status"],
                "last_error": watch["last_error"] or self._load_error,
                "poll_seconds": self.settings.poll_seconds,
            }

    def set_paused(self, paused: bool) -> dict[str, Any]:
        """Pause or resume suggestions; resuming re-predicts the last minute at once."""
        with self._lock:
            changed, self._paused = self._paused != paused, paused
            if not paused:
                self._fresh = True
        if changed:
            self.say("suggestions paused" if paused else "suggestions resumed")
            self.wake()
        return self.state()

    # -- model lifecycle -------------------------------------------------------------------
    def load_active(self) -> None:
        """Follow ``active.json``: switch to the model it names unless that one is already
        loaded (or was refused as invalid last time). Called at start, on every poll, and by
        the API right after an activation, so ``taskclf model activate`` from another process
        goes live within one poll. No active model is a normal state."""
        model_id = get_active(self.settings.models_dir)
        with self._lock:
            loaded = self._model.model_id if self._model is not None else None
            skip = model_id is None or model_id in (loaded, self._refused)
        if not skip and model_id is not None:
            self._load(self.settings.models_dir / model_id, promote=False)

    def reload(self, model_dir: Path) -> None:
        """The auto-reload hook: promote a freshly trained bundle and switch to it, unless
        it was trained on synthetic data (then it only waits to be activated by hand)."""
        model_dir = Path(model_dir)
        if is_synthetic(model_dir):
            self.say(f"model {model_dir.name} trained on synthetic data: {NOT_ACTIVATED_SYNTHETIC}")
            return
        self._load(model_dir, promote=True)

    def _load(self, model_dir: Path, promote: bool) -> None:
        """An invalid bundle is neither promoted nor loaded, and a model already loaded stays
        (it is still the active one); the state says why the new bundle was refused."""
        try:
            model = load_bundle(model_dir)
            path_table(model.booster)  # built now, so the first suggestion does not wait
            if promote:
                activate(self.settings.models_dir, model_dir.name)
        except TaskclfError as exc:
            with self._lock:
                self._load_error, self._refused = exc.message, model_dir.name
                if self._model is None:
                    self._model_dir = model_dir
            self.say(f"model {model_dir.name} refused: {exc.message}")
            return
        with self._lock:
            self._model, self._model_dir, self._load_error = model, model_dir, None
            self._refused, self._loaded_at, self._fresh = None, iso_utc(utcnow()), True
        self.say(f"model: {model.model_id} is now live")
        self.publish(
            {"type": "model_loaded", "model_id": model.model_id, "model_dir": str(model_dir)}
        )

    # -- predicting --------------------------------------------------------------------------
    def predict_now(self, now: datetime | None = None) -> dict[str, Any] | None:
        """Predict the newest complete minute and publish it; None when there is nothing to
        say: no model, paused, no activity in that minute, or the person was away."""
        with self._lock:
            model, paused, fresh = self._model, self._paused, self._fresh
            self._fresh = False
        if model is None or paused:
            return None
        now = now or datetime.now(UTC)
        rows = self._watch.call(lambda c: self._new_rows(c, now, fresh))
        if rows is None or rows.height == 0:
            return None
        scored = score(model, rows)
        for item in scored[:-1]:
            self._smoother.add(model.model_id, item)
        newest = rows.tail(1)
        if to_us(newest["bucket_start_ts"][0]) < _minute_us(now) - MINUTE_US:
            return None  # the last complete minute had no activity
        afk = newest["afk_share"][0]
        if afk is not None and afk >= IDLE_AFK_SHARE:
            return None
        event = self._event(model, scored[-1])
        self.publish(event)
        self._narrate(event)
        return event

    def _new_rows(self, client: AwClient, now: datetime, fresh: bool) -> pl.DataFrame:
        if fresh:
            return self._rows.rows_upto(client, now)
        return self._rows.new_rows(client, now)

    def _event(self, model: LoadedModel, scored: Any) -> dict[str, Any]:
        names = model.label_names
        best = int(scored.proba.argmax())
        mean = self._smoother.add(model.model_id, scored)
        transitions = (model.metadata.get("decoding") or {}).get("transitions")
        smoothed = self._smoother.label(mean, transitions)
        confidence = round(float(scored.proba[best]), 4)
        event = {
            "type": "prediction",
            "label": names[best],
            "confidence": confidence,
            "probabilities": dict(zip(names, _rounded(scored.proba), strict=True)),
            "smoothed_label": names[smoothed],
            "smoothed_confidence": round(float(mean[smoothed]), 4),
            "unsure": confidence < self.settings.confidence_threshold,
            "reason": scored.reason,
            "minute": iso_utc(datetime.fromtimestamp(scored.minute_us / 1e6, UTC)),
            "model_id": model.model_id,
        }
        with self._lock:
            self._last = event
        return event

    def _narrate(self, event: dict[str, Any]) -> None:
        """One terminal line per change of the (smoothed) suggestion, not one per minute."""
        key = (event["smoothed_label"], event["unsure"])
        if key != self._last_said:
            self._last_said = key
            unsure = " (unsure)" if event["unsure"] else ""
            self.say(
                f"suggestion: {event['smoothed_label']}{unsure} "
                f"{event['confidence']:.0%} - {event['reason']}"
            )

    def current_row(self, now: datetime) -> pl.DataFrame:
        """The feature row of the last complete minute, built exactly as training rows are."""
        with self._watch.client() as client:
            return self._rows.rows_upto(client, now).tail(1)

    def _announce_error(self, message: str) -> None:
        self.publish({"type": "prediction_error", "error": message})

    # -- the loop ------------------------------------------------------------------------------
    def start(self, publish: Publish | None = None) -> None:
        """Load the active model, say where things stand, and poll in a daemon thread."""
        if publish is not None:
            self.publish = publish
        self.load_active()
        self._watch.probe()
        if self.state()["model_id"] is None:
            self.say("no model yet: label some time and train from the dashboard")
        self._thread = threading.Thread(target=self._run, name="taskclf-tray", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._watch.wake()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._watch.close()

    def wake(self) -> None:
        """Poll now instead of at the next tick (after resume)."""
        self._watch.wake()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.load_active()
                self.predict_now()
            except Exception as exc:  # a bug must not silently end suggestions for good
                log.exception("suggestion failed")
                self._watch.failed(f"Unexpected error: {exc}")
            self._watch.sleep()


def is_synthetic(model_dir: Path) -> bool:
    """The bundle says it was trained on generated data (an unreadable one is not)."""
    import json

    try:
        metadata = json.loads((model_dir / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(metadata, dict) and metadata.get("data_provenance") == "synthetic"


def _rounded(values: Any) -> list[float]:
    return [round(float(value), 4) for value in values]


def _minute_us(now: datetime) -> int:
    return to_us(now) // MINUTE_US * MINUTE_US
