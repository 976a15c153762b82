"""The server's jobs as they run in the worker process (``jobs.worker.run_in_child``).

Module-level so they pickle by name, and light to import: LightGBM and polars are imported
only inside the jobs, after their thread counts are capped (``train_threads``, cores − 1),
because both read it once, when they load: a job must leave a core to the server.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from taskclf.core.progress import CancelToken, ProgressFn
from taskclf.core.requests import DateRange, TrainRequest
from taskclf.core.settings import Settings

if TYPE_CHECKING:
    from taskclf.jobs.build_days import DaysBuilt
    from taskclf.jobs.train import TrainOutcome


def _cap_threads(settings: Settings) -> None:
    for name in ("OMP_NUM_THREADS", "POLARS_MAX_THREADS"):
        os.environ[name] = str(settings.train_threads)


def train_job(
    request: TrainRequest, settings: Settings, progress: ProgressFn, cancel: CancelToken
) -> TrainOutcome:
    _cap_threads(settings)
    from taskclf.jobs.train import train

    return train(request, settings, progress, cancel)


def build_features_job(
    request: DateRange, settings: Settings, progress: ProgressFn, cancel: CancelToken
) -> DaysBuilt:
    _cap_threads(settings)
    from taskclf.jobs.build_features import build_features

    return build_features(request, settings, progress, cancel)
