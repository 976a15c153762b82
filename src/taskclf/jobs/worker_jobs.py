"""The server's jobs as they run in the worker process (``jobs.worker.run_in_child``).

Module-level so they pickle by name, and light to import: LightGBM is imported only inside
``train_job``, after ``OMP_NUM_THREADS`` is set, because its OpenMP runtime reads the thread
count once, when it loads. The server process itself never imports LightGBM for a job.
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


def train_job(
    request: TrainRequest, settings: Settings, progress: ProgressFn, cancel: CancelToken
) -> TrainOutcome:
    os.environ["OMP_NUM_THREADS"] = str(settings.train_threads)
    from taskclf.jobs.train import train

    return train(request, settings, progress, cancel)


def build_features_job(
    request: DateRange, settings: Settings, progress: ProgressFn, cancel: CancelToken
) -> DaysBuilt:
    from taskclf.jobs.build_features import build_features

    return build_features(request, settings, progress, cancel)
