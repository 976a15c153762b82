"""``taskclf model prune | pin | unpin`` through the real Typer app and real bundle dirs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from fixtures.training_fx import bundle_copies, bundle_name
from taskclf.registry import list_bundles

name = bundle_name


@pytest.fixture
def models(trained_bundle: Path, tmp_path: Path) -> Path:
    return bundle_copies(trained_bundle, tmp_path / "models", 4)


def cli(models: Path, *args: str, config: str = "", **env: str) -> Result:
    path = models.parent / "config.toml"
    path.write_text(config)
    environment = {"TASKCLF_CONFIG": str(path), "TASKCLF_KEEP_MODELS": ""} | env
    base = ["--models-dir", str(models), "--data-dir", str(models.parent / "data")]
    return CliRunner().invoke(app_(), [*base, *args], env=environment)


def app_():  # imported late: the module-level import would cost every collection run LightGBM
    from taskclf.cli.app import app

    return app


def listed(models: Path) -> list[str]:
    return [info.model_id for info in list_bundles(models)]


def test_dry_run_says_what_would_go_and_removes_nothing(models: Path) -> None:
    result = cli(models, "model", "prune", "--keep", "1", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"would remove {name(3)}" in result.output and f"would remove {name(1)}" in result.output
    assert "dry run" in result.output
    assert len(listed(models)) == 4


def test_prune_prints_what_it_removed(models: Path) -> None:
    result = cli(models, "model", "prune", "--keep", "2")
    assert result.exit_code == 0, result.output
    assert f"removed {name(2)}" in result.output and f"removed {name(1)}" in result.output
    assert "2 bundle(s) removed, 2 kept" in result.output
    assert listed(models) == [name(4), name(3)]


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ({"env": {"TASKCLF_KEEP_MODELS": "3"}}, 3),
        ({"config": "keep_models = 1\n"}, 1),
        ({"args": ["--keep-models", "2"]}, 2),  # before the command
        ({"after": ["--keep-models", "2"], "env": {"TASKCLF_KEEP_MODELS": "3"}}, 2),
        ({"after": ["--keep", "1"], "env": {"TASKCLF_KEEP_MODELS": "3"}}, 1),
        ({}, 4),  # the default, 50
    ],
)
def test_how_many_come_from_the_setting(models: Path, how: dict, expected: int) -> None:
    args = [*how.get("args", []), "model", "prune", *how.get("after", [])]
    result = cli(models, *args, config=how.get("config", ""), **how.get("env", {}))
    assert result.exit_code == 0, result.output
    assert len(listed(models)) == expected


def test_a_pinned_bundle_survives_and_is_marked(models: Path) -> None:
    assert cli(models, "model", "pin", name(1)).exit_code == 0
    shown = cli(models, "model", "list")
    assert "(pinned)" in shown.output and shown.output.count("(pinned)") == 1
    cli(models, "model", "prune", "--keep", "1")
    assert listed(models) == [name(4), name(1)]
    unpinned = cli(models, "model", "unpin", name(1))
    assert unpinned.exit_code == 0 and f"Unpinned {name(1)}" in unpinned.output
    cli(models, "model", "prune", "--keep", "1")
    assert listed(models) == [name(4)]


def test_bad_counts_and_unknown_ids_use_the_exit_code_table(models: Path) -> None:
    assert cli(models, "model", "prune", "--keep", "-1").exit_code == 2
    assert cli(models, "--keep-models", "-1", "model", "prune").exit_code == 2
    assert cli(models, "model", "pin", "nope").exit_code == 3
    assert cli(models, "model", "unpin", "../etc").exit_code == 3
    assert len(listed(models)) == 4
