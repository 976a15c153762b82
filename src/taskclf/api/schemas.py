"""Response shapes, declared so that /docs shows them and every key is always present."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class JobStateOut(BaseModel):
    job_id: str | None
    kind: Literal["train", "build_features"] | None
    status: Literal["idle", "running", "complete", "failed"]
    step: str | None
    progress_pct: int
    message: str | None
    error: str | None
    metrics: dict[str, Any] | None
    model_dir: str | None
    started_at: str | None
    finished_at: str | None


class DroppedRowsOut(BaseModel):
    partial: int
    conflicting: int
    unlabelled: int


class DayOut(BaseModel):
    date: str
    status: Literal["built", "existing", "missing", "empty", "error"]
    rows: int


class DataCheckOut(BaseModel):
    date_from: str
    date_to: str
    dates_with_features: list[str]
    dates_missing_features: list[str]
    total_feature_rows: int
    label_span_count: int
    trainable_rows: int
    trainable_labels: list[str]
    dates_built: list[str]
    build_errors: list[str]
    dropped_rows: DroppedRowsOut
    days: list[DayOut]


class InfoOut(BaseModel):
    """What the dashboard needs before its first request: defaults are relative to ``today``
    in the server's zone, not the browser's."""

    version: str
    timezone: str
    today: str
    tray: bool


class ActivatedOut(BaseModel):
    model_id: str
    model_dir: str
    activated_at: str | None


class ErrorOut(BaseModel):
    detail: str
    field: str | None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 403, 404, 409, 413, 415, 422)
}
