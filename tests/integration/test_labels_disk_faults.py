"""Label writes on a full or read-only disk answer the usual error shape and lose nothing.

Where the machine allows it (root, ``mount`` works) the disk is a real small tmpfs: it is filled
with a ballast file, or remounted read-only. Everywhere, the same tests also run against an
injected fault at the SQLite boundary: a real connection whose statements fail the way SQLite
fails on ENOSPC (COMMIT reports SQLITE_FULL after SQLite rolled back itself) or on a read-only
disk (the first write reports SQLITE_READONLY).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from taskclf.api.app import create_app
from taskclf.cli.app import app as cli_app
from taskclf.core import db
from taskclf.core.errors import StorageError, StorageUnwritable
from taskclf.core.settings import load_settings
from taskclf.labels.store import LabelStore

SPAN_START, SPAN_END = "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z"


def span(hour: int, label: str = "Build") -> dict[str, str]:
    return {
        "start_ts": f"2026-01-05T{hour:02d}:00:00+00:00",
        "end_ts": f"2026-01-05T{hour:02d}:30:00+00:00",
        "label": label,
    }


def keys(spans: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(s["id"], s["start_ts"], s["end_ts"], s["label"]) for s in spans]


class FaultyConnection(sqlite3.Connection):
    """A real SQLite connection that fails like a full or a read-only disk when told to."""

    fault: str | None = None

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        verb = sql.lstrip().split(None, 1)[0].upper()
        if self.fault == "full" and verb == "COMMIT":
            super().execute("ROLLBACK")  # SQLite rolls a failed COMMIT back by itself
            raise sqlite3.OperationalError("database or disk is full")
        if self.fault == "read-only" and verb in ("INSERT", "UPDATE", "DELETE"):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return super().execute(sql, parameters)


def faulty_connect(path: Path) -> sqlite3.Connection:
    """``db.connect``'s settings on a FaultyConnection."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path, timeout=30, check_same_thread=False, isolation_level=None, factory=FaultyConnection
    )
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


