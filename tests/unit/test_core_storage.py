"""Atomic writes and versioned SQLite migrations (the bases every store stands on)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from taskclf.core.atomic import atomic_write, atomic_write_json
from taskclf.core.db import connect, migrate


def test_atomic_write_replaces_whole_files_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.json"
    atomic_write_json(path, {"a": 1})
    atomic_write_json(path, {"a": 2})
    assert json.loads(path.read_text()) == {"a": 2}
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    atomic_write_json(path, {"old": True})

    def explode(handle: object) -> None:
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        atomic_write(path, explode)
    assert json.loads(path.read_text()) == {"old": True}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_migrations_apply_once_per_component_in_order(tmp_path: Path) -> None:
    conn = connect(tmp_path / "db.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    first = ["CREATE TABLE a (x INTEGER)"]
    migrate(conn, "alpha", first)
    migrate(conn, "alpha", first)  # already at version 1: nothing to do
    migrate(
        conn, "alpha", [*first, "ALTER TABLE a ADD COLUMN y TEXT; INSERT INTO a VALUES (1, 'z')"]
    )
    migrate(conn, "beta", ["CREATE TABLE b (x INTEGER)"])
    versions = dict(conn.execute("SELECT component, version FROM schema_version").fetchall())
    assert versions == {"alpha": 2, "beta": 1}
    assert conn.execute("SELECT x, y FROM a").fetchall() == [(1, "z")]


def test_a_failing_migration_rolls_back_with_its_version(tmp_path: Path) -> None:
    conn = connect(tmp_path / "db.sqlite3")
    migrate(conn, "alpha", ["CREATE TABLE a (x INTEGER)"])
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, "alpha", ["CREATE TABLE a (x INTEGER)", "CREATE TABLE c (x); BOGUS"])
    version = conn.execute("SELECT version FROM schema_version WHERE component='alpha'")
    assert version.fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "c" not in tables
