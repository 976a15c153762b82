"""The label CSV format (``start_ts,end_ts,label``): parse strictly, write losslessly.

Every error names the line (the header is line 1) so a person can fix the file in an editor.
A spreadsheet runs a cell that starts with ``= + - @`` (or tab / CR) as a formula, so such a
label is written behind a single quote, which reading removes again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import datetime

from taskclf.core.errors import InvalidInput

HEADER = ("start_ts", "end_ts", "label")
MAX_ROWS = 200_000
# Any run of quotes before a formula character gets one more quote on export, one fewer on
# import; so a label that itself starts with "'=" survives the round trip too.
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


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
    return line, cells[0], cells[1], unescape_cell(cells[2])


def format_rows(rows: Iterable[tuple[datetime, datetime, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for start, end, label in rows:
        writer.writerow((start.isoformat(), end.isoformat(), escape_cell(label)))
    return out.getvalue()


def escape_cell(text: str) -> str:
    """``=cmd`` -> ``'=cmd``: a spreadsheet shows the text instead of running it."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def unescape_cell(text: str) -> str:
    """The inverse of ``escape_cell``, so that export -> import gives back the same labels."""
    return text[1:] if _ESCAPED.match(text) else text
