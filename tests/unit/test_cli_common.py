"""The CLI's one translation of errors: one line, the kind's exit code, no traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from taskclf.cli.app import app


def _run(tmp_path: Path, *args: str):
    return CliRunner().invoke(app, ["--data-dir", str(tmp_path), *args])


def test_invalid_input_exits_2_with_one_line(tmp_path: Path) -> None:
    result = _run(tmp_path, "train", "lgbm", "--from", "2026-01-09", "--to", "2026-01-05")
    assert result.exit_code == 2
    assert "date_from must be on or before date_to" in result.output
    assert "Traceback" not in result.output


def test_not_found_exits_3(tmp_path: Path) -> None:
    result = _run(tmp_path, "model", "inspect", "nope")
    assert result.exit_code == 3
    assert "model not found" in result.output


def test_a_bad_setting_exits_2_naming_it(tmp_path: Path) -> None:
    result = _run(tmp_path, "--timezone", "Mars/Olympus", "model", "list")
    assert result.exit_code == 2
    assert "timezone" in result.output


def test_messages_are_printed_literally_not_as_markup(tmp_path: Path) -> None:
    result = _run(tmp_path, "model", "inspect", "[bold]x[/bold]")
    assert result.exit_code == 3
    assert "[bold]x[/bold]" in result.output


def test_the_command_line_starts_without_the_heavy_stacks() -> None:
    """`taskclf --help` or `labels list` must not wait ~1.5 s for LightGBM, scikit-learn and
    the web server to import; commands import them when they need them."""
    import subprocess
    import sys

    code = (
        "import sys, taskclf.cli.app\n"
        "heavy = ['lightgbm', 'sklearn', 'fastapi', 'uvicorn', 'taskclf.api.app']\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_version_prints_the_package_version() -> None:
    from taskclf import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"taskclf {__version__}\n"


def test_a_field_name_is_printed_once(tmp_path: Path) -> None:
    result = _run(tmp_path, "labels", "list", "--from", "2026-02-30", "--to", "2026-03-01")
    bad_range = _run(tmp_path, "train", "lgbm", "--from", "2026-02-31", "--to", "2026-03-01")
    for outcome in (result, bad_range):
        assert outcome.exit_code == 2, outcome.output
        assert "date_from: date_from" not in outcome.output
        assert outcome.output.count("date_from") == 1
