"""Conflict regions: stretches of time where spans with different labels overlap.

The projection drops those minutes, so a person needs to see where they are. Listing pairs of
spans grows with the square of the overlap (1,000 mutually overlapping spans were ~500,000
pairs, a 150 MB answer); a region per merged stretch grows with the spans, and one sweep over
sorted start and end events finds them all in O(n log n).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from taskclf.core.timeutil import from_us

MAX_IDS = 50  # span ids listed per region; ``span_count`` still counts them all
_END, _START = 0, 1  # at one instant ends go first: [a, t) and [t, b) do not overlap

Span = tuple[int, int, int, str]  # (id, start_us, end_us, label), end after start


@dataclass(frozen=True)
class ConflictRegion:
    """A maximal stretch where the spans covering each instant carry two or more labels."""

    start_us: int
    end_us: int
    labels: tuple[str, ...]  # sorted, distinct
    span_ids: tuple[int, ...]  # the first MAX_IDS overlapping spans, by start
    span_count: int

    def to_json(self) -> dict[str, object]:
        return {
            "start_ts": from_us(self.start_us).isoformat(),
            "end_ts": from_us(self.end_us).isoformat(),
            "labels": list(self.labels),
            "span_ids": list(self.span_ids),
            "span_count": self.span_count,
        }


@dataclass
class _Open:
    """The region being swept: every span open at its start or starting inside it."""

    start_us: int
    labels: set[str]
    ids: list[int]
    count: int

    def add(self, span_id: int, label: str) -> None:
        self.labels.add(label)
        self.count += 1
        if len(self.ids) < MAX_IDS:
            self.ids.append(span_id)

    def close(self, end_us: int) -> ConflictRegion:
        return ConflictRegion(
            self.start_us, end_us, tuple(sorted(self.labels)), tuple(self.ids), self.count
        )


def conflict_regions(spans: Sequence[Span]) -> list[ConflictRegion]:
    """Regions in time order. Spans with one label never conflict, however they overlap; a
    region opens when a second label becomes active and closes when only one (or none) is
    left. A span overlapping a region is either open when it opens or starts inside it, so
    each region costs the spans starting in it plus at most ``MAX_IDS``."""
    order = sorted(range(len(spans)), key=lambda k: (spans[k][1], spans[k][2], spans[k][0]))
    events = sorted(
        [(spans[k][2], _END, rank, k) for rank, k in enumerate(order)]
        + [(spans[k][1], _START, rank, k) for rank, k in enumerate(order)]
    )
    per_label: dict[str, int] = {}
    active: dict[int, None] = {}  # span index -> None, kept in start order
    regions: list[ConflictRegion] = []
    current: _Open | None = None
    i = 0
    while i < len(events):
        moment, starters = events[i][0], []
        while i < len(events) and events[i][0] == moment:
            _, kind, _, k = events[i]
            i += 1
            if kind == _START:
                active[k] = None
                per_label[spans[k][3]] = per_label.get(spans[k][3], 0) + 1
                starters.append(k)
            else:
                del active[k]
                _leave(per_label, spans[k][3])
        if len(per_label) < 2:
            if current is not None:
                regions.append(current.close(moment))
                current = None
        elif current is None:
            ids = [spans[k][0] for k in islice(active, MAX_IDS)]
            current = _Open(moment, set(per_label), ids, len(active))
        else:
            for k in starters:
                current.add(spans[k][0], spans[k][3])
    return regions


def _leave(per_label: dict[str, int], label: str) -> None:
    """Only labels still active stay as keys, so ``len`` is the number of labels now."""
    left = per_label[label] - 1
    if left:
        per_label[label] = left
    else:
        del per_label[label]
