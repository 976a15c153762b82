"""A writer SIGKILLed mid-stream loses nothing it reported as committed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
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
            + "".join(f"{start.isoformat()},{(start + timedelta(seconds=30)).isoformat()},Csv\\n"
                      for _ in range(3))
        )
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
