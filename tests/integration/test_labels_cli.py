"""``taskclf labels ...`` through the real Typer app and a real database file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from taskclf.cli.app import app
from taskclf.labels.store import LabelStore

runner = CliRunner()
Invoke = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path) -> Invoke:
    config = tmp_path / "config.toml"
    config.write_text("")
    base = ["--data-dir", str(tmp_path / "data"), "--config", str(config)]

    def invoke(*args: str, timezone: str = "UTC") -> Result:
        return runner.invoke(app, [*base, "--timezone", timezone, "labels", *args])

    return invoke


def stored(tmp_path: Path) -> list[tuple[str, str, str]]:
    with LabelStore(tmp_path / "data" / "taskclf.sqlite3") as store:
        return [(s.start_ts.isoformat(), s.end_ts.isoformat(), s.label) for s in store.list()]


def test_add_then_list_shows_local_times(cli: Invoke, tmp_path: Path) -> None:
    result = cli(
        "add",
        "--start",
        "2026-01-05T09:00:00Z",
        "--end",
        "2026-01-05T10:30:00Z",
        "--label",
        "[bold]Build",
    )
    assert result.exit_code == 0, result.output
    assert "Added span 1: [bold]Build" in result.output
    assert stored(tmp_path) == [
        ("2026-01-05T09:00:00+00:00", "2026-01-05T10:30:00+00:00", "[bold]Build")
    ]
    listed = cli("list", "--from", "2026-01-05", "--to", "2026-01-05", timezone="Europe/Berlin")
    assert listed.exit_code == 0, listed.output
    assert "2026-01-05 10:00" in listed.output and "[bold]Build" in listed.output
    assert "90" in listed.output
    empty = cli("list", "--from", "2026-01-06", "--to", "2026-01-06")
    assert empty.exit_code == 0 and "Build" not in empty.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--start", "2026-01-05T10:00:00Z", "--end", "2026-01-05T09:00:00Z", "--label", "A"],
            "end_ts must be after start_ts",
        ),
        (
            ["--start", "2026-01-05T09:00:00", "--end", "2026-01-05T10:00:00Z", "--label", "A"],
            "needs a UTC offset",
        ),
        (
            ["--start", "2026-01-05T09:00:00Z", "--end", "2026-01-05T10:00:00Z", "--label", " "],
            "label must not be empty",
        ),
    ],
)
def test_add_refuses_bad_input_with_one_line(
    cli: Invoke, tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli("add", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert stored(tmp_path) == []


def test_export_import_round_trip(cli: Invoke, tmp_path: Path) -> None:
    cli("add", "--start", "2026-01-05T09:00:00Z", "--end", "2026-01-05T10:00:00Z", "--label", "A")
    cli(
        "add",
        "--start",
        "2026-01-05T11:00:00+01:00",
        "--end",
        "2026-01-05T12:00:00+01:00",
        "--label",
        "B, c",
    )
    out = tmp_path / "labels.csv"
    assert cli("export", "--out", str(out)).exit_code == 0
    to_stdout = cli("export")
    assert to_stdout.exit_code == 0 and to_stdout.output == out.read_text()
    before = stored(tmp_path)

    (tmp_path / "data" / "taskclf.sqlite3").unlink()
    for suffix in ("-wal", "-shm"):
        (tmp_path / "data" / f"taskclf.sqlite3{suffix}").unlink(missing_ok=True)
    result = cli("import", str(out))
    assert result.exit_code == 0, result.output
    assert "Imported 2 spans" in result.output
    assert stored(tmp_path) == before


def test_import_rejects_bad_file_whole(cli: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "start_ts,end_ts,label\n2026-01-05T09:00:00Z,2026-01-05T10:00:00Z,A\n"
        "2026-01-05T09:00:00Z,oops,B\n"
    )
    result = cli("import", str(bad))
    assert result.exit_code == 2 and "CSV line 3" in result.output
    assert stored(tmp_path) == []
    missing = cli("import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_list_refuses_bad_dates(cli: Invoke) -> None:
    result = cli("list", "--from", "2026-02-30")
    assert result.exit_code == 2 and "date_from" in result.output
