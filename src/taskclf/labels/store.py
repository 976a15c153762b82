"""SQLite store of label spans: the only place labels touch disk.

Timestamps are integer microseconds since the epoch (UTC) so that range queries are exact and
indexed; every change is one transaction in WAL mode, so a crash loses at most the change in
flight. One lock per store serialises threads (FastAPI runs sync handlers in a pool).
"""

from __future__ import annotations

import builtins
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import numpy as np

from taskclf.core import db
from taskclf.core.errors import InvalidInput, LabelNotFound, StorageError, StorageUnwritable
from taskclf.core.timeutil import MINUTE_US, to_us, utcnow
from taskclf.labels import advice, csvio, history, importing
from taskclf.labels.conflicts import ConflictRegion, conflict_regions
from taskclf.labels.history import Change
from taskclf.labels.overlap import OnOverlap, check_choice, move, place, refusal
from taskclf.labels.spans import Imported, LabelSpan, Row, Saved, Undone, as_row, said
from taskclf.labels.validate import (
    check_order,
    clean_label,
    clean_source,
    parse_timestamp,
)

log = logging.getLogger(__name__)

DEFAULT_LABELS: tuple[str, ...] = (
    "Build",
    "Debug",
    "Review",
    "Write",
    "ReadResearch",
    "Communicate",
    "Meet",
    "BreakIdle",
)

COMPONENT = "labels"
MIGRATIONS: tuple[str, ...] = (
    # v1
    """
    CREATE TABLE label_spans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        start_us INTEGER NOT NULL,
        end_us INTEGER NOT NULL,
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 64),
        source TEXT NOT NULL,
        created_us INTEGER NOT NULL,
        updated_us INTEGER NOT NULL,
        CHECK (end_us > start_us)
    );
    CREATE INDEX label_spans_start ON label_spans (start_us, end_us);
    CREATE INDEX label_spans_end ON label_spans (end_us)
    """,
    # v2: the change history undo reads, and indexes for overlap and name queries
    history.MIGRATION + "; CREATE INDEX label_spans_label ON label_spans (label)",
)

_COLUMNS = history.COLUMNS
Bound = datetime | str | None