class TmpfsDisk:
    """A real 1 MiB tmpfs: filled by a ballast file, or remounted read-only."""

    def __init__(self, mount: Path) -> None:
        self.data_dir = mount
        self.ballast = mount / "ballast"

    def store(self) -> LabelStore:
        return LabelStore(self.data_dir / "taskclf.sqlite3")

    def fill(self) -> None:
        fd = os.open(self.ballast, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            with pytest.raises(OSError) as info:
                for _ in range(100_000):
                    os.write(fd, b"\0" * 4096)
            assert info.value.errno == errno.ENOSPC
        finally:
            os.close(fd)

    def free(self) -> None:
        self.ballast.unlink()

    def make_read_only(self) -> None:
        done = _run("mount", "-o", "remount,ro", str(self.data_dir))
        assert done.returncode == 0, done.stderr

    def seed_killed(self, labels: list[str]) -> None:
        """A writer SIGKILLed after its commits: its -wal and -shm stay, as after a crash."""
        _seed_and_kill(self.data_dir, labels)


class InjectedDisk:
    """No mount: the label store's connection carries the fault instead."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.fault: str | None = None
        self.conn: FaultyConnection | None = None

    def store(self) -> LabelStore:
        def connect(path: Path) -> sqlite3.Connection:
            conn = faulty_connect(path)
            assert isinstance(conn, FaultyConnection)
            conn.fault, self.conn = self.fault, conn
            return conn

        return LabelStore(self.data_dir / "taskclf.sqlite3", connect=connect)

    def _set(self, fault: str | None) -> None:
        self.fault = fault
        if self.conn is not None:
            self.conn.fault = fault

    def fill(self) -> None:
        self._set("full")

    def free(self) -> None:
        self._set(None)

    def make_read_only(self) -> None:
        self._set("read-only")

    def seed_killed(self, labels: list[str]) -> None:
        _seed_and_kill(self.data_dir, labels)


Disk = TmpfsDisk | InjectedDisk

SEED = """
import sys, time
from pathlib import Path
from taskclf.api.app import create_app
from taskclf.core.settings import load_settings
settings = load_settings({"data_dir": Path(sys.argv[1]), "timezone": "UTC"}, env={},
                         config_path=Path(sys.argv[2]))
app = create_app(settings)
for hour, label in enumerate(sys.argv[3:], start=8):
    app.state.label_store.add(f"2026-01-05T{hour:02d}:00:00Z", f"2026-01-05T{hour:02d}:30:00Z",
                              label)
print("ok", flush=True)
time.sleep(60)
"""


def _seed_and_kill(data_dir: Path, labels: list[str]) -> None:
    config = data_dir.parent / f"{data_dir.name}-config.toml"
    config.write_text("")
    child = subprocess.Popen(
        [sys.executable, "-c", SEED, str(data_dir), str(config), *labels],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "ok\n", child.stderr
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB tmpfs, unmounted at the end; skipped where this machine refuses mounts."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root; the injected variant covers this machine")
    done = _run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs ({done.stderr.strip()}); the injected variant runs")
    try:
        yield mount
    finally:
        if _run("umount", str(mount)).returncode != 0:
            _run("umount", "-l", str(mount))


@pytest.fixture(params=["tmpfs", "injected"])
def disk(request: pytest.FixtureRequest, tmp_path: Path) -> Disk:
    if request.param == "injected":
        return InjectedDisk(tmp_path / "data")
    return TmpfsDisk(request.getfixturevalue("tmpfs"))


@contextmanager
def serving(disk: Disk) -> Iterator[TestClient]:
    """The real app over the disk's data dir, its label store opened through the disk."""
    config = disk.data_dir.parent / f"{disk.data_dir.name}-config.toml"
    config.write_text("")
    settings = load_settings(
        {"data_dir": disk.data_dir, "timezone": "UTC"}, env={}, config_path=config
    )
    store = disk.store()
    app = create_app(settings, label_store=store)
    try:
        # as a browser sees it: an escaped exception is a 500, not a test-side raise
        with TestClient(
            app, base_url="http://127.0.0.1:8741", raise_server_exceptions=False
        ) as client:
            yield client
    finally:
        store.close()


def assert_error(response: Any, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "field"} and body["field"] is None
    assert words in body["detail"], body["detail"]


def test_full_disk_answers_507_and_loses_nothing(disk: Disk) -> None:
    with serving(disk) as client:
        acked = [client.post("/api/labels", json=span(h)).json() for h in (8, 9, 10)]
        assert all("id" in s for s in acked), acked
        disk.fill()

        assert_error(client.post("/api/labels", json=span(11, "Lost")), 507, "disk full")
        csv = "start_ts,end_ts,label\n" + "2026-01-05T12:00:00Z,2026-01-05T13:00:00Z,Lost\n" * 2
        imported = client.post("/api/labels/import", files={"file": ("l.csv", csv, "text/csv")})
        assert_error(imported, 507, "disk full")
        assert_error(client.put(f"/api/labels/{acked[0]['id']}", json={"label": "X"}), 507, "full")
        assert_error(client.delete(f"/api/labels/{acked[1]['id']}"), 507, "disk full")
        assert keys(client.get("/api/labels").json()) == keys(acked)

        disk.free()
        later = client.post("/api/labels", json=span(14, "Later"))
        assert later.status_code == 201, later.text
        after = client.get("/api/labels").json()
        assert keys(after) == keys([*acked, later.json()])

    with LabelStore(disk.data_dir / "taskclf.sqlite3") as reopened:
        assert [s.label for s in reopened.list()] == ["Build", "Build", "Build", "Later"]
    conn = sqlite3.connect(disk.data_dir / "taskclf.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_read_only_disk_answers_507_and_still_lists(disk: Disk) -> None:
    """A disk goes read-only under a crashed server (Linux refuses the remount while a file is
    open for writing): its -wal and -shm remain, so the next server opens and can read."""
    disk.seed_killed(["Build", "Meet"])
    disk.make_read_only()
    with serving(disk) as client:
        listed = client.get("/api/labels").json()
        assert [s["label"] for s in listed] == ["Build", "Meet"]
        assert_error(client.post("/api/labels", json=span(11)), 507, "read-only")
        update = client.put(f"/api/labels/{listed[0]['id']}", json={"label": "X"})
        assert_error(update, 507, "read-only")
        assert client.get("/api/labels").json() == listed
        assert client.get("/api/labels/export").status_code == 200


def test_a_database_on_a_read_only_disk_says_so_when_it_cannot_open(
    tmpfs: Path, tmp_path: Path
) -> None:
    """A cleanly closed database leaves no -wal/-shm, which SQLite cannot create on a
    read-only disk: opening fails, and the user is told why, in one line, exit code 1."""
    with LabelStore(tmpfs / "taskclf.sqlite3") as store:
        store.add("2026-01-05T08:00:00Z", "2026-01-05T09:00:00Z", "Build")
    TmpfsDisk(tmpfs).make_read_only()
    with pytest.raises(StorageUnwritable, match=r"cannot open label database .*read-only"):
        LabelStore(tmpfs / "taskclf.sqlite3")

    config = tmp_path / "config.toml"
    config.write_text("")
    base = ["--data-dir", str(tmpfs), "--config", str(config), "--timezone", "UTC", "labels"]
    for args in (["list"], ["add", "--start", SPAN_START, "--end", SPAN_END, "--label", "X"]):
        result = CliRunner().invoke(cli_app, [*base, *args])
        assert result.exit_code == 1, result.output
        assert "read-only" in result.output and "Traceback" not in result.output


def test_a_corrupt_database_is_a_storage_error_not_a_raw_sqlite_error(tmp_path: Path) -> None:
    path = tmp_path / "taskclf.sqlite3"
    with LabelStore(path) as store:
        for hour in range(8, 12):
            store.add(f"2026-01-05T{hour:02d}:00:00Z", f"2026-01-05T{hour:02d}:30:00Z", "Build")
    conn = db.connect(path)
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'label_spans'"
    ).fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with open(path, "r+b") as raw:  # scribble over the table's first page
        raw.seek((root - 1) * page_size)
        raw.write(b"\xa5" * page_size)

    with LabelStore(path) as store:
        with pytest.raises(StorageError, match=r"could not read labels .*malformed"):
            store.list()
        with pytest.raises(StorageError, match="malformed"):
            store.add("2026-01-05T20:00:00Z", "2026-01-05T21:00:00Z", "Build")


@pytest.mark.parametrize("before", ["nothing", "a closed database", "an open database"])
def test_creating_the_tables_on_a_full_disk_says_disk_full(tmpfs: Path, before: str) -> None:
    """Opening fails where the disk runs out: creating the file, its shared-memory index
    (an I/O error to SQLite), or committing the migrations (SQLite rolls back itself)."""
    path = tmpfs / "taskclf.sqlite3"
    other = None if before == "nothing" else db.connect(path)  # e.g. the job history's
    if other is not None and before == "a closed database":
        other.close()
    disk = TmpfsDisk(tmpfs)
    disk.fill()
    try:
        with pytest.raises(StorageUnwritable, match=r"cannot open label database .*disk full"):
            LabelStore(path)
    finally:
        if other is not None:
            other.close()
    disk.free()
    with LabelStore(path) as store:
        assert store.count() == 0
