"""Every change to the label spans, recorded so that the last one can be undone.

A change (an add, an edit, a delete, the trims a ``replace`` makes, a whole CSV import) writes
its spans through one ``Change``, which remembers the ids it created and each row it modified
or deleted as that row was before. ``record`` stores that in ``label_history`` inside the
change's own transaction, so a crash keeps both or neither. Undo deletes the created ids and
puts the remembered rows back, ids included, so ids a page holds stay valid.
"""

from __future__ import annotations

import json
import sqlite3

from taskclf.core.errors import NothingToUndo

COLUMNS = "id, start_us, end_us, label, source, created_us, updated_us"
Row = tuple[int, int, int, str, str, int, int]
KEEP_CHANGES = 500  # older changes cannot be undone; enough for any undo streak by hand

MIGRATION = """
    CREATE TABLE label_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at_us INTEGER NOT NULL,
        what TEXT NOT NULL,
        created_ids TEXT NOT NULL,
        before_rows TEXT NOT NULL
    );
    CREATE INDEX label_spans_length ON label_spans (end_us - start_us)
"""


class Change:
    """Writes of one change on an open transaction, with what undo needs to revert them."""

    def __init__(self, conn: sqlite3.Connection, now_us: int) -> None:
        self.conn = conn
        self.now_us = now_us
        self.created: list[int] = []
        self.before: dict[int, Row] = {}
        self._longest: int | None = None

    def insert(self, start_us: int, end_us: int, label: str, source: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO label_spans (start_us, end_us, label, source, created_us, updated_us) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (start_us, end_us, label, source, self.now_us, self.now_us),
        )
        assert cursor.lastrowid is not None
        self.created.append(cursor.lastrowid)
        self._grown(end_us - start_us)
        return cursor.lastrowid

    def update(self, row: Row, start_us: int, end_us: int, label: str) -> None:
        self._remember(row)
        self.conn.execute(
            "UPDATE label_spans SET start_us = ?, end_us = ?, label = ?, updated_us = ? "
            "WHERE id = ?",
            (start_us, end_us, label, self.now_us, row[0]),
        )
        self._grown(end_us - start_us)

    def delete(self, row: Row) -> None:
        self._remember(row)
        self.conn.execute("DELETE FROM label_spans WHERE id = ?", (row[0],))

    def overlapping(self, start_us: int, end_us: int, exclude: int | None = None) -> list[Row]:
        """Rows sharing some time with ``[start_us, end_us)``, oldest first.

        The lower bound on ``start_us`` (no span is longer than the longest) lets the start
        index answer in O(log n + hits) instead of scanning every earlier span."""
        rows = self.conn.execute(
            f"SELECT {COLUMNS} FROM label_spans WHERE start_us < ? AND start_us >= ? "
            "AND end_us > ? AND id != ? ORDER BY start_us, end_us, id",
            (end_us, start_us - self.longest(), start_us, -1 if exclude is None else exclude),
        ).fetchall()
        return [tuple(row) for row in rows]

    def duplicate_of(self, start_us: int, end_us: int, label: str) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM label_spans WHERE start_us = ? AND end_us = ? AND label = ? "
            "ORDER BY id LIMIT 1",
            (start_us, end_us, label),
        ).fetchone()
        return None if row is None else int(row[0])

    def longest(self) -> int:
        if self._longest is None:
            row = self.conn.execute("SELECT max(end_us - start_us) FROM label_spans").fetchone()
            self._longest = int(row[0] or 0)
        return self._longest

    @property
    def changed_ids(self) -> list[int]:
        return sorted({*self.created, *self.before})

    def record(self, what: str) -> None:
        """Store this change for undo (nothing when it changed nothing); keep the newest few."""
        if not self.created and not self.before:
            return
        self.conn.execute(
            "INSERT INTO label_history (at_us, what, created_ids, before_rows) VALUES (?, ?, ?, ?)",
            (self.now_us, what, json.dumps(self.created), json.dumps(list(self.before.values()))),
        )
        self.conn.execute(
            "DELETE FROM label_history WHERE id <= (SELECT max(id) FROM label_history) - ?",
            (KEEP_CHANGES,),
        )

    def _remember(self, row: Row) -> None:
        """The first image of a row this change touches is the one undo restores; rows the
        change itself created are simply deleted by undo."""
        if row[0] not in self.before and row[0] not in self.created:
            self.before[row[0]] = row

    def _grown(self, length: int) -> None:
        self._longest = max(self.longest(), length)


def undo_last(conn: sqlite3.Connection) -> tuple[str, list[int]]:
    """Revert the newest recorded change on an open transaction: (what it was, ids touched)."""
    found = conn.execute(
        "SELECT id, what, created_ids, before_rows FROM label_history ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if found is None:
        raise NothingToUndo("nothing to undo")
    change_id, what, created_json, before_json = found
    created: list[int] = json.loads(created_json)
    before: list[list[object]] = json.loads(before_json)
    conn.executemany("DELETE FROM label_spans WHERE id = ?", [(i,) for i in created])
    conn.executemany(
        f"INSERT OR REPLACE INTO label_spans ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [tuple(row) for row in before],
    )
    conn.execute("DELETE FROM label_history WHERE id = ?", (change_id,))
    return what, sorted({*created, *(int(row[0]) for row in before)})  # type: ignore[call-overload]