class LabelStore:
    """Label spans in ``<data_dir>/taskclf.sqlite3``; safe to share between threads.

    ``connect`` is the SQLite boundary: fault tests pass one whose connection fails the way a
    full or read-only disk makes SQLite fail, where a real small disk cannot be mounted.
    """

    def __init__(
        self, db_path: Path, *, connect: Callable[[Path], sqlite3.Connection] = db.connect
    ) -> None:
        self._lock = threading.RLock()
        self._path = Path(db_path)
        try:
            self._conn = connect(self._path)
        except sqlite3.Error as exc:
            raise self._error("cannot open label database", exc) from None
        try:
            db.migrate(self._conn, COMPONENT, MIGRATIONS)
        except sqlite3.Error as exc:
            self._conn.close()
            raise self._error("cannot open label database", exc) from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> LabelStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- changes -----------------------------------------------------------------------

    def add(
        self,
        start_ts: datetime | str,
        end_ts: datetime | str,
        label: str,
        source: str = "user",
        on_overlap: OnOverlap = "keep_both",
    ) -> Saved:
        """Store one span unless the very same span exists (then that one, ``duplicate``).

        ``on_overlap`` decides about spans of another label sharing its time (see
        ``labels.overlap``); faces pass the person's choice, ``refuse`` by default. Here the
        default stores what it is given, as seeding code and tests expect."""
        start, end, name = _checked(start_ts, end_ts, label)
        lo, hi, source, choice = (
            to_us(start),
            to_us(end),
            clean_source(source),
            check_choice(on_overlap),
        )
        with self._transaction() as conn:
            notes = _notes(lo, hi, name, _known(conn))
            change = Change(conn, to_us(utcnow()))
            placed = place(change, lo, hi, name, source, choice)
            if not placed.span_id:
                raise refusal(placed.conflicts)
            span = self._get(conn, placed.span_id)
            trimmed = (
                f", replacing parts of {len(placed.conflicts)} span(s)"
                if choice == "replace"
                else ""
            )
            change.record(f"added {said(span)}{trimmed if placed.conflicts else ''}")
            return Saved.of(span, notes, placed.duplicate, change.changed_ids)

    def update(
        self,
        span_id: int,
        *,
        start_ts: datetime | str | None = None,
        end_ts: datetime | str | None = None,
        label: str | None = None,
        on_overlap: OnOverlap = "keep_both",
    ) -> Saved:
        """Change some fields; the result is re-validated as a whole (end still after start)
        and meets other spans by the same overlap rules as a new one."""
        choice = check_choice(on_overlap)
        with self._transaction() as conn:
            old = self._get(conn, span_id)
            start, end, name = _checked(
                old.start_ts if start_ts is None else start_ts,
                old.end_ts if end_ts is None else end_ts,
                old.label if label is None else label,
            )
            lo, hi = to_us(start), to_us(end)
            notes = _notes(lo, hi, name, _known(conn) if name != old.label else [name])
            if (lo, hi, name) == (to_us(old.start_ts), to_us(old.end_ts), old.label):
                return Saved.of(old, notes, False, [])
            change = Change(conn, to_us(utcnow()))
            refused = move(change, as_row(old), lo, hi, name, choice)
            if refused:
                raise refusal(refused)
            span = self._get(conn, old.id)
            change.record(f"changed {said(old)} to {said(span)}")
            return Saved.of(span, notes, False, change.changed_ids)

    def delete(self, span_id: int) -> None:
        with self._transaction() as conn:
            old = self._get(conn, span_id)
            change = Change(conn, to_us(utcnow()))
            change.delete(as_row(old))
            change.record(f"deleted {said(old)}")

    def import_csv(
        self, text: str, source: str = "import", on_overlap: OnOverlap = "keep_both"
    ) -> Imported:
        """All rows or none: every row is validated before the single transaction, and the
        whole import is one change (one undo)."""
        rows = [(row[0], *_checked_line(*row)) for row in csvio.parse_rows(text)]
        source, choice = clean_source(source), check_choice(on_overlap)
        with self._transaction() as conn:
            notes = importing.warnings(rows, _known(conn))
            change = Change(conn, to_us(utcnow()))
            placement = importing.import_rows(change, rows, source, choice)
            spans = [self._get(conn, span_id) for span_id in placement.span_ids]
            change.record(f"imported {len(spans)} span(s)")
            return Imported(spans, placement.skipped_duplicates, notes, change.changed_ids)

    def undo(self) -> Undone:
        """Revert the newest recorded change (``NothingToUndo`` when there is none)."""
        with self._transaction() as conn:
            return Undone(*history.undo_last(conn))

    # -- queries -----------------------------------------------------------------------

    def get(self, span_id: int) -> LabelSpan:
        with self._reading() as conn:
            return self._get(conn, span_id)

    def list(self, start: Bound = None, end: Bound = None) -> builtins.list[LabelSpan]:
        """Spans overlapping ``[start, end)`` (either bound may be open), oldest first."""
        return [LabelSpan.from_row(row) for row in self._rows(start, end)]

    def span_arrays(
        self, start: Bound = None, end: Bound = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(starts_us int64, ends_us int64, labels object)`` ready for ``project_labels``."""
        rows = self._rows(start, end)
        starts = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
        ends = np.fromiter((row[2] for row in rows), dtype=np.int64, count=len(rows))
        labels = np.empty(len(rows), dtype=object)
        labels[:] = [row[3] for row in rows]
        return starts, ends, labels

    def export_csv(self, start: Bound = None, end: Bound = None) -> str:
        return csvio.format_rows((s.start_ts, s.end_ts, s.label) for s in self.list(start, end))

    def count(self) -> int:
        with self._reading() as conn:
            return int(conn.execute("SELECT count(*) FROM label_spans").fetchone()[0])

    def names(self) -> builtins.list[str]:
        """Every label in use, most used first, then the defaults not used yet: what a
        picker should offer."""
        with self._reading() as conn:
            used = [row[0] for row in conn.execute(_NAMES_SQL).fetchall()]
        return used + [name for name in DEFAULT_LABELS if name not in set(used)]

    def stats(self, start: Bound = None, end: Bound = None) -> dict[str, float]:
        """Minutes per label inside ``[start, end)``; same-label overlaps are counted once."""
        lo, hi = _bounds(start, end)
        per_label: dict[str, builtins.list[tuple[int, int]]] = {}
        for row in self._rows(start, end):
            clipped = (max(row[1], lo), min(row[2], hi))
            per_label.setdefault(row[3], []).append(clipped)
        return {
            label: round(_union_length(parts) / MINUTE_US, 3)
            for label, parts in sorted(per_label.items())
        }

    def conflicts(self, start: Bound = None, end: Bound = None) -> builtins.list[ConflictRegion]:
        """Where spans with different labels overlap inside ``[start, end)`` (the projection
        drops those minutes), as merged regions clipped to the range, oldest first."""
        lo, hi = _bounds(start, end)
        rows = self._rows(start, end)
        return conflict_regions([(r[0], max(r[1], lo), min(r[2], hi), r[3]) for r in rows])

    # -- internals ---------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; any SQLite failure inside it leaves as a ``StorageError``.

        SQLite rolls some failures back by itself (a COMMIT on a full disk), so ROLLBACK runs
        only while a transaction is still open: a second one would raise past the translation.
        """
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
            except sqlite3.Error as exc:
                raise self._error("could not save labels to", exc) from None

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for a query; a SQLite failure (a corrupt file) is a ``StorageError``."""
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise self._error("could not read labels from", exc) from None

    def _rollback(self) -> None:
        """Undo what is still open; the error that led here is the one the caller reports."""
        if not self._conn.in_transaction:
            return
        try:
            self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            log.warning("rollback failed on %s", self._path, exc_info=True)

    def _error(self, action: str, exc: sqlite3.Error) -> StorageError:
        """One clear line; a full or read-only disk is the user's to fix, so it says which."""
        name = getattr(exc, "sqlite_errorname", None) or ""
        text = str(exc)
        where = f"{action} {self._path}"
        # SQLite reports some of these only as "unable to open" or an I/O error: ask the disk.
        vague = name.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR"))
        disk = _disk_state(self._path) if vague else ""
        if name == "SQLITE_FULL" or "disk is full" in text or disk == "full":
            return StorageUnwritable(f"{where}: disk full; free some space and try again")
        read_only = name.startswith("SQLITE_READONLY") or "readonly database" in text
        if read_only or disk == "read-only":
            return StorageUnwritable(f"{where}: the disk or the database file is read-only")
        return StorageError(f"{where}: {text}")

    def _get(self, conn: sqlite3.Connection, span_id: int) -> LabelSpan:
        row = conn.execute(
            f"SELECT {_COLUMNS} FROM label_spans WHERE id = ?", (_id(span_id),)
        ).fetchone()
        if row is None:
            raise LabelNotFound(f"label span {span_id} not found", field="id")
        return LabelSpan.from_row(row)

    def _rows(self, start: Bound, end: Bound) -> builtins.list[Row]:
        lo, hi = _bounds(start, end)
        with self._reading() as conn:
            return conn.execute(
                f"SELECT {_COLUMNS} FROM label_spans WHERE start_us < ? AND end_us > ? "
                "ORDER BY start_us, end_us, id",
                (hi, lo),
            ).fetchall()


_NAMES_SQL = "SELECT label, count(*) AS n FROM label_spans GROUP BY label ORDER BY n DESC, label"


def _known(conn: sqlite3.Connection) -> builtins.list[str]:
    """The names a new label is compared with for typos: the used ones and the defaults."""
    used = [row[0] for row in conn.execute("SELECT DISTINCT label FROM label_spans")]
    return used + [name for name in DEFAULT_LABELS if name not in set(used)]


def _notes(start_us: int, end_us: int, label: str, known: builtins.list[str]) -> builtins.list[str]:
    found = (advice.short_span(start_us, end_us), advice.lookalike(label, known))
    return [text for text in found if text]


_MIN_US = -(2**62)
_MAX_US = 2**62


def _checked(start: object, end: object, label: object) -> tuple[datetime, datetime, str]:
    start_ts = parse_timestamp(start, "start_ts")
    end_ts = parse_timestamp(end, "end_ts")
    check_order(start_ts, end_ts)
    return start_ts, end_ts, clean_label(label)


def _checked_line(line: int, start: str, end: str, label: str) -> tuple[datetime, datetime, str]:
    try:
        return _checked(start, end, label)
    except InvalidInput as exc:
        raise InvalidInput(f"CSV line {line}: {exc.message}", field=exc.field) from None


def _bounds(start: Bound, end: Bound) -> tuple[int, int]:
    lo = _MIN_US if start is None else to_us(parse_timestamp(start, "start"))
    hi = _MAX_US if end is None else to_us(parse_timestamp(end, "end"))
    return lo, hi


def _id(span_id: object) -> int:
    """Ids outside SQLite's integer range cannot exist; refusing them avoids OverflowError."""
    if isinstance(span_id, bool) or not isinstance(span_id, int) or not 0 < span_id < 2**63:
        raise LabelNotFound(f"label span {span_id} not found", field="id")
    return span_id


def _disk_state(path: Path) -> str:
    """``read-only`` (e.g. remounted after errors), ``full``, or ``""`` for the file system
    holding the database."""
    try:
        stat = os.statvfs(path.parent)
    except OSError:
        return ""
    if stat.f_flag & os.ST_RDONLY:
        return "read-only"
    return "full" if stat.f_bavail == 0 else ""


def _union_length(parts: builtins.list[tuple[int, int]]) -> int:
    total, cursor = 0, _MIN_US
    for lo, hi in sorted(parts):
        lo = max(lo, cursor)
        if hi > lo:
            total += hi - lo
            cursor = hi
    return total
