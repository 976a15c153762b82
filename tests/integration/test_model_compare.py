"""What changed between two models (issue 12.6): ``jobs.compare``, ``GET
/api/train/models/compare`` and ``taskclf model compare`` on real bundles and feature files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fixtures.api_fx import add_label_spans, write_synthetic_features
from fixtures.training_fx import train_synthetic
from taskclf.api.app import create_app
from taskclf.cli.app import app as cli_app
from taskclf.core.errors import BundleNotFound, NoFeatureData
from taskclf.core.settings import Settings
from taskclf.jobs.compare import better, compare_models
from taskclf.jobs.train import evaluate_bundle_on_range
from taskclf.registry import load_model

FROM, TO = date(2026, 1, 10), date(2026, 1, 14)  # after the bundles' training days
RANGE = {"date_from": FROM.isoformat(), "date_to": TO.isoformat()}
DATES = ("--from", RANGE["date_from"], "--to", RANGE["date_to"])
URL = "/api/train/models/compare"


@dataclass(frozen=True)
class Setup:
    settings: Settings
    weak: str  # 3 boosting rounds
    strong: str  # 30 boosting rounds
    labelled_minutes: int


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Two bundles that differ only in rounds, five later days of stored rows, every
    generated task block saved as a label span."""
    root = tmp_path_factory.mktemp("compare")
    settings = Settings(data_dir=root / "data", models_dir=root / "models", timezone="UTC")
    weak = train_synthetic(settings, rounds=3).model_id
    strong = train_synthetic(settings, rounds=30).model_id
    data = write_synthetic_features(settings, FROM, TO)
    spans = zip(data.span_starts_us, data.span_ends_us, data.span_labels, strict=True)
    add_label_spans(settings, [(_at(int(s)), _at(int(e)), str(label)) for s, e, label in spans])
    return Setup(settings, weak, strong, data.frame.height)


@pytest.fixture(scope="module")
def client(setup: Setup) -> Iterator[TestClient]:
    with TestClient(create_app(setup.settings), base_url="http://127.0.0.1:8741") as api:
        yield api


def _at(us: int) -> datetime:
    return datetime.fromtimestamp(us / 1e6, tz=UTC)


def _cli(settings: Settings, *args: str) -> Any:
    base = ["--data-dir", str(settings.data_dir), "--models-dir", str(settings.models_dir)]
    return CliRunner().invoke(cli_app, [*base, "--timezone", "UTC", "model", "compare", *args])


def test_a_model_against_itself_agrees_everywhere(setup: Setup) -> None:
    payload = compare_models(setup.settings, setup.strong, setup.strong, FROM, TO)
    assert payload["n_rows"] == setup.labelled_minutes  # every generated minute is labelled
    assert payload["disagreements"] == {"minutes": 0, "share": 0.0, "pairs": []}
    assert payload["better"] == "tie" and payload["newest_days"]["better"] == "tie"
    assert payload["a"] == payload["b"]
    assert all(row["a_f1"] == row["b_f1"] for row in payload["per_class"])
    newest = payload["newest_days"]
    assert (newest["date_from"], newest["date_to"]) == ("2026-01-12", "2026-01-14")
    assert newest["a_macro_f1"] == newest["b_macro_f1"]


