"""The saved model is refit on every labelled row; the per-signal table, opt-in, is stored in
the bundle and read back through the API (training in the worker process) and the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import lightgbm as lgb
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fixtures.api_fx import wait_for_job
from fixtures.training_fx import write_feature_days
from taskclf.core.progress import CancelToken, no_progress
from taskclf.core.requests import TrainRequest
from taskclf.core.settings import Settings
from taskclf.jobs.train import evaluate_bundle_on_range, train
from taskclf.labels.store import LabelStore
from taskclf.training import synthetic
from taskclf.training.signals import SIGNAL_GROUPS

ROW_KEYS = {"removed", "macro_f1", "macro_f1_decoded"}


def _dt(us: int) -> datetime:
    return datetime.fromtimestamp(us / 1e6, tz=UTC)


def test_the_saved_model_learns_a_label_only_the_validation_rows_have(
    train_settings: Settings,
) -> None:
    """Meetings are labelled only on the newest day, as "Standup": the time-split fit never
    sees that label, so validation cannot find it, but the saved model (refit on all rows)
    has learnt it."""
    first, last = date(2026, 1, 5), date(2026, 1, 9)
    data = synthetic.generate(first, last, "UTC")
    write_feature_days(train_settings, data.frame)
    last_day = int(datetime(2026, 1, 9, tzinfo=UTC).timestamp() * 1e6)
    with LabelStore(train_settings.db_path) as store:
        spans = zip(data.span_starts_us, data.span_ends_us, data.span_labels, strict=True)
        for start, end, label in spans:
            if label != "Meet":
                store.add(_dt(int(start)), _dt(int(end)), str(label))
            elif int(start) >= last_day:
                store.add(_dt(int(start)), _dt(int(end)), "Standup")
        request = TrainRequest(date_from=first, date_to=last, num_boost_round=30)
        outcome = train(request, train_settings, no_progress, CancelToken(), label_store=store)
        replayed = evaluate_bundle_on_range(
            train_settings, outcome.model_id, last, last, label_store=store
        )
    meta = json.loads((outcome.model_dir / "metadata.json").read_text())
    assert meta["split"]["labels_only_in_validation"] == ["Standup"]
    split = meta["split"]
    assert meta["final_fit"]["on"] == "all labelled rows"
    assert meta["final_fit"]["rows"] == meta["n_labeled_rows"]
    assert meta["n_labeled_rows"] == split["train_rows"] + split["validation_rows"]
    assert meta["final_fit"]["rounds"] == 30
    saved = replayed["bundle_saved_validation"]["per_class_derived"]["Standup"]
    assert saved["support"] > 0 and saved["recall"] == 0.0  # the validation fit's figures
    assert replayed["held_out_test"]["per_class_derived"]["Standup"]["recall"] > 0.5
    booster = lgb.Booster(model_file=str(outcome.model_dir / "model.txt"))
    assert booster.num_trees() == 30 * len(meta["label_names"])


def test_signal_report_through_the_api_and_the_cli(
    api_client: TestClient, api_settings: Settings
) -> None:
    body = {"date_from": "2026-01-05", "date_to": "2026-01-07", "synthetic": True}
    plain = _train(api_client, body | {"num_boost_round": 10})
    reported = _train(api_client, body | {"num_boost_round": 10, "signal_report": True})
    assert _inspect(api_client, plain)["signal_table"] is None
    payload = _inspect(api_client, reported)
    table = payload["signal_table"]
    assert [row["removed"] for row in table] == [None, *SIGNAL_GROUPS]
    assert all(set(row) == ROW_KEYS for row in table)
    assert all(0.0 <= row["macro_f1"] <= 1.0 for row in table)
    assert all(0.0 <= row["macro_f1_decoded"] <= 1.0 for row in table)
    first = table[0]
    assert first["macro_f1"] == payload["bundle_saved_validation"]["macro_f1"]
    assert first["macro_f1_decoded"] == payload["bundle_saved_validation_decoded"]["macro_f1"]
    # the synthetic tasks differ mostly by app: leaving the app out must cost something
    assert table[-1]["macro_f1"] < first["macro_f1"]

    args = ["--data-dir", str(api_settings.data_dir), "--models-dir"]
    args += [str(api_settings.models_dir), "--timezone", "UTC", "model", "inspect", reported]
    env = {"TASKCLF_CONFIG": str(_empty_config(api_settings.models_dir.parent))}
    shown = CliRunner().invoke(_cli(), args, env=env)
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "per-signal table" in text and "without titles" in text
    assert "validation raw" in text and "validation decoded" in text
    assert f"{table[-1]['macro_f1']:.3f}" in text
    as_json = CliRunner().invoke(_cli(), [*args, "--json"], env=env)
    assert json.loads(as_json.output)["signal_table"] == table


def _train(client: TestClient, body: dict[str, object]) -> str:
    response = client.post("/api/train/start", json=body)
    assert response.status_code == 202, response.text
    status = wait_for_job(client)
    assert status["status"] == "complete", (status["error"], status)
    return Path(status["model_dir"]).name


def _inspect(client: TestClient, model_id: str) -> dict:
    response = client.get(f"/api/train/models/{model_id}/inspect")
    assert response.status_code == 200, response.text
    return response.json()


def _cli():  # the Typer app, imported where used like the other CLI tests
    from taskclf.cli.app import app

    return app


def _empty_config(root: Path) -> Path:
    path = root / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    return path
