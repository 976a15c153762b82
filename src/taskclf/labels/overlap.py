"""What happens when a new or moved span shares time with spans of another label.

Overlapping labels make their minutes "conflicting", and the projection drops them from
training: a silent overlap can cost a model dozens of minutes. So the person chooses:
``refuse`` (the default of every face: nothing is written and the answer names the spans),
``replace`` (the older spans are trimmed, or split in two, so that the new one wins) or
``keep_both`` (stored as given). Same-label overlaps change nothing a model sees and pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from taskclf.core.errors import InvalidInput, LabelOverlap
from taskclf.core.timeutil import MINUTE_US, from_us
from taskclf.labels.history import Change, Row

OnOverlap = Literal["refuse", "replace", "keep_both"]
CHOICES: tuple[str, ...] = get_args(OnOverlap)
NAMED_IN_MESSAGE = 5  # the message names the first few; ``overlaps`` lists them all
ADVICE = "send on_overlap=replace (the new span wins) or keep_both"


@dataclass(frozen=True)
class Placed:
    """Where a span went: its id (0 when refused), whether it was already there, and the
    spans with another label it overlaps (already trimmed, kept, or the reason it was refused)."""

    span_id: int
    duplicate: bool
    conflicts: list[Row]


def check_choice(value: object) -> OnOverlap:
    if value not in CHOICES:
        raise InvalidInput(f"on_overlap must be one of {', '.join(CHOICES)}", field="on_overlap")
    return value  # type: ignore[return-value]


def place(
    change: Change, start_us: int, end_us: int, label: str, source: str, on_overlap: OnOverlap
) -> Placed:
    """Insert a span unless it is an exact duplicate or refused for its overlaps."""
    duplicate = change.duplicate_of(start_us, end_us, label)
    if duplicate is not None:
        return Placed(duplicate, True, [])
    if on_overlap == "keep_both":  # nothing to decide: skip the search (5,000 stacked spans)
        return Placed(change.insert(start_us, end_us, label, source), False, [])
    conflicts = _other_labels(change, start_us, end_us, label, None)
    if conflicts and on_overlap == "refuse":
        return Placed(0, False, conflicts)
    if on_overlap == "replace":
        make_room(change, conflicts, start_us, end_us)
    return Placed(change.insert(start_us, end_us, label, source), False, conflicts)


def move(
    change: Change, row: Row, start_us: int, end_us: int, label: str, on_overlap: OnOverlap
) -> list[Row]:
    """Give an existing span new bounds or label; the overlaps refused (nothing written)."""
    conflicts = []
    if on_overlap != "keep_both":
        conflicts = _other_labels(change, start_us, end_us, label, row[0])
    if conflicts and on_overlap == "refuse":
        return conflicts
    if on_overlap == "replace":
        make_room(change, conflicts, start_us, end_us)
    change.update(row, start_us, end_us, label)
    return []


def make_room(change: Change, rows: list[Row], start_us: int, end_us: int) -> None:
    """Cut ``[start_us, end_us)`` out of each row: trimmed, deleted when nothing is left, or
    split in two (the right part a new span with the same label and source)."""
    for row in rows:
        pieces = remaining(row[1], row[2], start_us, end_us)
        if not pieces:
            change.delete(row)
            continue
        change.update(row, pieces[0][0], pieces[0][1], row[3])
        if len(pieces) == 2:
            change.insert(pieces[1][0], pieces[1][1], row[3], row[4])


def remaining(old_start: int, old_end: int, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of ``[old_start, old_end)`` outside ``[start, end)``, left to right."""
    parts = [(old_start, min(old_end, start)), (max(old_start, end), old_end)]
    return [(lo, hi) for lo, hi in parts if hi > lo]


def refusal(conflicts: list[Row]) -> LabelOverlap:
    """409: ``overlaps N span(s) with another label: …`` and the spans, for a face to offer
    the choice."""
    named = "; ".join(describe(row) for row in conflicts[:NAMED_IN_MESSAGE])
    more = len(conflicts) - NAMED_IN_MESSAGE
    named += f"; and {more} more" if more > 0 else ""
    return LabelOverlap(
        f"overlaps {len(conflicts)} span(s) with another label: {named}; {ADVICE}",
        field="on_overlap",
        extra={"overlaps": [row_json(row) for row in conflicts]},
    )


def describe(row: Row) -> str:
    """``span 7 'Build' 2026-01-05 09:00–10:00 UTC`` (seconds shown only when not zero)."""
    return f"span {row[0]} '{row[3]}' {when(row[1], row[2])}"


def when(start_us: int, end_us: int) -> str:
    start, end = from_us(start_us), from_us(end_us)
    fmt = "%H:%M:%S" if (start_us % MINUTE_US or end_us % MINUTE_US) else "%H:%M"
    tail = end.strftime(fmt) if end.date() == start.date() else end.strftime(f"%Y-%m-%d {fmt}")
    return f"{start.strftime(f'%Y-%m-%d {fmt}')}–{tail} UTC"


def row_json(row: Row) -> dict[str, Any]:
    return {
        "id": row[0],
        "start_ts": from_us(row[1]).isoformat(),
        "end_ts": from_us(row[2]).isoformat(),
        "label": row[3],
    }


def _other_labels(
    change: Change, start_us: int, end_us: int, label: str, exclude: int | None
) -> list[Row]:
    return [row for row in change.overlapping(start_us, end_us, exclude) if row[3] != label]
