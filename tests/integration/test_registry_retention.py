"""Pruning real bundle directories: what stays, what goes, and that a crash mid-way never
leaves a half bundle that lists."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from fixtures.training_fx import bundle_copies, bundle_name
from taskclf.core.errors import BundleNotFound
from taskclf.registry import activate, list_bundles, pin, pinned_ids, prune, retention, unpin
from taskclf.registry.bundle import models_lock

name = bundle_name


@pytest.fixture
def models(trained_bundle: Path, tmp_path: Path) -> Path:
    """Six valid bundles, run-0001 (oldest) .. run-0006 (newest), copies of one trained model."""
    return bundle_copies(trained_bundle, tmp_path / "models", 6)


def listed(models: Path) -> list[str]:
    return [info.model_id for info in list_bundles(models)]


def test_keeps_the_newest_the_active_and_the_pinned(models: Path) -> None:
    activate(models, name(1))
    pin(models, name(3))
    result = prune(models, keep=2)
    assert result.removed == [name(4), name(2)]
    assert result.kept == [name(6), name(5), name(3), name(1)]
    assert listed(models) == [name(6), name(5), name(3), name(1)]
    assert not [p for p in models.iterdir() if p.name.startswith(".trash-")]


def test_dry_run_removes_nothing(models: Path) -> None:
    before = listed(models)
    result = prune(models, keep=1, dry_run=True)
    assert result.dry_run and len(result.removed) == 5
    assert listed(models) == before


def test_invalid_bundles_count_as_bundles(models: Path) -> None:
    (models / name(7)).mkdir()  # newest, but missing every file
    (models / name(8)).mkdir()
    (models / name(8) / "model.txt").write_text("garbage")
    activate(models, name(6))
    result = prune(models, keep=2)
    assert set(listed(models)) == {name(8), name(7), name(6)}
    assert name(1) in result.removed


def test_without_a_pointer_the_model_the_tray_falls_back_to_stays(models: Path) -> None:
    (models / name(7)).mkdir()  # the newest is invalid: the tray would use run-0006
    prune(models, keep=0)
    assert listed(models) == [name(6)]


def test_a_stale_pointer_does_not_protect_anything_else(models: Path) -> None:
    activate(models, name(2))
    shutil.rmtree(models / name(2))
    prune(models, keep=1)
    assert listed(models) == [name(6)]


def test_other_directories_are_never_removed(models: Path) -> None:
    (models / "my-copy").mkdir()
    prune(models, keep=0)
    assert (models / "my-copy").is_dir()


def test_old_staging_and_trash_leftovers_are_swept(models: Path) -> None:
    old, fresh, trash = models / ".staging-1-old", models / ".staging-1-new", models / ".trash-x"
    for path in (old, fresh, trash):
        path.mkdir()
        (path / "model.txt").write_text("x")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    result = prune(models, keep=50)
    assert result.removed == [] and result.swept == [".staging-1-old", ".trash-x"]
    assert fresh.is_dir() and not old.exists() and not trash.exists()


def test_a_crash_after_the_rename_leaves_nothing_listed(
    models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The removal is a rename to a hidden name, then rmtree: a kill between the two (here the
    delete fails) hides the bundle, and the next prune sweeps it."""

    def killed(path: object) -> None:
        raise OSError("killed mid-delete")

    monkeypatch.setattr(retention.shutil, "rmtree", killed)
    with pytest.raises(Exception, match="killed mid-delete"):
        prune(models, keep=5)
    assert name(1) not in listed(models)
    [hidden] = [p.name for p in models.iterdir() if p.name.startswith(".trash-")]
    monkeypatch.undo()
    assert prune(models, keep=5).swept == [hidden]
    assert not any(p.name.startswith(".trash-") for p in models.iterdir())


def test_prune_waits_for_a_save_in_progress(models: Path) -> None:
    """A save holds the models lock while it renames its bundle into place."""
    done = threading.Event()
    with models_lock(models):
        worker = threading.Thread(target=lambda: (prune(models, keep=1), done.set()))
        worker.start()
        assert not done.wait(0.5)
        assert len(listed(models)) == 6
    assert done.wait(60)
    worker.join()
    assert listed(models) == [name(6)]


def test_pin_and_unpin(models: Path) -> None:
    pin(models, name(1))
    assert pinned_ids(models) == {name(1)}
    assert (models / name(1) / "pinned").is_file()
    assert name(1) in listed(models)  # still a valid bundle with the extra file
    assert [i.valid for i in list_bundles(models) if i.model_id == name(1)] == [True]
    assert unpin(models, name(1)) is True
    assert unpin(models, name(1)) is False
    prune(models, keep=1)
    assert listed(models) == [name(6)]


def test_pinning_an_unknown_or_outside_id_is_not_found(models: Path) -> None:
    for bad in ("nope", "../x", ".trash-x"):
        with pytest.raises(BundleNotFound):
            pin(models, bad)


def test_a_missing_models_dir_prunes_nothing(tmp_path: Path) -> None:
    result = prune(tmp_path / "none", keep=1)
    assert result.removed == [] and not (tmp_path / "none").exists()
