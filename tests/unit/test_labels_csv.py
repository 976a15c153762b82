"""The label CSV format: cells a spreadsheet would run as a formula are escaped, losslessly."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from taskclf.labels.csvio import escape_cell, format_rows, parse_rows, unescape_cell

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
T1 = datetime(2026, 1, 5, 10, tzinfo=UTC)


def exported_labels(labels: list[str]) -> list[str]:
    rows = list(csv.reader(io.StringIO(format_rows((T0, T1, label) for label in labels))))
    assert rows[0] == ["start_ts", "end_ts", "label"]
    return [row[2] for row in rows[1:]]


@pytest.mark.parametrize(
    ("label", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-draft", "'-draft"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'=already quoted", "''=already quoted"),  # so that import gives back the quote
        ("''+two", "'''+two"),
    ],
)
def test_formula_like_labels_are_exported_behind_a_quote(label: str, cell: str) -> None:
    assert exported_labels([label]) == [cell]


@pytest.mark.parametrize("label", ["Build", "a=b", "x-y", "'quoted", "''", "'", "1+1", "é=", " "])
def test_other_labels_are_exported_verbatim(label: str) -> None:
    assert exported_labels([label]) == [label]


@pytest.mark.parametrize(
    ("cell", "label"),
    [
        ("'=cmd", "=cmd"),
        ("'+1", "+1"),
        ("'-1", "-1"),
        ("'@x", "@x"),
        ("''=x", "'=x"),
        ("'x", "'x"),
        ("'", "'"),
        ("=raw", "=raw"),  # hand-written files are taken as typed
    ],
)
def test_import_removes_one_escaping_quote(cell: str, label: str) -> None:
    text = f"start_ts,end_ts,label\n{T0.isoformat()},{T1.isoformat()},{cell}\n"
    assert parse_rows(text) == [(2, T0.isoformat(), T1.isoformat(), label)]


def test_export_then_import_gives_back_every_label() -> None:
    labels = ["=1+2", "+", "-", "@", "'", "''", "'=", "'''-x", "Build", "a,b", 'say "hi"', "\t="]
    back = [row[3] for row in parse_rows(format_rows((T0, T1, label) for label in labels))]
    assert back == labels


def test_carriage_return_and_tab_are_escaped_too() -> None:
    """Labels cannot hold control characters today; the escaping does not rely on that."""
    for text in ("\rx", "\tx", "'\r"):
        assert escape_cell(text) == "'" + text
        assert unescape_cell(escape_cell(text)) == text