def test_two_models_side_by_side(setup: Setup) -> None:
    payload = compare_models(setup.settings, setup.weak, setup.strong, FROM, TO)
    n_rows, differ = payload["n_rows"], payload["disagreements"]
    assert n_rows == setup.labelled_minutes
    assert (payload["date_from"], payload["date_to"]) == (RANGE["date_from"], RANGE["date_to"])

    weak, strong = (load_model(setup.settings.models_dir, i) for i in (setup.weak, setup.strong))
    labels = [row["label"] for row in payload["per_class"]]
    assert len(labels) == len(set(labels))
    assert set(labels) == set(weak.label_names) | set(strong.label_names)
    assert sum(row["support"] for row in payload["per_class"]) == n_rows

    # the disagreement count is consistent with itself and with the two accuracies
    assert 0 < differ["minutes"] <= n_rows
    assert differ["share"] == pytest.approx(differ["minutes"] / n_rows, abs=1e-6)
    pairs = differ["pairs"]
    assert 0 < len(pairs) <= 10
    assert all(pair["a_label"] != pair["b_label"] and pair["minutes"] > 0 for pair in pairs)
    assert [p["minutes"] for p in pairs] == sorted((p["minutes"] for p in pairs), reverse=True)
    listed = sum(pair["minutes"] for pair in pairs)
    assert listed == differ["minutes"] if len(pairs) < 10 else listed <= differ["minutes"]
    gap = abs(payload["a"]["accuracy"] - payload["b"]["accuracy"]) * n_rows
    assert gap <= differ["minutes"] + 1e-6  # a minute only one gets right is a disagreement

    assert payload["better"] == better(payload["a"]["macro_f1"], payload["b"]["macro_f1"])
    newest = payload["newest_days"]
    assert newest["better"] == better(newest["a_macro_f1"], newest["b_macro_f1"])

    # swapping the two mirrors the answer
    swapped = compare_models(setup.settings, setup.strong, setup.weak, FROM, TO)
    assert (swapped["a"], swapped["b"]) == (payload["b"], payload["a"])
    assert swapped["disagreements"]["minutes"] == differ["minutes"]
    if len(pairs) < 10:  # all of them listed (at ten, ties at the cut may differ)
        mirrored = {(p["b_label"], p["a_label"], p["minutes"]) for p in pairs}
        listed_swapped = swapped["disagreements"]["pairs"]
        assert {(p["a_label"], p["b_label"], p["minutes"]) for p in listed_swapped} == mirrored
    flip = {"a": "b", "b": "a", "tie": "tie"}
    assert swapped["better"] == flip[payload["better"]]
    assert swapped["newest_days"]["better"] == flip[newest["better"]]


def test_scores_are_the_replay_that_inspect_reports(setup: Setup) -> None:
    """Same labelled minutes, same replay: decoded and raw macro-F1 equal ``model inspect
    --from --to``'s held-out figures for each model."""
    payload = compare_models(setup.settings, setup.weak, setup.strong, FROM, TO)
    for side, model_id in (("a", setup.weak), ("b", setup.strong)):
        test = evaluate_bundle_on_range(setup.settings, model_id, FROM, TO)["held_out_test"]
        summary = payload[side]
        assert summary["model_id"] == model_id and summary["scored_on"] == "decoded"
        assert summary["macro_f1"] == summary["decoded_macro_f1"] == test["decoded"]["macro_f1"]
        assert summary["accuracy"] == test["decoded"]["accuracy"]
        assert summary["raw_macro_f1"] == test["macro_f1"]
        assert test["n_rows"] == payload["n_rows"]
        for row in payload["per_class"]:
            cell = test["decoded"]["per_class_derived"].get(row["label"])
            if cell is not None:
                assert row[f"{side}_f1"] == cell["f1"] and row["support"] == cell["support"]


def test_unknown_ids_and_empty_ranges(setup: Setup, client: TestClient) -> None:
    with pytest.raises(BundleNotFound):
        compare_models(setup.settings, setup.weak, "nope", FROM, TO)
    with pytest.raises(NoFeatureData):
        compare_models(setup.settings, setup.weak, setup.strong, date(2027, 1, 1), date(2027, 1, 2))
    for a, b in ((setup.weak, "nope"), ("nope", setup.strong), ("../models", setup.weak)):
        response = client.get(URL, params={"a": a, "b": b, **RANGE})
        assert response.status_code == 404, response.text
        assert _cli(setup.settings, a, b, *DATES).exit_code == 3
    # an unknown id is said before the range is looked at
    far = {"date_from": "2027-01-01", "date_to": "2027-01-02"}
    assert client.get(URL, params={"a": "nope", "b": setup.weak, **far}).status_code == 404
    response = client.get(URL, params={"a": setup.weak, "b": setup.strong, **far})
    assert response.status_code == 422 and response.json()["field"] == "date_from", response.text
    assert "No feature data" in response.json()["detail"]
    no_data = _cli(
        setup.settings, setup.weak, setup.strong, "--from", "2027-01-01", "--to", "2027-01-02"
    )
    assert no_data.exit_code == 1 and "No feature data" in no_data.output


