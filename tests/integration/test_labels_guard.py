"""The store and the API guard their user: overlaps with another label are refused unless the
caller chooses replace or keep_both, duplicates are skipped, slips get warnings, and every
change (an import as one) can be undone, also after reopening the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.labels_fx import at
from taskclf.core.errors import LabelOverlap, NothingToUndo
from taskclf.labels.store import LabelStore


def spans(store: LabelStore) -> list[tuple[float, float, str]]:
    hour = 3600.0
    return [
        ((s.start_ts - at(0)).total_seconds() / hour, (s.end_ts - at(0)).total_seconds() / hour,
         s.label)
        for s in store.list()
    ]  # fmt: skip


def test_refuse_names_the_spans_and_writes_nothing(label_store: LabelStore) -> None:
    build = label_store.add(at(9), at(12), "Build")
    label_store.add(at(13), at(14), "Meet")
    with pytest.raises(LabelOverlap) as refused:
        label_store.add(at(10), at(13.5), "Meet", on_overlap="refuse")
    assert refused.value.message.startswith("overlaps 1 span(s) with another label: span 1")
    assert refused.value.extra["overlaps"] == [
        {"id": build.id, "start_ts": at(9).isoformat(), "end_ts": at(12).isoformat(),
         "label": "Build"}
    ]  # fmt: skip
    assert spans(label_store) == [(9, 12, "Build"), (13, 14, "Meet")]
    same = label_store.add(at(11), at(12.5), "Build", on_overlap="refuse")  # same label: fine
    assert not same.duplicate and len(label_store.list()) == 3


def test_replace_splits_trims_and_removes(label_store: LabelStore) -> None:
    label_store.add(at(9), at(12), "Build")
    label_store.add(at(12), at(13), "Write")
    label_store.add(at(13), at(14), "Debug")
    saved = label_store.add(at(10), at(13.5), "Meet", on_overlap="replace")
    assert spans(label_store) == [(9, 10, "Build"), (10, 13.5, "Meet"), (13.5, 14, "Debug")]
    assert len(saved.changed_ids) == 4  # new span, trimmed Build, removed Write, trimmed Debug
    inside = label_store.add(at(9.25), at(9.5), "Review", on_overlap="replace")
    assert spans(label_store)[:3] == [(9, 9.25, "Build"), (9.25, 9.5, "Review"), (9.5, 10, "Build")]
    label_store.undo()
    label_store.undo()
    assert inside.id not in {s.id for s in label_store.list()}
    assert spans(label_store) == [(9, 12, "Build"), (12, 13, "Write"), (13, 14, "Debug")]


def test_update_meets_the_same_rules(label_store: LabelStore) -> None:
    build = label_store.add(at(9), at(10), "Build")
    meet = label_store.add(at(11), at(12), "Meet")
    with pytest.raises(LabelOverlap):
        label_store.update(meet.id, start_ts=at(9.5), on_overlap="refuse")
    label_store.update(meet.id, end_ts=at(11.5), on_overlap="refuse")  # only itself in the way
    label_store.update(meet.id, start_ts=at(9.5), on_overlap="replace")
    assert spans(label_store) == [(9, 9.5, "Build"), (9.5, 11.5, "Meet")]
    label_store.update(build.id, label="Meet", on_overlap="keep_both")
    label_store.undo()
    assert label_store.get(build.id).label == "Build"


def test_duplicates_and_warnings(label_store: LabelStore) -> None:
    first = label_store.add(at(9), at(10), "Build")
    again = label_store.add(at(9), at(10), "Build", on_overlap="refuse")
    assert again.duplicate and again.id == first.id and label_store.count() == 1
    odd = label_store.add(at(11), at(11) + (at(0.01) - at(0)), "Biuld")
    assert odd.warnings == [
        "shorter than one minute: it can never label a minute",
        "'Biuld' looks like 'Build'",
    ]
    assert set(label_store.names()[:2]) == {"Biuld", "Build"}


CSV = "start_ts,end_ts,label\n"


def row(a: float, b: float, label: str) -> str:
    return f"{at(a).isoformat()},{at(b).isoformat()},{label}\n"


def test_import_is_one_change_and_skips_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "labels.sqlite3"
    with LabelStore(path) as store:
        store.add(at(8), at(9), "Build")
        with pytest.raises(LabelOverlap) as refused:
            store.import_csv(
                CSV + row(8.5, 10, "Meet") + row(9.5, 11, "Write"), on_overlap="refuse"
            )
        assert [o["line"] for o in refused.value.extra["overlaps"]] == [2, 3]
        assert refused.value.extra["overlaps"][1]["with_line"] == 2
        assert store.count() == 1
        done = store.import_csv(
            CSV + row(8, 9, "Build") + row(10, 11, "Meet") + row(10, 11, "Meet")
        )
        assert (len(done.spans), done.skipped_duplicates) == (1, 2)
    with LabelStore(path) as reopened:  # the history survives a restart
        undone = reopened.undo()
        assert undone.what == "imported 1 span(s)" and len(undone.changed_ids) == 1
        assert spans(reopened) == [(8, 9, "Build")]
        reopened.undo()
        with pytest.raises(NothingToUndo):
            reopened.undo()
        assert reopened.count() == 0


def test_api_guard_end_to_end(labels_client: TestClient) -> None:
    def post(label: str, a: str, b: str, **extra: Any) -> Any:
        body = {"start_ts": f"2026-01-05T{a}Z", "end_ts": f"2026-01-05T{b}Z", "label": label}
        return labels_client.post("/api/labels", json=body | extra)

    first = post("Build", "09:00:00", "12:00:00")
    assert first.status_code == 201 and first.json()["warnings"] == []
    assert first.json()["source"] == "user"
    refused = post("Meet", "10:00:00", "11:00:00")
    assert refused.status_code == 409 and refused.json()["field"] == "on_overlap"
    assert [o["id"] for o in refused.json()["overlaps"]] == [first.json()["id"]]
    split = post("Meet", "10:00:00", "11:00:00", on_overlap="replace", source="suggestion")
    assert split.status_code == 201 and split.json()["source"] == "suggestion"
    listed = labels_client.get("/api/labels").json()
    assert [(s["label"], s["start_ts"][11:16]) for s in listed] == [
        ("Build", "09:00"), ("Meet", "10:00"), ("Build", "11:00")
    ]  # fmt: skip
    dup = post("Meet", "10:00:00", "11:00:00")
    assert dup.status_code == 200 and dup.json()["duplicate"] is True
    short = post("Biuld", "13:00:00", "13:00:30")
    assert short.status_code == 201 and len(short.json()["warnings"]) == 2
    names = labels_client.get("/api/labels/names").json()["labels"]
    assert names[0] == "Build" and "Biuld" in names and "BreakIdle" in names
    csv = CSV.replace("\n", "\r\n") + "2026-01-05T14:00:00Z,2026-01-05T15:00:00Z,Write\n"
    imported = labels_client.post(
        "/api/labels/import", content=csv, headers={"content-type": "text/csv"}
    )
    assert imported.status_code == 201 and imported.json()["skipped_duplicates"] == 0
    undone = [labels_client.post("/api/labels/undo").json()["undone"] for _ in range(3)]
    assert undone[0] == "imported 1 span(s)"
    assert undone[2].endswith("'Meet' 2026-01-05 10:00–11:00 UTC, replacing parts of 1 span(s)")
    assert len(labels_client.get("/api/labels").json()) == 1
    bus = labels_client.app.state.bus.snapshot()  # type: ignore[attr-defined]
    assert bus["labels_changed"]["action"] == "undone"
    labels_client.post("/api/labels/undo")
    empty = labels_client.post("/api/labels/undo")
    assert empty.status_code == 409 and empty.json() == {"detail": "nothing to undo", "field": None}
