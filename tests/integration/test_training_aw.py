"""The whole real path: generator -> real aw-server -> features -> ground-truth labels ->
`taskclf train lgbm` -> a valid bundle -> `taskclf model inspect --from --to` on held-out days.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taskclf.aw.client import AwClient
from taskclf.cli.app import app
from taskclf.labels.store import LabelStore
from taskclf.registry import list_bundles
from taskclf.synthetic.activity import generate_range
from taskclf.synthetic.seed import seed_events

pytestmark = [pytest.mark.aw, pytest.mark.slow]

FIRST = date(2026, 1, 5)
TRAIN_LAST = FIRST + timedelta(days=5)
TEST_FIRST, LAST = TRAIN_LAST + timedelta(days=1), TRAIN_LAST + timedelta(days=2)


def test_train_on_real_features_and_replay_held_out_days(aw_server, unique_host, tmp_path: Path):
    activity = generate_range(FIRST, LAST, "UTC", seed=17)
    with AwClient(aw_server.base_url) as client:
        seed_events(client, activity.events, unique_host)
    with LabelStore(tmp_path / "data" / "taskclf.sqlite3") as store:
        for span in activity.spans:
            store.add(span.start, span.end, span.label, source="ground-truth")
    base = [
        "--data-dir", str(tmp_path / "data"), "--models-dir", str(tmp_path / "models"),
        "--aw-host", aw_server.base_url, "--aw-hostname", unique_host, "--timezone", "UTC",
    ]  # fmt: skip
    runner, env = CliRunner(), {"TASKCLF_CONFIG": ""}

    def run(*args: str) -> str:
        result = runner.invoke(app, [*base, *args], env=env)
        assert result.exit_code == 0, result.output
        return result.output

    run("features", "build", "--from", FIRST.isoformat(), "--to", LAST.isoformat())
    run("train", "lgbm", "--from", FIRST.isoformat(), "--to", TRAIN_LAST.isoformat())
    [info] = list_bundles(tmp_path / "models")
    n_labels = activity.truth["label"].n_unique()
    assert info.valid and info.macro_f1 is not None
    assert info.macro_f1 > 2.5 / n_labels, info  # well above chance (1 / n_labels)

    payload = json.loads(
        run(
            "model",
            "inspect",
            info.model_id,
            "--from",
            TEST_FIRST.isoformat(),
            "--to",
            LAST.isoformat(),
            "--json",
        )
    )
    test = payload["held_out_test"]
    expected_rows = sum(activity.active_minutes(d, "UTC") for d in (TEST_FIRST, LAST))
    assert 0.8 * expected_rows <= test["n_rows"] <= expected_rows
    assert not test["overlaps_training"]
    assert test["macro_f1"] > 2.5 / n_labels
    assert payload["metadata"]["data_provenance"] == "activitywatch"
    assert payload["bundle_saved_validation"]["macro_f1"] == info.macro_f1
    human = run("model", "inspect", info.model_id, "--from", TEST_FIRST.isoformat(), "--to",
                LAST.isoformat())  # fmt: skip
    assert "held-out test" in human
