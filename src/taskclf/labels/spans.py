"""The values the label store hands out: spans, and the outcome of each kind of change.

Each knows its REST shape (``to_json``) so the API and the CLI describe them alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from taskclf.core.timeutil import from_us, to_us
from taskclf.labels.history import Row
from taskclf.labels.overlap import describe

__all__ = ["Imported", "LabelSpan", "Row", "Saved", "Undone", "as_row", "said"]


@dataclass(frozen=True)
class LabelSpan:
    id: int
    start_ts: datetime
    end_ts: datetime
    label: str
    source: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Row) -> LabelSpan:
        span_id, start, end, label, source, created, updated = row
        return cls(
            span_id, from_us(start), from_us(end), label, source, from_us(created), from_us(updated)
        )

    def to_json(self) -> dict[str, object]:
        """The REST shape: ISO-8601 strings with an explicit ``+00:00`` offset."""
        return {
            "id": self.id,
            "start_ts": self.start_ts.isoformat(),
            "end_ts": self.end_ts.isoformat(),
            "label": self.label,
            "source": self.source,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class Saved(LabelSpan):
    """A span as stored, with advice about it; ``changed_ids`` also names the spans a
    ``replace`` trimmed, split or removed. ``duplicate``: it was there already, unchanged."""

    warnings: list[str] = field(default_factory=list)
    duplicate: bool = False
    changed_ids: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, span: LabelSpan, warnings: list[str], duplicate: bool, ids: list[int]) -> Saved:
        return cls(
            **{f.name: getattr(span, f.name) for f in fields(LabelSpan)},
            warnings=warnings,
            duplicate=duplicate,
            changed_ids=ids,
        )

    @property
    def span(self) -> LabelSpan:
        return LabelSpan(**{f.name: getattr(self, f.name) for f in fields(LabelSpan)})

    def to_json(self) -> dict[str, object]:
        return {**super().to_json(), "warnings": self.warnings, "duplicate": self.duplicate}


@dataclass(frozen=True)
class Imported:
    spans: list[LabelSpan]
    skipped_duplicates: int
    warnings: list[str]
    changed_ids: list[int]

    def to_json(self) -> dict[str, object]:
        return {
            "imported": len(self.spans),
            "skipped_duplicates": self.skipped_duplicates,
            "spans": [span.to_json() for span in self.spans],
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class Undone:
    what: str
    changed_ids: list[int]

    def to_json(self) -> dict[str, object]:
        return {"undone": self.what, "changed_ids": self.changed_ids}


def as_row(span: LabelSpan) -> Row:
    return (
        span.id,
        to_us(span.start_ts),
        to_us(span.end_ts),
        span.label,
        span.source,
        to_us(span.created_at),
        to_us(span.updated_at),
    )


def said(span: LabelSpan) -> str:
    return describe(as_row(span))
