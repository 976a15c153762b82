"""REST routes for label spans (DESIGN §6): thin handlers over ``LabelStore``.

Every change publishes ``labels_changed`` so open pages refresh; validation lives in the store,
so the API, the CLI and CSV import refuse the same input with the same message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from taskclf.core.errors import InvalidInput
from taskclf.core.settings import Settings
from taskclf.labels.store import DEFAULT_LABELS, LabelStore
from taskclf.labels.validate import MAX_SOURCE_LEN, local_days

router = APIRouter(prefix="/api/labels", tags=["labels"])

SpanId = Annotated[int, Path(ge=1, le=2**63 - 1)]
MAX_CSV_BYTES = 10 * 1024 * 1024
# A timestamp is at most a few dozen characters; the store gives the precise message.
TsField = Annotated[str, Field(max_length=64, strict=True)]
LabelField = Annotated[str, Field(max_length=256, strict=True)]
# What to do with spans of another label that share the new span's time (labels.overlap).
OnOverlap = Literal["refuse", "replace", "keep_both"]


class SpanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start_ts: TsField
    end_ts: TsField
    label: LabelField
    source: Annotated[str, Field(max_length=MAX_SOURCE_LEN, strict=True)] = "user"
    on_overlap: OnOverlap = "refuse"


class SpanOut(BaseModel):
    id: int
    start_ts: str
    end_ts: str
    label: str
    source: str
    created_at: str
    updated_at: str


class SavedOut(SpanOut):
    warnings: list[str]
    duplicate: bool


class ImportedOut(BaseModel):
    imported: int
    skipped_duplicates: int
    spans: list[SpanOut]
    warnings: list[str]


class UndoneOut(BaseModel):
    undone: str
    changed_ids: list[int]


class NamesOut(BaseModel):
    labels: list[str]


class OverlapOut(BaseModel):
    id: int | None
    start_ts: str
    end_ts: str
    label: str
    line: int | None = None
    with_line: int | None = None


class OverlapErrorOut(BaseModel):
    detail: str
    field: str | None
    overlaps: list[OverlapOut]


OVERLAP_409: dict[int | str, dict[str, Any]] = {
    409: {"model": OverlapErrorOut, "description": "overlaps spans with another label"}
}
DUPLICATE_200: dict[int | str, dict[str, Any]] = {
    200: {"model": SavedOut, "description": "an exact duplicate: the existing span"}
}


class DayRange(BaseModel):
    """Optional local calendar days; unknown parameters are refused so that a typo such as
    ``date_form`` cannot silently widen the answer to every span."""

    model_config = ConfigDict(extra="forbid")

    date_from: str | None = Field(default=None, max_length=10)
    date_to: str | None = Field(default=None, max_length=10)


Days = Annotated[DayRange, Query()]


class ConflictPage(DayRange):
    """Days plus a page of regions: ``limit`` caps one answer, ``offset`` walks the rest."""

    limit: int = Field(default=100, ge=1, le=1000)
    offset: int = Field(default=0, ge=0)


class SpanPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start_ts: TsField | None = None
    end_ts: TsField | None = None
    label: LabelField | None = None
    on_overlap: OnOverlap = "refuse"


@router.get("")
def list_spans(request: Request, days: Days) -> list[dict[str, Any]]:
    return [span.to_json() for span in _store(request).list(*_range(request, days))]


@router.post(
    "", status_code=201, response_model=SavedOut, responses={**DUPLICATE_200, **OVERLAP_409}
)
def create_span(request: Request, response: Response, body: SpanIn) -> Any:
    """201 with ``warnings``; 200 with ``duplicate: true`` when the same span exists; 409
    naming the spans of another label it overlaps unless ``on_overlap`` says what to do."""
    saved = _store(request).add(**body.model_dump())
    if saved.duplicate:
        response.status_code = 200
    else:
        _changed(request, "created", saved.changed_ids)
    return saved.to_json()


@router.get("/defaults")
def default_labels() -> dict[str, list[str]]:
    return {"labels": list(DEFAULT_LABELS)}


@router.get("/names", response_model=NamesOut)
def label_names(request: Request) -> Any:
    """What a label picker offers: labels in use, most used first, then unused defaults."""
    return {"labels": _store(request).names()}


@router.post("/undo", response_model=UndoneOut)
def undo_change(request: Request) -> Any:
    """Revert the newest change (an import counts as one); 409 when there is none."""
    undone = _store(request).undo()
    _changed(request, "undone", undone.changed_ids)
    return undone.to_json()


CSV_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"description": "CSV with header start_ts,end_ts,label", "content": {"text/csv": {}}}
}
CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


@router.get("/export", response_class=Response, responses=CSV_ANSWER)
def export_spans(request: Request, days: Days) -> Response:
    text = _store(request).export_csv(*_range(request, days))
    headers = {"Content-Disposition": 'attachment; filename="labels.csv"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/stats")
def span_stats(request: Request, days: Days) -> dict[str, Any]:
    minutes = _store(request).stats(*_range(request, days))
    return {"date_from": days.date_from, "date_to": days.date_to, "minutes": minutes}


@router.get("/conflicts")
def span_conflicts(request: Request, query: Annotated[ConflictPage, Query()]) -> dict[str, Any]:
    """Stretches where spans with different labels overlap: allowed, but their minutes are
    dropped from training. Merged regions, paged, so the answer stays small however many
    spans overlap."""
    regions = _store(request).conflicts(*_range(request, query))
    page = regions[query.offset : query.offset + query.limit]
    return {
        "regions": [region.to_json() for region in page],
        "total": len(regions),
        "limit": query.limit,
        "offset": query.offset,
    }


@router.post(
    "/import",
    status_code=201,
    openapi_extra=CSV_BODY,
    response_model=ImportedOut,
    responses=OVERLAP_409,
)
async def import_spans(request: Request, on_overlap: OnOverlap = "refuse") -> Any:
    """All rows or none, one undoable change; exact duplicates are skipped and counted."""
    text = await _csv_text(request)
    imported = await run_in_threadpool(_store(request).import_csv, text, on_overlap=on_overlap)
    _changed(request, "imported", imported.changed_ids)
    return imported.to_json()


@router.get("/{span_id:int}")
def get_span(request: Request, span_id: SpanId) -> dict[str, Any]:
    return _store(request).get(span_id).to_json()


@router.put("/{span_id:int}", response_model=SavedOut, responses=OVERLAP_409)
def update_span(request: Request, span_id: SpanId, body: SpanPatch) -> Any:
    saved = _store(request).update(span_id, **body.model_dump(exclude_none=True))
    _changed(request, "updated", saved.changed_ids or [saved.id])
    return saved.to_json()


@router.delete("/{span_id:int}", status_code=204)
def delete_span(request: Request, span_id: SpanId) -> Response:
    _store(request).delete(span_id)
    _changed(request, "deleted", [span_id])
    return Response(status_code=204)


def _store(request: Request) -> LabelStore:
    store: LabelStore = request.app.state.label_store
    return store


def _changed(request: Request, action: str, ids: list[int]) -> None:
    request.app.state.bus.publish(
        {"type": "labels_changed", "action": action, "ids": ids, "count": len(ids)}
    )


def _range(request: Request, days: DayRange) -> tuple[datetime | None, datetime | None]:
    settings: Settings = request.app.state.settings
    return local_days(days.date_from, days.date_to, settings.timezone)


async def _csv_text(request: Request) -> str:
    """The CSV from a multipart ``file`` field (browser form) or a raw ``text/csv`` body."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InvalidInput("multipart upload needs a file field named 'file'", field="file")
        data = await upload.read(MAX_CSV_BYTES + 1)
    elif kind == "text/csv":
        data = await request.body()
    else:
        raise InvalidInput(
            "send the CSV as multipart/form-data (field 'file') or as a text/csv body",
            field="content-type",
        )
    if len(data) > MAX_CSV_BYTES:
        raise InvalidInput(f"CSV is larger than {MAX_CSV_BYTES // 2**20} MiB", field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("CSV must be UTF-8 text", field="file") from None
