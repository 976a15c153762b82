"""The train job end to end over real parquet files, a real label store and real bundles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from fixtures.training_fx import train_synthetic, write_feature_days
from taskclf.core.errors import (
    MSG_EMPTY_FEATURES,
    MSG_NO_FEATURE_DATA,
    MSG_NO_LABEL_SPANS,
    MSG_NO_LABELED_ROWS,
    Cancelled,
    EmptyFeatures,
    NoFeatureData,
    NoLabeledRows,
    NoLabelSpans,
    TrainingDataError,
)
from taskclf.core.progress import CancelToken, no_progress
from taskclf.core.requests import TrainRequest
from taskclf.core.settings import Settings
from taskclf.jobs.train import evaluate_bundle_on_range, train
from taskclf.labels.store import LabelStore
from taskclf.registry import list_bundles
from taskclf.training import synthetic

STEPS = [
    "initializing",
    "loading_features",
    "projecting_labels",
    "splitting",
    "training",
    "saving",
    "done",
]


def request(
    date_from: str = "2026-01-05", date_to: str = "2026-01-09", **extra: object
) -> TrainRequest:
    return TrainRequest.model_validate({"date_from": date_from, "date_to": date_to, **extra})


def seed_real_data(settings: Settings, date_from: date, date_to: date) -> LabelStore:
    """Synthetic rows written as feature files, their task blocks added as label spans."""
    data = synthetic.generate(date_from, date_to, "UTC")
    write_feature_days(settings, data.frame)
    store = LabelStore(settings.db_path)
    for start, end, label in zip(
        data.span_starts_us, data.span_ends_us, data.span_labels, strict=True
    ):
        store.add(_dt(int(start)), _dt(int(end)), str(label))
    return store


def _dt(us: int) -> datetime:
    return datetime.fromtimestamp(us / 1e6, tz=UTC)


def test_progress_steps_in_order_and_monotonic(train_settings: Settings) -> None:
    seen: list[tuple[str, int, str]] = []
    outcome = train(
        request(num_boost_round=30, synthetic=True),
        train_settings,
        lambda s, p, m: seen.append((s, p, m)),
        CancelToken(),
    )
    steps = list(dict.fromkeys(step for step, _, _ in seen))
    assert steps == STEPS
    pcts = [p for _, p, _ in seen]
    assert pcts == sorted(pcts) and pcts[0] == 0 and pcts[-1] == 100
    training = [(p, m) for s, p, m in seen if s == "training"]
    assert training[0][1].startswith("Training LightGBM (30 rounds, ")
    assert " train / " in training[0][1] and training[-1][0] == 85
    assert seen[-1][2] == f"Model saved to {outcome.model_id}"
    assert outcome.model_dir == train_settings.models_dir / outcome.model_id
    assert set(outcome.metrics) == {"macro_f1", "weighted_f1"}
    assert not train_settings.data_dir.exists()  # synthetic: the data dir is never written


def test_two_runs_give_identical_models(tmp_path: Path) -> None:
    texts = []
    for name in ("a", "b"):
        settings = Settings(
            data_dir=tmp_path / name, models_dir=tmp_path / name / "m", timezone="UTC"
        )
        outcome = train_synthetic(settings, rounds=15)
        texts.append((outcome.model_dir / "model.txt").read_bytes())
    assert texts[0] == texts[1]


def test_cancel_stops_within_one_round_and_leaves_no_bundle(train_settings: Settings) -> None:
    cancel = CancelToken()
    rounds: list[int] = []

    def progress(step: str, pct: int, message: str) -> None:
        if step == "training" and " round " in message:
            rounds.append(int(message.rsplit(" ", 1)[1].split("/")[0]))
        if rounds and not cancel.cancelled:
            cancel.cancel()

    # progress is throttled: the first reported round may be any early one; none follows it
    with pytest.raises(Cancelled, match="Cancelled by user"):
        train(request(num_boost_round=2000, synthetic=True), train_settings, progress, cancel)
    assert len(rounds) == 1 and rounds[0] < 2000
    models = train_settings.models_dir
    assert not models.exists() or not any(models.iterdir())


def test_booster_stops_in_the_round_cancel_arrives() -> None:
    data = synthetic.generate(date(2026, 1, 5), date(2026, 1, 6))
    from taskclf.training.dataset import build_dataset
    from taskclf.training.lgbm import lgbm_params, make_lgb_dataset, train_booster

    ds = build_dataset(data.frame, data.labels)
    cancel, rounds = CancelToken(), []

    def on_round(done: int, total: int) -> None:
        rounds.append(done)
        if done == 3:
            cancel.cancel()

    lgb_set = make_lgb_dataset(ds.X, ds.y, ds.feature_names, ds.categorical_features)
    with pytest.raises(Cancelled):
        train_booster(lgb_set, lgbm_params(len(ds.label_names)), 100, on_round, cancel)
    assert rounds == [1, 2, 3]


def test_cancel_before_start(train_settings: Settings) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        train(request(synthetic=True), train_settings, no_progress, cancel)
    assert not train_settings.models_dir.exists()


def test_no_feature_files(train_settings: Settings) -> None:
    with pytest.raises(NoFeatureData) as err:
        train(request(), train_settings, no_progress, CancelToken())
    assert str(err.value).startswith(MSG_NO_FEATURE_DATA)


def test_feature_files_with_zero_rows(train_settings: Settings) -> None:
    frame = synthetic.generate(date(2026, 1, 5), date(2026, 1, 5), "UTC").frame
    write_feature_days(train_settings, frame)
    from taskclf.features.store import feature_path, write_features

    write_features(
        feature_path(train_settings, date(2026, 1, 5)),
        frame.head(0),
        date(2026, 1, 5),
        datetime.now(UTC),
    )
    with pytest.raises(EmptyFeatures) as err:
        train(request(), train_settings, no_progress, CancelToken())
    assert str(err.value).startswith(MSG_EMPTY_FEATURES)


def test_no_label_spans_in_range(train_settings: Settings) -> None:
    store = seed_real_data(train_settings, date(2026, 1, 5), date(2026, 1, 5))
    store.close()
    write_feature_days(train_settings, synthetic.generate(date(2026, 1, 6), date(2026, 1, 6)).frame)
    with pytest.raises(NoLabelSpans) as err:  # labels exist, features exist, not together
        train(request("2026-01-06", "2026-01-06"), train_settings, no_progress, CancelToken())
    assert str(err.value).startswith(MSG_NO_LABEL_SPANS)


def test_no_labeled_rows_after_projection(train_settings: Settings) -> None:
    write_feature_days(train_settings, synthetic.generate(date(2026, 1, 5), date(2026, 1, 5)).frame)
    with LabelStore(train_settings.db_path) as store:
        start = datetime(2026, 1, 5, 10, 0, 30, tzinfo=UTC)  # never covers a whole minute
        store.add(start, start + timedelta(seconds=45), "Build")
        with pytest.raises(NoLabeledRows) as err:
            train(
                request("2026-01-05", "2026-01-05"),
                train_settings,
                no_progress,
                CancelToken(),
                label_store=store,
            )
    assert str(err.value).startswith(MSG_NO_LABELED_ROWS)


def test_single_class_fails_clearly(train_settings: Settings) -> None:
    write_feature_days(train_settings, synthetic.generate(date(2026, 1, 5), date(2026, 1, 5)).frame)
    with LabelStore(train_settings.db_path) as store:
        store.add(datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 6, tzinfo=UTC), "Build")
        with pytest.raises(TrainingDataError, match="Only one label class"):
            train(
                request("2026-01-05", "2026-01-05"),
                train_settings,
                no_progress,
                CancelToken(),
                label_store=store,
            )
    assert not train_settings.models_dir.exists()


def test_real_files_train_and_replay_on_held_out_days(train_settings: Settings) -> None:
    store = seed_real_data(train_settings, date(2026, 1, 5), date(2026, 1, 12))
    try:
        outcome = train(
            request("2026-01-05", "2026-01-10", num_boost_round=40),
            train_settings,
            no_progress,
            CancelToken(),
            label_store=store,
        )
        [info] = list_bundles(train_settings.models_dir)
        assert info.valid and outcome.metrics["macro_f1"] > 0.4  # 8 classes: chance ≈ 0.125
        payload = evaluate_bundle_on_range(
            train_settings,
            outcome.model_id,
            date(2026, 1, 11),
            date(2026, 1, 12),
            label_store=store,
        )
    finally:
        store.close()
    test = payload["held_out_test"]
    assert test["n_rows"] == 2 * 480 and not test["overlaps_training"]
    assert test["macro_f1"] > 0.4
    assert np.asarray(test["confusion_matrix"]).sum() == test["n_rows"]
    saved = payload["bundle_saved_validation"]
    assert set(saved) <= set(test)  # read the same way as the saved validation
    assert set(test["per_class_derived"]) == set(test["label_names"])
    assert payload["metadata"]["data_provenance"] == "activitywatch"
    assert payload["metadata"]["split"]["validation_rows"] > 0


def test_cli_train_list_inspect_activate(train_settings: Settings) -> None:
    from taskclf.cli.app import app

    runner = CliRunner()
    base = [
        "--data-dir",
        str(train_settings.data_dir),
        "--models-dir",
        str(train_settings.models_dir),
        "--timezone",
        "UTC",
    ]
    env = {"TASKCLF_CONFIG": str(_empty_config(train_settings))}
    result = runner.invoke(
        app,
        [
            *base,
            "train",
            "lgbm",
            "--from",
            "2026-01-05",
            "--to",
            "2026-01-08",
            "--synthetic",
            "--num-boost-round",
            "10",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    [info] = list_bundles(train_settings.models_dir)
    assert "Model saved to" in result.output and info.model_id in result.output
    listed = runner.invoke(app, [*base, "model", "list", "--json"], env=env)
    assert listed.exit_code == 0 and info.model_id in listed.output
    shown = runner.invoke(app, [*base, "model", "inspect", "--current", "--json"], env=env)
    assert shown.exit_code == 0 and '"bundle_saved_validation"' in shown.output
    assert runner.invoke(app, [*base, "model", "activate", info.model_id], env=env).exit_code == 0
    missing = runner.invoke(app, [*base, "model", "inspect", "../x"], env=env)
    assert missing.exit_code == 3
    failed = runner.invoke(
        app, [*base, "train", "lgbm", "--from", "2026-01-05", "--to", "2026-01-08"], env=env
    )
    assert failed.exit_code == 1 and MSG_NO_FEATURE_DATA in " ".join(failed.output.split())
    bad = runner.invoke(
        app, [*base, "train", "lgbm", "--from", "2026-01-09", "--to", "2026-01-08"], env=env
    )
    assert bad.exit_code != 0


def _empty_config(settings: Settings) -> Path:
    path = settings.models_dir.parent / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    return path


def test_cli_inspect_names_labels_the_model_never_trained_on(
    train_settings: Settings, synthetic_bundle
) -> None:
    import json

    from taskclf.cli.app import app

    meta_path = synthetic_bundle.model_dir / "metadata.json"
    meta = json.loads(meta_path.read_text())
    assert meta["split"]["labels_only_in_validation"] == []  # synthetic days have every label
    meta["split"]["labels_only_in_validation"] = ["Meet"]
    meta_path.write_text(json.dumps(meta))
    base = ["--data-dir", str(train_settings.data_dir), "--models-dir"]
    args = [*base, str(train_settings.models_dir), "--timezone", "UTC", "model", "inspect"]
    env = {"TASKCLF_CONFIG": str(_empty_config(train_settings))}
    shown = CliRunner().invoke(app, [*args, synthetic_bundle.model_id], env=env)
    assert shown.exit_code == 0, shown.output
    assert "never trained on: Meet" in " ".join(shown.output.split())


@pytest.mark.slow
def test_ctrl_c_during_cli_training_cancels_cleanly(train_settings: Settings) -> None:
    """SIGINT while the worker thread trains: exit 130, one error line, no bundle."""
    import os
    import signal
    import subprocess
    import sys

    env = {
        **os.environ,
        "TASKCLF_CONFIG": str(_empty_config(train_settings)),
        "TTY_COMPATIBLE": "1",  # rich draws the live bar into the pipe, as in a terminal
        "TTY_INTERACTIVE": "1",
    }
    args = ["--data-dir", str(train_settings.data_dir), "--models-dir"]
    args += [str(train_settings.models_dir), "--timezone", "UTC", "train", "lgbm"]
    args += ["--from", "2026-01-05", "--to", "2026-03-05", "--synthetic"]
    child = subprocess.Popen(
        [str(Path(sys.executable).parent / "taskclf"), *args, "--num-boost-round", "10000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert child.stdout is not None
    seen = b""
    while b" round " not in seen:  # boosting has begun in the worker thread
        chunk = os.read(child.stdout.fileno(), 4096)
        assert chunk, seen.decode(errors="replace")
        seen += chunk
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    text = err.decode()
    assert child.returncode == 130, text
    assert "Cancelled by user" in text and "Traceback" not in text and "Error" not in text
    models = train_settings.models_dir
    assert not models.exists() or not [p for p in models.iterdir() if p.is_dir()]
