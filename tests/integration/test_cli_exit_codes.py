"""The README's exit-code table, one real command per row: 2 bad input, 3 not found,
4 conflict, 5 ActivityWatch unavailable, 130 interrupted, 1 anything else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from taskclf.cli.app import app
from taskclf.synthetic.aw_process import free_port

TASKCLF = str(Path(sys.executable).parent / "taskclf")
PAST_DAY = "2026-01-05"


def _cli(tmp_path: Path, *args: str) -> Result:
    base = ["--data-dir", str(tmp_path / "data"), "--timezone", "UTC"]
    return CliRunner().invoke(app, [*base, *args], env={"TASKCLF_CONFIG": _config(tmp_path)})


def _config(tmp_path: Path) -> str:
    path = tmp_path / "config.toml"
    path.write_text("")
    return str(path)


def _error_lines(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("error:")]


def test_bad_input_exits_2_and_names_the_field_once(tmp_path: Path) -> None:
    result = _cli(tmp_path, "features", "build", "--from", "2026-13-01", "--to", "2026-01-01")
    assert result.exit_code == 2, result.output
    assert "date_from is not a real date" in result.output
    assert "date_from: date_from" not in result.output
    assert len(_error_lines(result)) == 1


def test_a_pydantic_rule_still_names_its_field(tmp_path: Path) -> None:
    args = ("--from", PAST_DAY, "--to", PAST_DAY, "--num-boost-round", "0")
    result = _cli(tmp_path, "train", "lgbm", *args)
    assert result.exit_code == 2, result.output
    assert "num_boost_round" in result.output


def test_unknown_model_exits_3(tmp_path: Path) -> None:
    result = _cli(tmp_path, "--models-dir", str(tmp_path / "m"), "model", "inspect", "nope")
    assert result.exit_code == 3, result.output


def test_activating_an_invalid_bundle_is_a_conflict_4(tmp_path: Path) -> None:
    models = tmp_path / "models"
    bundle = "2026-01-05_090000_run-0001"
    (models / bundle).mkdir(parents=True)  # no files: listed, but invalid
    result = _cli(tmp_path, "--models-dir", str(models), "model", "activate", bundle)
    assert result.exit_code == 4, result.output
    assert not (models / "active.json").exists()


def test_activitywatch_down_exits_5_with_one_error_line(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    args = ("--aw-host", closed, "features", "build", "--from", "2026-01-05", "--to", "2026-01-07")
    result = _cli(tmp_path, *args)
    assert result.exit_code == 5, result.output
    [line] = _error_lines(result)
    assert "cannot reach ActivityWatch" in line and closed in line
    assert not list(tmp_path.rglob("*.parquet"))


def test_days_that_fail_for_their_own_reasons_exit_1_with_one_line(tmp_path: Path) -> None:
    """Days in the future are never fetched (ActivityWatch need not even run): exit 1."""
    future = (date.today() + timedelta(days=3)).isoformat(), (date.today() + timedelta(days=4))
    closed = f"http://127.0.0.1:{free_port()}"
    args = ("--aw-host", closed, "features", "build", "--from", future[0], "--to", str(future[1]))
    result = _cli(tmp_path, *args)
    assert result.exit_code == 1, result.output
    [line] = _error_lines(result)
    assert "2 of 2 day(s) were not built" in line
    assert "date is in the future" in result.output  # the table says why, per day


def test_no_feature_data_exits_1_and_names_the_cli_command(tmp_path: Path) -> None:
    result = _cli(tmp_path, "train", "lgbm", "--from", "2026-01-05", "--to", "2026-01-08")
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "error: No feature data found for the given date range" in text
    assert "taskclf features build --from 2026-01-05 --to 2026-01-08" in text
    assert "Prepare Data" not in text


def test_the_api_keeps_the_spec_message_verbatim(tmp_path: Path) -> None:
    """Only the CLI's rendering changes: the job's error still starts with the spec's text."""
    from taskclf.core.errors import MSG_NO_FEATURE_DATA, NoFeatureData
    from taskclf.core.settings import load_settings
    from taskclf.jobs.train import load_features

    settings = load_settings({"data_dir": tmp_path, "timezone": "UTC"}, env={})
    with pytest.raises(NoFeatureData) as info:
        load_features(settings, date(2026, 1, 5), date(2026, 1, 8))
    assert info.value.message.startswith(MSG_NO_FEATURE_DATA)


# --- interrupted: a real process and a real SIGINT -------------------------------------


class _Hanging(BaseHTTPRequestHandler):
    """An ActivityWatch that accepts every request and never answers it."""

    arrived = threading.Event()
    release = threading.Event()

    def do_GET(self) -> None:
        type(self).arrived.set()
        type(self).release.wait(60)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hanging_aw() -> Iterator[str]:
    _Hanging.arrived.clear()
    _Hanging.release.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hanging)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Hanging.release.set()
    server.shutdown()
    server.server_close()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASKCLF_")}
    return env | {"TASKCLF_CONFIG": _config(tmp_path), "TASKCLF_TIMEZONE": "UTC"} | extra


def test_ctrl_c_during_a_feature_build_exits_130(tmp_path: Path, hanging_aw: str) -> None:
    args = ["--data-dir", str(tmp_path / "d"), "--aw-host", hanging_aw, "features", "build"]
    proc = subprocess.Popen(
        [TASKCLF, *args, "--from", PAST_DAY, "--to", PAST_DAY],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _Hanging.arrived.wait(60), "the build never asked ActivityWatch"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, out + err
    assert "Traceback" not in err and "Aborted" not in out + err


@pytest.mark.slow
def test_ctrl_c_during_training_exits_130_and_saves_nothing(tmp_path: Path) -> None:
    models = tmp_path / "models"
    args = ["--models-dir", str(models), "train", "lgbm", "--synthetic"]
    rounds = ["--from", PAST_DAY, "--to", "2026-01-09", "--num-boost-round", "10000"]
    proc = subprocess.Popen(
        [TASKCLF, *args, *rounds],
        env=_env(tmp_path, FORCE_COLOR="1", COLUMNS="100"),  # rich draws live: we see the step
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    seen = b""
    try:
        assert proc.stdout is not None
        while b"round " not in seen:
            chunk = os.read(proc.stdout.fileno(), 4096)
            assert chunk, seen.decode(errors="replace")
            seen += chunk
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 130, (seen + out).decode(errors="replace")
    assert not models.exists() or not [p for p in models.iterdir() if not p.name.startswith(".")]
