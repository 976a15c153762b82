"""Training and feature-build jobs, their status, and data-check (spec: training endpoints)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from taskclf.api import state
from taskclf.api.schemas import DataCheckOut, JobStateOut
from taskclf.core.requests import DateRange, TrainRequest
from taskclf.core.settings import Settings
from taskclf.jobs.datacheck import data_check
from taskclf.jobs.runner import JobRunner, feature_build_work, training_work

router = APIRouter(prefix="/api/train", tags=["train"])
Runner = Annotated[JobRunner, Depends(state.runner)]
Config = Annotated[Settings, Depends(state.settings)]
Labels = Annotated[Any, Depends(state.label_store)]


@router.post("/start", status_code=202, response_model=JobStateOut)
def start_training(body: TrainRequest, runner: Runner, settings: Config) -> Any:
    """Start a LightGBM training job; 409 while any job runs."""
    return runner.start("train", "initializing", training_work(settings, body))


@router.post("/build-features", status_code=202, response_model=JobStateOut)
def build_features(body: DateRange, runner: Runner, settings: Config) -> Any:
    """Build features for each date of the range from ActivityWatch; 409 while any job runs."""
    return runner.start("build_features", "building_features", feature_build_work(settings, body))


@router.get("/status", response_model=JobStateOut)
async def status(runner: Runner) -> Any:
    """The running or last job; ``idle`` before the first one."""
    return runner.status()


@router.post("/cancel", response_model=JobStateOut)
def cancel(runner: Runner) -> Any:
    """Best-effort cancel; the job ends ``failed`` with "Cancelled by user". 409 when idle."""
    return runner.cancel()


@router.get("/data-check", response_model=DataCheckOut)
async def check_data(query: Annotated[DateRange, Query()], settings: Config, labels: Labels) -> Any:
    """Build missing or stale days from ActivityWatch (off the event loop), then report."""
    return await run_in_threadpool(data_check, query, settings, labels)
