"""The SQLite label store against a real database file."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from fixtures.labels_fx import at
from taskclf.core.errors import InvalidInput, LabelNotFound
from taskclf.core.timeutil import to_us
from taskclf.labels.store import DEFAULT_LABELS, MIGRATIONS, LabelStore


def test_add_round_trips_utc_aware_values(label_store: LabelStore) -> None:
    span = label_store.add("2026-01-05T10:00:00+01:00", at(10), "Build")
    assert span.start_ts == at(9) and span.start_ts.tzinfo is not None
    assert span.end_ts == at(10) and span.label == "Build" and span.source == "user"
    assert label_store.get(span.id) == span.span
    assert span.to_json()["start_ts"] == "2026-01-05T09:00:00+00:00"


def test_list_returns_overlapping_spans_in_start_order(label_store: LabelStore) -> None:
    late = label_store.add(at(12), at(13), "Meet")
    early = label_store.add(at(9), at(10), "Build")
    label_store.add(at(20), at(21), "Write")
    assert [s.id for s in label_store.list()] == [early.id, late.id, label_store.list()[2].id]
    assert [s.id for s in label_store.list(at(9.5), at(12))] == [early.id]  # [start, end)
    assert [s.id for s in label_store.list(at(10), at(12.5))] == [late.id]


def test_update_revalidates_the_whole_span(label_store: LabelStore) -> None:
    span = label_store.add(at(9), at(10), "Build")
    changed = label_store.update(span.id, label=" Debug ")
    assert changed.label == "Debug" and changed.start_ts == span.start_ts
    assert changed.created_at == span.created_at and changed.updated_at >= span.updated_at
    with pytest.raises(InvalidInput, match="end_ts must be after start_ts"):
        label_store.update(span.id, start_ts=at(11))
    assert label_store.get(span.id).label == "Debug"


def test_unknown_ids_raise_label_not_found(label_store: LabelStore) -> None:
    for bad in (12345, 0, -1, 2**70):
        with pytest.raises(LabelNotFound):
            label_store.delete(bad)
        with pytest.raises(LabelNotFound):
            label_store.update(bad, label="x")


def test_delete_removes(label_store: LabelStore) -> None:
    span = label_store.add(at(9), at(10), "Build")
    label_store.delete(span.id)
    assert label_store.list() == []


@pytest.mark.parametrize(
    ("start", "end", "label", "message"),
    [
        (at(10), at(10), "Build", "end_ts must be after start_ts"),
        (at(10), at(9), "Build", "end_ts must be after start_ts"),
        ("2026-01-05T09:00:00", at(10), "Build", "start_ts needs a UTC offset"),
        (datetime(2026, 1, 5, 9), at(10), "Build", "start_ts needs a UTC offset"),
        ("NaN", at(10), "Build", "start_ts is not an ISO-8601"),
        (float("nan"), at(10), "Build", "start_ts is NaN"),
        (at(9), "tomorrow", "Build", "end_ts is not an ISO-8601"),
        (at(9), 12, "Build", "end_ts must be an ISO-8601"),
        ("1900-01-01T00:00:00Z", at(10), "Build", "between 1970"),
        (at(9), at(10), "", "label must not be empty"),
        (at(9), at(10), "   ", "label must not be empty"),
        (at(9), at(10), "x" * 65, "longer than 64"),
        (at(9), at(10), "Bu\x00ild", "control"),
        (at(9), at(10), "a\nb", "control"),
        (at(9), at(10), None, "label must be a string"),
    ],
)
def test_bad_input_names_the_field(
    label_store: LabelStore, start: object, end: object, label: object, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as info:
        label_store.add(start, end, label)  # type: ignore[arg-type]
    assert info.value.field in {"start_ts", "end_ts", "label"}
    assert label_store.count() == 0


def test_any_label_name_is_accepted_and_defaults_are_offered(label_store: LabelStore) -> None:
    assert "Build" in DEFAULT_LABELS and len(DEFAULT_LABELS) == 8
    assert label_store.add(at(9), at(10), "Gärtnern 🌱").label == "Gärtnern 🌱"


def test_span_arrays_feed_the_projection(label_store: LabelStore) -> None:
    label_store.add(at(9), at(10), "Build")
    label_store.add(at(11), at(12), "Meet")
    starts, ends, labels = label_store.span_arrays(at(0), at(10.5))
    assert starts.dtype == np.int64 and ends.dtype == np.int64 and labels.dtype == object
    assert labels.tolist() == ["Build"]
    assert ends[0] - starts[0] == 3_600_000_000


def test_conflicts_report_different_label_overlaps_only(label_store: LabelStore) -> None:
    a = label_store.add(at(9), at(11), "Build")
    b = label_store.add(at(10), at(12), "Meet")
    label_store.add(at(9.5), at(9.75), "Build")
    label_store.add(at(11), at(13), "Meet")  # touches a, overlaps b (same label)
    [region] = label_store.conflicts()
    assert (region.start_us, region.end_us) == (to_us(at(10)), to_us(at(11)))
    assert region.labels == ("Build", "Meet") and region.span_ids == (a.id, b.id)


def test_stats_counts_minutes_per_label_clipped_and_without_double_counting(
    label_store: LabelStore,
) -> None:
    label_store.add(at(9), at(10), "Build")
    label_store.add(at(9.5), at(10.5), "Build")
    label_store.add(at(23), at(25), "Meet")
    assert label_store.stats() == {"Build": 90.0, "Meet": 120.0}
    assert label_store.stats(at(0), at(24)) == {"Build": 90.0, "Meet": 60.0}


def test_csv_import_is_all_or_nothing_and_names_the_line(label_store: LabelStore) -> None:
    good = "start_ts,end_ts,label\n2026-01-05T09:00:00Z,2026-01-05T10:00:00Z,Build\n"
    bad = good + "\n2026-01-05T11:00:00Z,2026-01-05T10:00:00Z,Meet\n"
    with pytest.raises(InvalidInput, match="CSV line 4: end_ts must be after start_ts"):
        label_store.import_csv(bad)
    assert label_store.count() == 0
    imported = label_store.import_csv(good)
    assert [s.source for s in imported.spans] == ["import"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: header"),
        ("start,end,label\n", "line 1: header"),
        ("start_ts,end_ts,label\n2026-01-05T09:00:00Z,2026-01-05T10:00:00Z\n", "line 2: expected"),
        ('start_ts,end_ts,label\n"2026-01-05T09:00:00Z,x,y\n', "CSV line"),
        ("start_ts,end_ts,label\n2026-01-05T09:00:00,2026-01-05T10:00:00Z,A\n", "line 2: start"),
        ("start_ts,end_ts,label\x00\n", "NUL"),
    ],
)
def test_malformed_csv_is_rejected(label_store: LabelStore, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        label_store.import_csv(text)
    assert label_store.count() == 0


def test_csv_export_import_round_trip(label_store: LabelStore, tmp_path: Path) -> None:
    label_store.add(at(9), at(10) + timedelta(microseconds=5), 'Build, "fast"')
    label_store.add("2026-01-05T12:00:00-05:00", at(18), "Meet")
    text = label_store.export_csv()
    assert text.splitlines()[0] == "start_ts,end_ts,label"
    with LabelStore(tmp_path / "other.sqlite3") as other:
        other.import_csv(text)
        key = [(s.start_ts, s.end_ts, s.label) for s in label_store.list()]
        assert [(s.start_ts, s.end_ts, s.label) for s in other.list()] == key
        assert other.export_csv() == text


def test_reopen_keeps_data_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with LabelStore(path) as store:
        span = store.add(at(9), at(10), "Build")
    with LabelStore(path) as store:
        assert store.get(span.id) == span.span
    conn = sqlite3.connect(path)
    assert conn.execute(
        "SELECT version FROM schema_version WHERE component='labels'"
    ).fetchone() == (len(MIGRATIONS),)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    plan = " ".join(
        str(row)
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM label_spans WHERE start_us < 5 AND end_us > 1"
        )
    )
    assert "USING INDEX" in plan
    conn.close()


def test_threads_can_share_one_store(label_store: LabelStore) -> None:
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(20):
                start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=offset * 100 + i)
                label_store.add(start, start + timedelta(minutes=30), f"T{offset}")
                label_store.list()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert label_store.count() == 80
