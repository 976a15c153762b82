"""A writer SIGKILLed mid-stream loses nothing it reported as committed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from taskclf.labels.store import LabelStore

WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from taskclf.labels.store import LabelStore

store = LabelStore(Path(sys.argv[1]))
base = datetime(2026, 1, 1, tzinfo=UTC)
i = 0
while True:
    start = base + timedelta(minutes=i)
    if i % 5 == 4:
        spans = store.import_csv(
            "start_ts,end_ts,label\\n"
            + "".join(f"{start.isoformat()},{start + timedelta(seconds=30 + k)},Csv\\n"
                      for k in range(3))
        ).spans
        ids = [s.id for s in spans]
    else:
        ids = [store.add(start, start + timedelta(minutes=1), f"L{i % 7}").id]
    print(" ".join(map(str, ids)), flush=True)
    i += 1
"""


@pytest.mark.parametrize("after", [25, 140])
def test_sigkill_during_writes_keeps_every_reported_label(tmp_path: Path, after: int) -> None:
    path = tmp_path / "taskclf.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reported: list[int] = []
    try:
        assert child.stdout is not None
        for _ in range(after):
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"writer died early: {child.stderr.read() if child.stderr else ''}")
            reported.extend(int(part) for part in line.split())
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with LabelStore(path) as store:
        present = {span.id for span in store.list()}
        assert set(reported) <= present
        # import_csv is one transaction: its spans are all present or all absent.
        csv_spans = [s for s in store.list() if s.label == "Csv"]
        assert len(csv_spans) % 3 == 0


# Each slot (two hours of its own) goes through the same changes; after each one the writer
# prints "slot step". Expected spans per step, as (start minute, end minute, label).
STEPS: list[set[tuple[int, int, str]]] = [
    {(0, 60, "Build")},  # add
    {(0, 20, "Build"), (20, 40, "Meet"), (40, 60, "Build")},  # add with replace: a split
    {(0, 20, "Build"), (20, 40, "Meet"), (40, 60, "Build"), (60, 70, "Write"), (70, 80, "Write")},
    {(0, 20, "Build"), (20, 40, "Meet"), (40, 60, "Build")},  # undo of the import
    {(0, 10, "Build"), (10, 50, "Meet"), (50, 60, "Build")},  # update with replace
    {(10, 50, "Meet"), (50, 60, "Build")},  # delete
]

CHANGER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from taskclf.labels.store import LabelStore

store = LabelStore(Path(sys.argv[1]))
base = datetime(2026, 1, 1, tzinfo=UTC)
slot = 0
while True:
    at = lambda minute: base + timedelta(hours=2 * slot, minutes=minute)
    row = lambda a, b, label: f"{at(a).isoformat()},{at(b).isoformat()},{label}\\n"
    store.add(at(0), at(60), "Build", on_overlap="refuse")
    print(slot, 0, flush=True)
    meet = store.add(at(20), at(40), "Meet", on_overlap="replace")
    print(slot, 1, flush=True)
    text = "start_ts,end_ts,label\\n" + row(60, 70, "Write") + row(70, 80, "Write")
    store.import_csv(text + row(60, 70, "Write"), on_overlap="refuse")
    print(slot, 2, flush=True)
    store.undo()
    print(slot, 3, flush=True)
    store.update(meet.id, start_ts=at(10), end_ts=at(50), on_overlap="replace")
    print(slot, 4, flush=True)
    first = min(store.list(at(0), at(120)), key=lambda span: span.start_ts)
    store.delete(first.id)
    print(slot, 5, flush=True)
    slot += 1
"""


def _slot_state(store: LabelStore, slot: int) -> set[tuple[int, int, str]]:
    base = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=2 * slot)
    minute = timedelta(minutes=1)
    return {
        ((s.start_ts - base) // minute, (s.end_ts - base) // minute, s.label)
        for s in store.list(base, base + timedelta(hours=2))
    }


@pytest.mark.parametrize("after", [3, 40, 117])
def test_sigkill_during_guarded_changes_keeps_each_change_whole(tmp_path: Path, after: int) -> None:
    """Adds with replace (splits), imports with duplicates, undo, updates and deletes: every
    acknowledged change survives, and the one in flight is all there or not at all."""
    path = tmp_path / "taskclf.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", CHANGER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    last = (0, -1)
    try:
        assert child.stdout is not None
        for _ in range(after):
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"writer died early: {child.stderr.read() if child.stderr else ''}")
            slot, step = map(int, line.split())
            last = (slot, step)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

    slot, step = last
    with LabelStore(path) as store:
        for done in range(slot):
            assert _slot_state(store, done) == STEPS[-1], done
        possible = [STEPS[step], STEPS[step + 1]] if step + 1 < len(STEPS) else [STEPS[step]]
        assert _slot_state(store, slot) in possible
        if step + 1 == len(STEPS):
            assert _slot_state(store, slot + 1) in (set(), STEPS[0])
