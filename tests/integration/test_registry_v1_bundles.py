"""A bundle trained before the features_v2 schema bump (a real one, committed: trained by this
project's code as it stood before the bump) still lists as valid, inspects, and replays on
the feature files today's taskclf writes (issue 12: v1 bundles keep loading and replaying)."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fixtures.api_fx import add_label_spans, write_synthetic_features
from taskclf.core.schema import SCHEMA_VERSION, V1
from taskclf.core.settings import Settings
from taskclf.jobs.train import evaluate_bundle_on_range
from taskclf.registry import inspect_bundle, list_bundles, load_bundle

V1_BUNDLES = Path(__file__).resolve().parents[1] / "data" / "bundles_v1"
MODEL_ID = "2026-01-07_000000_run-0001"


def test_a_v1_bundle_lists_inspects_and_replays_on_current_features(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d", models_dir=tmp_path / "m", timezone="UTC")
    shutil.copytree(V1_BUNDLES / MODEL_ID, settings.models_dir / MODEL_ID)
    [info] = list_bundles(settings.models_dir)
    assert info.valid, info.invalid_reason
    payload = inspect_bundle(settings.models_dir, MODEL_ID)
    assert payload["metadata"]["schema_version"] == V1 != SCHEMA_VERSION
    model = load_bundle(settings.models_dir / MODEL_ID)
    day = date(2026, 1, 8)
    write_synthetic_features(settings, day, day)
    nine = datetime(2026, 1, 8, 9, 0, tzinfo=UTC)
    add_label_spans(settings, [(nine, nine + timedelta(hours=2), "Build")])
    replayed = evaluate_bundle_on_range(settings, MODEL_ID, day, day)
    test = replayed["held_out_test"]
    assert test["n_rows"] == 120
    assert set(test["per_class_derived"]) >= {"Build"}
    assert model.label_names == payload["bundle_saved_validation"]["label_names"]
