"""A CSV import as one change: every row placed by the same overlap rules as a single span.

Rows are applied in file order inside the store's one transaction, so a later row meets the
earlier ones as spans: a file that overlaps itself is judged like one that overlaps the store.
Under ``refuse`` every overlapping row is collected before anything is refused (the answer
names them all, with their line numbers) and the transaction rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from taskclf.core.errors import LabelOverlap
from taskclf.core.timeutil import to_us
from taskclf.labels import advice
from taskclf.labels.history import Change, Row
from taskclf.labels.overlap import ADVICE, NAMED_IN_MESSAGE, OnOverlap, place, row_json, when

MAX_WARNINGS = 20  # a file of 5,000 short rows needs one line of advice, not 5,000
MAX_LISTED = 1000  # overlaps listed in a refusal; ``overlap_count`` says how many in all
CheckedRow = tuple[int, datetime, datetime, str]  # (line, start, end, label)


@dataclass(frozen=True)
class Placement:
    span_ids: list[int]  # the spans made from the file's rows, in file order
    skipped_duplicates: int


def import_rows(
    change: Change, rows: list[CheckedRow], source: str, on_overlap: OnOverlap
) -> Placement:
    lines: dict[int, int] = {}  # span id made here -> its CSV line
    refused: list[tuple[int, list[Row]]] = []
    skipped = 0
    for line, start, end, label in rows:
        lo, hi = to_us(start), to_us(end)
        placed = place(change, lo, hi, label, source, on_overlap)
        if placed.duplicate:
            skipped += 1
            continue
        span_id = placed.span_id
        if span_id == 0:  # refused: stored for now, so later rows see it; rolled back below
            refused.append((line, placed.conflicts))
            span_id = change.insert(lo, hi, label, source)
        lines[span_id] = line
    if refused:
        raise refusal(refused, lines)
    return Placement(list(lines), skipped)


def warnings(rows: list[CheckedRow], known: list[str]) -> list[str]:
    """Short rows, and each new label that looks like another known or in-file label, by
    line; at most ``MAX_WARNINGS`` lines plus how many more there were."""
    found = [
        (line, advice.MSG_SHORT)
        for line, start, end, _ in rows
        if advice.short_span(to_us(start), to_us(end))
    ]
    first_line: dict[str, int] = {}
    for line, _, _, label in rows:
        first_line.setdefault(label, line)
    seen = set(known)
    names = [*known, *(label for label in first_line if label not in seen)]
    for label, line in first_line.items():
        near = None if label in seen else advice.lookalike(label, [n for n in names if n != label])
        if near:
            found.append((line, near))
    out = [f"line {line}: {text}" for line, text in sorted(found)]
    if len(out) > MAX_WARNINGS:
        out = [*out[:MAX_WARNINGS], f"and {len(out) - MAX_WARNINGS} more warnings"]
    return out


def refusal(refused: list[tuple[int, list[Row]]], lines: dict[int, int]) -> LabelOverlap:
    entries = [_entry(line, row, lines) for line, rows in refused for row in rows]
    named = "; ".join(_describe(entry) for entry in entries[:NAMED_IN_MESSAGE])
    more = len(entries) - NAMED_IN_MESSAGE
    named += f"; and {more} more" if more > 0 else ""
    return LabelOverlap(
        f"{len(refused)} line(s) overlap spans with another label: {named}; nothing was "
        f"imported; {ADVICE}",
        field="on_overlap",
        extra={"overlaps": entries[:MAX_LISTED], "overlap_count": len(entries)},
    )


def _entry(line: int, row: Row, lines: dict[int, int]) -> dict[str, Any]:
    """The overlapped span; when it is another row of the same file, its line instead of an
    id (nothing of the file was stored)."""
    other_line = lines.get(row[0])
    base = row_json(row)
    if other_line is not None:
        base["id"] = None
    return {"line": line, **base, "with_line": other_line}


def _describe(entry: dict[str, Any]) -> str:
    start, end = to_us(_ts(entry["start_ts"])), to_us(_ts(entry["end_ts"]))
    other = f"line {entry['with_line']}" if entry["id"] is None else f"span {entry['id']}"
    return f"line {entry['line']} overlaps {other} '{entry['label']}' {when(start, end)}"


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text)
