"""Model bundles: the list, and bundle-saved validation metrics of one bundle or the tray's."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from taskclf import registry
from taskclf.api import state
from taskclf.api.schemas import ActivatedOut
from taskclf.core.errors import InvalidInput, TrainingDataError
from taskclf.core.requests import DateRange
from taskclf.core.settings import Settings
from taskclf.jobs import compare

router = APIRouter(prefix="/api/train/models", tags=["models"])
Config = Annotated[Settings, Depends(state.settings)]
TrayReport = Annotated[dict[str, Any] | None, Depends(state.tray_state)]
Tray = Annotated[state.FollowingTray | None, Depends(state.following_tray)]
Labels = Annotated[Any, Depends(state.label_store)]
ModelId = Annotated[str, Field(min_length=1)]


class CompareQuery(DateRange):
    """Two bundle ids and the days both are replayed on (at most 366)."""

    a: ModelId
    b: ModelId


class ComparedModel(BaseModel):
    model_id: str
    scored_on: Literal["decoded", "raw"]
    macro_f1: float
    weighted_f1: float
    accuracy: float
    decoded_macro_f1: float | None
    raw_macro_f1: float


class ComparedClass(BaseModel):
    label: str
    a_f1: float
    b_f1: float
    support: int


class DisagreementPair(BaseModel):
    a_label: str
    b_label: str
    minutes: int


class Disagreements(BaseModel):
    minutes: int
    share: float
    pairs: list[DisagreementPair]


class NewestDays(BaseModel):
    date_from: str
    date_to: str
    a_macro_f1: float
    b_macro_f1: float
    better: Literal["a", "b", "tie"]


class CompareOut(BaseModel):
    a: ComparedModel
    b: ComparedModel
    date_from: str
    date_to: str
    n_rows: int
    per_class: list[ComparedClass]
    disagreements: Disagreements
    newest_days: NewestDays
    better: Literal["a", "b", "tie"]


@router.get("", response_model=list[registry.BundleInfo])
def list_models(settings: Config) -> Any:
    """Every bundle directory, newest first; invalid ones say why."""
    return registry.list_bundles(settings.models_dir)


@router.get("/compare", response_model=CompareOut)
async def compare_models(
    query: Annotated[CompareQuery, Query()], settings: Config, labels: Labels
) -> Any:
    """Both bundles replayed on the range's labelled minutes: per-class F1 side by side,
    the minutes they label differently, and which is better overall and on the newest
    days. 404 for an unknown id; 422 when the range has no labelled feature rows.

    Declared before the ``/{model_id}/...`` routes: ``compare`` is never a bundle id."""
    return await run_in_threadpool(_compare, settings, query, labels)


def _compare(settings: Settings, query: CompareQuery, labels: Any) -> dict[str, Any]:
    """A range without labelled feature rows is the caller's to change: 422 naming it."""
    try:
        return compare.compare_models(
            settings, query.a, query.b, query.date_from, query.date_to, labels
        )
    except TrainingDataError as exc:
        raise InvalidInput(exc.message, field="date_from") from None


@router.get("/current/inspect")
async def inspect_current(report: TrayReport) -> Any:
    """The tray's loaded model, or ``{"loaded": false, "reason": ...}``."""
    if report is None:
        return {"loaded": False, "reason": "tray_state_unavailable"}
    model_dir = report.get("model_dir")
    if not report.get("loaded") or not model_dir:
        return {"loaded": False, "reason": "no_model_loaded"}
    path = Path(model_dir)
    payload = await run_in_threadpool(registry.inspect_bundle, path.parent, path.name)
    return {"loaded": True, **payload}


@router.get("/{model_id}/inspect")
def inspect_model(model_id: str, settings: Config) -> Any:
    """404 for an unknown (or path-like) id, 422 for a bundle that cannot be trusted.

    The registry resolves ids strictly inside the models directory.
    """
    return registry.inspect_bundle(settings.models_dir, model_id)


@router.post("/{model_id}/activate", response_model=ActivatedOut)
def activate_model(model_id: str, settings: Config, tray: Tray) -> Any:
    """Promote or roll back: point ``active.json`` at a valid bundle (404 unknown, 409
    invalid); a running tray switches to it before this answers."""
    path = registry.activate(settings.models_dir, model_id)
    if tray is not None:
        tray.load_active()
    pointer = registry.active_pointer(settings.models_dir) or {}
    return {
        "model_id": model_id,
        "model_dir": str(path),
        "activated_at": pointer.get("activated_at"),
    }
