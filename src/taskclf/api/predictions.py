"""Per-minute predictions of one bundle, or of the current model, for the Labels timeline.

``current`` is the tray's loaded model, else the active one; it is never a bundle id, so its
route is declared first. The answer can hold half a million rows, so polars writes the rows'
JSON in one go rather than validating them row by row (the documented model still says its
shape).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from taskclf.api import state
from taskclf.core.errors import BundleNotFound
from taskclf.core.requests import DateRange
from taskclf.core.settings import Settings
from taskclf.jobs import predict

router = APIRouter(prefix="/api/train/models", tags=["models"])
Config = Annotated[Settings, Depends(state.settings)]
Labels = Annotated[Any, Depends(state.label_store)]
TrayReport = Annotated[dict[str, Any] | None, Depends(state.tray_state)]
Range = Annotated[DateRange, Query()]


class PredictionRow(BaseModel):
    minute: str
    label: str
    confidence: float
    true_label: str | None
    raw_label: str  # the minute's own best guess; ``label`` is it after sequence decoding


class PredictionsOut(BaseModel):
    model_id: str | None  # null only for ``current`` with ``when_none=empty`` and no model
    date_from: str
    date_to: str
    rows: list[PredictionRow]


ANSWER: dict[int | str, dict[str, Any]] = {200: {"model": PredictionsOut}}


class CurrentRange(DateRange):
    """The range, and what to answer when there is no current model: 404 (``error``) or 200
    with ``model_id`` null and no rows (``empty``)."""

    when_none: Literal["error", "empty"] = "error"


@router.get("/current/predictions", response_class=Response, responses=ANSWER)
async def current_predictions(
    query: Annotated[CurrentRange, Query()], settings: Config, labels: Labels, report: TrayReport
) -> Response:
    """The tray's loaded model, else the active one; 404 "no active model" without one, or,
    with ``when_none=empty``, an empty answer: the Labels tab asks once instead of first
    asking the model list whether there is a model."""
    try:
        model_id = await run_in_threadpool(predict.current_id, settings, report)
    except BundleNotFound:
        if query.when_none == "error":
            raise
        return Response(_head(None, query)[:-1] + ',"rows":[]}', media_type="application/json")
    return await _answer(settings, labels, model_id, query)


@router.get("/{model_id}/predictions", response_class=Response, responses=ANSWER)
async def model_predictions(
    model_id: str, query: Range, settings: Config, labels: Labels
) -> Response:
    """Every stored feature row of the local days: the model's label and confidence, and
    the label the spans give that minute (null when none, partial or conflicting)."""
    return await _answer(settings, labels, model_id, query)


async def _answer(settings: Settings, labels: Any, model_id: str, query: DateRange) -> Response:
    body = await run_in_threadpool(_encode, settings, labels, model_id, query)
    return Response(body, media_type="application/json")


def _encode(settings: Settings, labels: Any, model_id: str, query: DateRange) -> bytes:
    frame = predict.predict_range(settings, labels, model_id, query.date_from, query.date_to)
    return f'{_head(model_id, query)[:-1]},"rows":{predict.rows_json(frame)}}}'.encode()


def _head(model_id: str | None, query: DateRange) -> str:
    head = {
        "model_id": model_id,
        "date_from": query.date_from.isoformat(),
        "date_to": query.date_to.isoformat(),
    }
    return json.dumps(head, separators=(",", ":"))
