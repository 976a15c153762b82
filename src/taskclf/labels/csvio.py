"""The label CSV format (``start_ts,end_ts,label``): parse strictly, write losslessly.

Every error names the line (the header is line 1) so a person can fix the file in an editor.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from taskclf.core.errors import InvalidInput

HEADER = ("start_ts", "end_ts", "label")
MAX_ROWS = 200_000


def parse_rows(text: str) -> list[tuple[int, str, str, str]]:
    """``(line, start, end, label)`` cells of every non-blank row; values are checked later."""
    if not isinstance(text, str):
        raise InvalidInput("CSV must be text", field="file")
    if "\x00" in text:
        raise InvalidInput("CSV contains NUL bytes; is it a binary file?", field="file")
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or tuple(cell.strip().lower() for cell in header) != HEADER:
            raise InvalidInput(
                f"CSV line 1: header must be exactly {','.join(HEADER)}", field="file"
            )
        return [_row(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    except csv.Error as exc:
        raise InvalidInput(f"CSV line {reader.line_num}: {exc}", field="file") from None


def _row(line: int, cells: list[str]) -> tuple[int, str, str, str]:
    if line > MAX_ROWS + 1:
        raise InvalidInput(f"CSV has more than {MAX_ROWS} rows", field="file")
    if len(cells) != len(HEADER):
        raise InvalidInput(
            f"CSV line {line}: expected 3 values (start_ts,end_ts,label), got {len(cells)}",
            field="file",
        )
    return line, cells[0], cells[1], cells[2]


def format_rows(rows: Iterable[tuple[datetime, datetime, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for start, end, label in rows:
        writer.writerow((start.isoformat(), end.isoformat(), label))
    return out.getvalue()
