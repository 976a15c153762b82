"""Registry over real bundle directories: committed broken fixtures and freshly trained ones."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from fixtures.training_fx import train_synthetic
from taskclf.core.errors import ActivationRefused, BundleInvalid, BundleNotFound
from taskclf.core.schema import SCHEMA_HASH
from taskclf.registry import (
    activate,
    current_model_id,
    get_active,
    inspect_bundle,
    list_bundles,
    load_bundle,
    save_bundle,
)
from taskclf.registry.bundle import BundleContents
from taskclf.training import synthetic

EXPECTED_REASONS = {
    "2026-01-01_000000_run-0001": "missing file: model.txt",
    "2026-01-02_000000_run-0002": "corrupt metadata.json",
    "2026-01-03_000000_run-0003": "feature schema mismatch",
    "2026-01-04_000000_run-0004": "metrics.json is missing keys: macro_f1, confusion_matrix",
    "2026-01-05_000000_run-0005": "model.txt cannot be read by LightGBM",
}


def test_broken_fixtures_list_invalid_with_reasons(broken_bundles, train_settings) -> None:
    models = broken_bundles()
    infos = list_bundles(models)
    assert [i.model_id for i in infos] == sorted(EXPECTED_REASONS, reverse=True)
    for info in infos:
        assert not info.valid
        assert info.invalid_reason is not None
        assert info.invalid_reason.startswith(EXPECTED_REASONS[info.model_id]), info
    by_id = {i.model_id: i for i in infos}
    assert by_id["2026-01-03_000000_run-0003"].macro_f1 is not None  # metrics still shown
    for model_id in EXPECTED_REASONS:
        with pytest.raises(BundleInvalid):
            inspect_bundle(models, model_id)
        with pytest.raises(BundleInvalid):
            load_bundle(models / model_id)
        with pytest.raises(ActivationRefused):  # it exists: a conflict, not bad input
            activate(models, model_id)


def test_valid_bundle_listed_first_and_inspected(broken_bundles, train_settings) -> None:
    models = broken_bundles()
    outcome = train_synthetic(train_settings)
    infos = list_bundles(models)
    assert infos[0].model_id == outcome.model_id and infos[0].valid
    assert infos[0].macro_f1 == outcome.metrics["macro_f1"]
    payload = inspect_bundle(models, outcome.model_id)
    assert set(payload) == {
        "bundle_path", "metadata", "bundle_saved_validation", "feature_importance",
        "bundle_saved_validation_decoded", "signal_table",
    }  # fmt: skip
    assert payload["signal_table"] is None  # only trained with signal_report
    decoded = payload["bundle_saved_validation_decoded"]
    assert decoded["label_names"] == payload["bundle_saved_validation"]["label_names"]
    assert 0 <= decoded["macro_f1"] <= 1
    gains = list(payload["feature_importance"].values())
    assert gains == sorted(gains, reverse=True)
    assert len(gains) == len(payload["metadata"]["feature_names"])
    assert payload["bundle_path"] == str(outcome.model_dir)
    saved = payload["bundle_saved_validation"]
    assert set(saved) == {
        "macro_f1",
        "weighted_f1",
        "label_names",
        "confusion_matrix",
        "per_class_derived",
        "top_confusion_pairs",
    }
    n = len(saved["label_names"])
    assert len(saved["confusion_matrix"]) == n and all(
        len(r) == n for r in saved["confusion_matrix"]
    )
    assert set(saved["per_class_derived"]) == set(saved["label_names"])
    counts = [p["count"] for p in saved["top_confusion_pairs"]]
    assert counts == sorted(counts, reverse=True)
    assert all(p["true_label"] != p["pred_label"] for p in saved["top_confusion_pairs"])
    meta = payload["metadata"]
    assert meta["schema_hash"] == SCHEMA_HASH and meta["data_provenance"] == "synthetic"
    for key in (
        "feature_names",
        "categorical_encodings",
        "params",
        "split",
        "dataset_hash",
        "created_at",
        "taskclf_version",
        "lightgbm_version",
        "class_weight",
    ):
        assert key in meta


@pytest.mark.parametrize("bad", ["..", ".", "a/b", "../models", "x" * 81, "", ".lock", "a b"])
def test_bad_model_ids_are_not_found(train_settings, synthetic_bundle, bad) -> None:
    with pytest.raises(BundleNotFound):
        inspect_bundle(train_settings.models_dir, bad)


def test_hidden_and_staging_dirs_are_never_listed(train_settings, synthetic_bundle) -> None:
    models = train_settings.models_dir
    (models / ".staging-1-abc").mkdir()
    (models / ".hidden").mkdir()
    assert [i.model_id for i in list_bundles(models)] == [synthetic_bundle.model_id]
    with pytest.raises(BundleNotFound):
        inspect_bundle(models, ".staging-1-abc")


def test_two_saves_in_one_second_get_unique_increasing_ids(
    train_settings, synthetic_bundle
) -> None:
    models = train_settings.models_dir
    src = synthetic_bundle.model_dir
    contents = BundleContents(
        model_text=(src / "model.txt").read_text(),
        metadata=json.loads((src / "metadata.json").read_text()),
        metrics=json.loads((src / "metrics.json").read_text()),
        confusion_csv=(src / "confusion_matrix.csv").read_text(),
        feature_importance={},
    )
    ids: list[str] = []
    threads = [
        threading.Thread(target=lambda: ids.append(save_bundle(models, contents)[0]))
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    runs = sorted(int(i.rsplit("-", 1)[1]) for i in ids)
    assert runs == [2, 3, 4, 5, 6, 7]
    assert all(info.valid for info in list_bundles(models))
    assert not list(models.glob(".staging-*"))


def test_activate_and_current(train_settings) -> None:
    models = train_settings.models_dir
    first = train_synthetic(train_settings, rounds=3)
    second = train_synthetic(train_settings, rounds=4)
    assert get_active(models) is None
    assert current_model_id(models) == second.model_id  # newest valid when nothing active
    activate(models, first.model_id)
    assert get_active(models) == first.model_id
    assert current_model_id(models) == first.model_id
    (first.model_dir / "model.txt").unlink()  # the active bundle breaks: fall back
    assert current_model_id(models) == second.model_id
    with pytest.raises(BundleNotFound):
        activate(models, "no-such-model")


def test_loaded_model_predicts_on_messy_frames(train_settings, synthetic_bundle) -> None:
    model = load_bundle(synthetic_bundle.model_dir)
    frame = synthetic.generate(date(2026, 2, 1), date(2026, 2, 1), "UTC").frame.head(20)
    proba = model.predict_proba(frame)
    assert proba.shape == (20, len(model.label_names))
    assert np.allclose(proba.sum(axis=1), 1.0)
    messy = frame.drop("keys", "app_category").with_columns(
        pl.lit("never-seen-app").alias("app_id"), pl.lit(1.0).alias("future_column")
    )
    labels, confidence = model.predict(messy)
    assert len(labels) == 20 and set(labels) <= set(model.label_names)
    assert np.all((confidence > 0) & (confidence <= 1))
    assert model.predict_proba(frame.head(0)).shape == (0, len(model.label_names))


def test_bundle_files_and_confusion_csv(synthetic_bundle) -> None:
    path: Path = synthetic_bundle.model_dir
    names = {p.name for p in path.iterdir()}
    assert names == {
        "model.txt",
        "metadata.json",
        "metrics.json",
        "confusion_matrix.csv",
        "feature_importance.json",
    }
    metrics = json.loads((path / "metrics.json").read_text())
    rows = (path / "confusion_matrix.csv").read_text().splitlines()
    assert rows[0].split(",")[1:] == metrics["label_names"]
    assert [list(map(int, r.split(",")[1:])) for r in rows[1:]] == metrics["confusion_matrix"]
    importance = json.loads((path / "feature_importance.json").read_text())
    assert set(importance) == set(json.loads((path / "metadata.json").read_text())["feature_names"])


def test_unwritable_models_dir_is_a_storage_error_not_a_traceback(train_settings) -> None:
    from taskclf.core.errors import StorageError

    train_settings.models_dir.parent.mkdir(parents=True, exist_ok=True)
    train_settings.models_dir.write_text("a file where the models directory should be")
    with pytest.raises(StorageError, match=r"cannot save the model bundle in .*models"):
        train_synthetic(train_settings, rounds=2)
    assert train_settings.models_dir.is_file()


def test_activate_that_cannot_write_the_pointer_is_a_storage_error(
    train_settings, synthetic_bundle
) -> None:
    from taskclf.core.errors import StorageError

    (train_settings.models_dir / "active.json").mkdir()  # the pointer cannot replace this
    with pytest.raises(StorageError, match="cannot write the active-model pointer"):
        activate(train_settings.models_dir, synthetic_bundle.model_id)


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda meta: meta.update(label_names=meta["label_names"][:-1]), "label_names"),
        (lambda meta: meta.update(feature_names=meta["feature_names"][:-1]), "feature"),
    ],
)
def test_metadata_that_disagrees_with_the_model_is_invalid(
    train_settings, synthetic_bundle, edit, reason
) -> None:
    path = synthetic_bundle.model_dir
    meta = json.loads((path / "metadata.json").read_text())
    edit(meta)
    (path / "metadata.json").write_text(json.dumps(meta))
    [info] = list_bundles(train_settings.models_dir)
    assert not info.valid and info.invalid_reason is not None
    assert reason in info.invalid_reason
    with pytest.raises(BundleInvalid):
        load_bundle(path)