def test_the_query_is_validated(setup: Setup, client: TestClient) -> None:
    ids = {"a": setup.weak, "b": setup.strong}
    for params, field in (
        ({"b": setup.strong, **RANGE}, "a"),
        ({"a": setup.weak, **RANGE}, "b"),
        ({**ids, "date_from": "2026-01-10"}, "date_to"),
        ({**ids, "date_from": "2026-13-01", "date_to": "2026-01-14"}, "date_from"),
        ({**ids, "date_from": "2026-01-14", "date_to": "2026-01-10"}, "date_from"),
        ({**ids, "date_from": "2025-01-01", "date_to": "2026-01-14"}, "date_to"),
        ({**ids, **RANGE, "extra": "1"}, "extra"),
    ):
        response = client.get(URL, params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.json()["field"] == field, (params, response.text)
    bad = _cli(
        setup.settings, setup.weak, setup.strong, "--from", "2026-01-14", "--to", "2026-01-10"
    )
    assert bad.exit_code == 2, bad.output


def test_compare_is_not_taken_for_a_model_id(setup: Setup, client: TestClient) -> None:
    params = {"a": setup.weak, "b": setup.strong, **RANGE}
    assert client.get(URL, params=params).status_code == 200
    assert client.get(f"{URL}/inspect").status_code == 404  # as a bundle id it is unknown
    assert client.get(f"/api/train/models/{setup.weak}/inspect").status_code == 200


def test_api_and_cli_agree(setup: Setup, client: TestClient) -> None:
    response = client.get(URL, params={"a": setup.weak, "b": setup.strong, **RANGE})
    assert response.status_code == 200, response.text
    as_json = _cli(setup.settings, setup.weak, setup.strong, *DATES, "--json")
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output) == response.json()

    table = _cli(setup.settings, setup.weak, setup.strong, *DATES)
    assert table.exit_code == 0, table.output
    payload = response.json()
    text = " ".join(table.output.split())
    for row in payload["per_class"]:
        assert row["label"] in text
    assert f"disagree on {payload['disagreements']['minutes']} minute(s)" in text
    newest = payload["newest_days"]
    assert f"newest days {newest['date_from']} → {newest['date_to']}" in text
    assert "better overall (macro F1):" in text


def test_bundle_ids_are_read_strictly_inside_the_models_directory(
    setup: Setup, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    with pytest.raises(BundleNotFound):
        compare_models(setup.settings, setup.weak, str(outside), FROM, TO)


def test_a_bundle_without_decoding_is_scored_raw(setup: Setup, client: TestClient) -> None:
    """A v1 bundle (trained before decoding and features_v2) against a new one: each read
    with its own columns from the same files, on the same minutes; the old one on raw labels."""
    v1_id = "2026-01-07_000000_run-0001"
    v1_dir = Path(__file__).resolve().parents[1] / "data" / "bundles_v1" / v1_id
    shutil.copytree(v1_dir, setup.settings.models_dir / v1_id, dirs_exist_ok=True)
    response = client.get(URL, params={"a": v1_id, "b": setup.strong, **RANGE})
    assert response.status_code == 200, response.text
    payload = response.json()
    old, new = payload["a"], payload["b"]
    assert old["scored_on"] == "raw" and old["decoded_macro_f1"] is None
    assert old["macro_f1"] == old["raw_macro_f1"]
    assert new["scored_on"] == "decoded" and new["decoded_macro_f1"] == new["macro_f1"]
    assert payload["n_rows"] == setup.labelled_minutes
    test = evaluate_bundle_on_range(setup.settings, v1_id, FROM, TO)["held_out_test"]
    assert "decoded" not in test and old["macro_f1"] == test["macro_f1"]
    assert old["accuracy"] == test["accuracy"]


def test_newest_days_are_the_last_three_with_labelled_rows(setup: Setup, tmp_path: Path) -> None:
    """Rows on every day, labels on the 10th, 11th, 13th and 14th but not the 12th, and none
    after the 14th: the newest days are the 11th to the 14th, scored without the 12th."""
    settings = Settings(
        data_dir=tmp_path / "data", models_dir=setup.settings.models_dir, timezone="UTC"
    )
    write_synthetic_features(settings, FROM, date(2026, 1, 16))
    nine = [datetime(2026, 1, day, 9, tzinfo=UTC) for day in (10, 11, 13, 14)]
    add_label_spans(settings, [(start, start + timedelta(hours=2), "Build") for start in nine])
    payload = compare_models(settings, setup.weak, setup.strong, FROM, date(2026, 1, 16))
    assert payload["n_rows"] == 4 * 120
    newest = payload["newest_days"]
    assert (newest["date_from"], newest["date_to"]) == ("2026-01-11", "2026-01-14")
    assert payload["date_to"] == "2026-01-16"
    assert [row["label"] for row in payload["per_class"] if row["support"]] == ["Build"]
