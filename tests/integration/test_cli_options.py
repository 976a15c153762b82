"""Every option of ``taskclf`` itself works before the command and after it, the same way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import Result
from typer.testing import CliRunner

from taskclf.cli.app import app
from taskclf.synthetic.aw_process import free_port

TASKCLF = str(Path(sys.executable).parent / "taskclf")
SPAN = ("--start", "2026-01-05T09:00:00Z", "--end", "2026-01-05T10:00:00Z", "--label", "Build")


def _invoke(tmp_path: Path, args: list[str]) -> Result:
    config = tmp_path / "config.toml"
    config.write_text("")
    return CliRunner().invoke(app, args, env={"TASKCLF_CONFIG": str(config)})


def test_data_dir_before_or_after_the_command(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    first = _invoke(tmp_path, ["--data-dir", str(before), "labels", "add", *SPAN])
    second = _invoke(tmp_path, ["labels", "add", "--data-dir", str(after), *SPAN])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert (before / "taskclf.sqlite3").exists() and (after / "taskclf.sqlite3").exists()


def test_after_the_command_wins_over_before(tmp_path: Path) -> None:
    chosen, ignored = tmp_path / "chosen", tmp_path / "ignored"
    args = ["--data-dir", str(ignored), "labels", "add", "--data-dir", str(chosen), *SPAN]
    assert _invoke(tmp_path, args).exit_code == 0
    assert (chosen / "taskclf.sqlite3").exists() and not ignored.exists()


def test_every_root_option_is_accepted_by_a_nested_command(tmp_path: Path) -> None:
    models = tmp_path / "models"
    (models / "2026-01-05_090000_run-0001").mkdir(parents=True)
    shared = [
        *("--data-dir", str(tmp_path / "d"), "--models-dir", str(models)),
        *("--aw-host", "http://127.0.0.1:9", "--aw-hostname", "h", "--timezone", "UTC"),
        *("--host", "127.0.0.1", "--port", "8999", "--keep-models", "7"),
    ]
    for args in (["model", "list", "--json", *shared], [*shared, "model", "list", "--json"]):
        result = _invoke(tmp_path, args)
        assert result.exit_code == 0, result.output
        assert [b["model_id"] for b in json.loads(result.output)] == ["2026-01-05_090000_run-0001"]


def test_a_bad_value_after_the_command_is_refused_like_before(tmp_path: Path) -> None:
    for args in (
        ["--timezone", "Mars/Olympus", "labels", "list"],
        ["labels", "list", "--timezone", "Mars/Olympus"],
    ):
        result = _invoke(tmp_path, args)
        assert result.exit_code == 2, result.output
        assert "invalid setting timezone: unknown time zone" in result.output


def _serves_on(port: int, args: list[str], tmp_path: Path) -> bool:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASKCLF_")}
    config = tmp_path / "config.toml"
    config.write_text("")
    env |= {"TASKCLF_CONFIG": str(config), "TASKCLF_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen([TASKCLF, *args], env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/api/info", timeout=1).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.2)
        return False
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.slow
@pytest.mark.parametrize("where", ["before", "after"])
def test_ui_port_before_or_after_the_command(tmp_path: Path, where: str) -> None:
    port = free_port()
    option = ["--port", str(port)]
    args = [*option, "ui"] if where == "before" else ["ui", *option]
    assert _serves_on(port, args, tmp_path)
