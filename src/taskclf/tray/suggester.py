"""The live suggester behind ``taskclf tray``: the active model applied to the current minute.

It runs beside the web server in one process. A training job that completes calls
``reload(model_dir)``, which makes the new bundle active and loads it, so suggestions change
without a restart (the spec's auto-reload).
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
from taskclf.core.timeutil import day_bounds, get_zone, iso_utc
from taskclf.features.builder import LOOKBACK, build_rows
from taskclf.features.store import title_salt
from taskclf.registry.active import activate, get_active
from taskclf.registry.loaded import LoadedModel, load_bundle

Publish = Callable[[dict[str, Any]], None]
MINUTE_US = 60_000_000
log = logging.getLogger(__name__)


def _ignore(event: dict[str, Any]) -> None:
    """Default publisher until the server's bus is attached."""


class Suggester:
    """Holds the loaded model; every public method is safe to call from any thread."""

    def __init__(
        self,
        settings: Settings,
        publish: Publish = _ignore,
        client_factory: Callable[[Settings], AwClient] = AwClient.from_settings,
    ) -> None:
        self.settings = settings
        self.publish = publish
        self._client_factory = client_factory
        self._lock = threading.Lock()
        self._model: LoadedModel | None = None
        self._model_dir: Path | None = None
        self._load_error: str | None = None
        self._refused: str | None = None  # the bundle id last refused as invalid
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
        """Promote a freshly trained bundle to active and switch to it."""
        self._load(Path(model_dir), promote=True)

    def _load(self, model_dir: Path, promote: bool) -> None:
        """An invalid bundle is neither promoted nor loaded, and a model already loaded stays
        (it is still the active one); the state says why the new bundle was refused."""
        try:
            model = load_bundle(model_dir)
            if promote:
                activate(self.settings.models_dir, model_dir.name)
        except TaskclfError as exc:
            with self._lock:
                self._load_error, self._refused = exc.message, model_dir.name
                if self._model is None:
                    self._model_dir = model_dir
            return
        with self._lock:
            self._model, self._model_dir, self._load_error = model, model_dir, None
            self._refused = None
        self.publish(
            {"type": "model_loaded", "model_id": model.model_id, "model_dir": str(model_dir)}
        )

    # -- predicting --------------------------------------------------------------------------
    def predict_now(self, now: datetime | None = None) -> dict[str, Any] | None:
        """Predict the last complete minute and publish it; None when there is nothing to say."""
        with self._lock:
            model = self._model
        if model is None:
            return None
        newest = self.current_row(now or datetime.now(UTC))
        if newest.height == 0:
            return None
        labels, confidence = model.predict(newest)
        event = {
            "type": "prediction",
            "label": labels[0],
            "confidence": round(float(confidence[0]), 4),
            "minute": iso_utc(newest["bucket_start_ts"][0]),
            "model_id": model.model_id,
        }
        self.publish(event)
        return event

    def current_row(self, now: datetime) -> pl.DataFrame:
        """The feature row of the last complete minute, built exactly as training rows are:
        from the start of its local day with the store's look-back, so that history-based
        columns (``session_minutes``, rolling counts) mean the same thing live."""
        end_us = int(now.timestamp() * 1_000_000) // MINUTE_US * MINUTE_US
        zone = get_zone(self.settings.timezone)
        day = _utc(end_us - MINUTE_US).astimezone(zone).date()
        day_start = day_bounds(day, zone)[0]
        with self._client_factory(self.settings) as client:
            events = client.fetch(day_start - LOOKBACK, _utc(end_us))
        start_us = int(day_start.timestamp() * 1_000_000)
        rows = build_rows(events, start_us, end_us, self.settings.timezone, self._salt())
        return rows.tail(1)

    def _salt(self) -> bytes:
        return title_salt(self.settings)

    # -- the loop ------------------------------------------------------------------------------
    def start(self, publish: Publish | None = None) -> None:
        """Load the active model and poll in a daemon thread, publishing through ``publish``."""
        if publish is not None:
            self.publish = publish
        self.load_active()
        self._thread = threading.Thread(target=self._run, name="taskclf-tray", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.load_active()
                self.predict_now()
            except TaskclfError as exc:  # AW down for a while: keep polling, say why
                self.publish({"type": "prediction_error", "error": exc.message})
            except Exception as exc:  # a bug must not silently end suggestions for good
                log.exception("suggestion failed")
                self.publish({"type": "prediction_error", "error": f"Unexpected error: {exc}"})
            self._stop.wait(self.settings.poll_seconds)


def _utc(moment_us: int) -> datetime:
    return datetime.fromtimestamp(moment_us / 1_000_000, UTC)
