"""Per-minute predictions of a bundle (or the current model) over stored feature rows, via
the API and ``taskclf model predict``: one row per feature row, true labels from the spans."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fixtures.api_fx import add_label_spans, write_synthetic_features
from fixtures.training_fx import train_synthetic
from taskclf.api.app import create_app
from taskclf.cli.app import app as cli_app
from taskclf.core.settings import Settings

RANGE = {"date_from": "2026-01-05", "date_to": "2026-01-06"}
NINE, TEN = datetime(2026, 1, 5, 9, tzinfo=UTC), datetime(2026, 1, 5, 10, tzinfo=UTC)


class ReportingTray:
    def __init__(self, report: dict[str, Any]) -> None:
        self.report = report

    def get_tray_state(self) -> dict[str, Any]:
        return self.report


@pytest.fixture
def trained(api_settings: Settings) -> tuple[str, Any]:
    """A bundle, two days of stored rows, and one labelled hour (09:00-10:00 on the 5th)."""
    outcome = train_synthetic(api_settings, rounds=5)
    data = write_synthetic_features(api_settings, date(2026, 1, 5), date(2026, 1, 6))
    add_label_spans(api_settings, [(NINE, TEN, "Build")])
    return outcome.model_id, data


def test_one_row_per_feature_row_with_true_labels(
    api_client: TestClient, trained: tuple[str, Any]
) -> None:
    model_id, data = trained
    response = api_client.get(f"/api/train/models/{model_id}/predictions", params=RANGE)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model_id"] == model_id
    rows = body["rows"]
    assert len(rows) == data.frame.height > 0
    assert rows[0]["minute"] == data.frame["bucket_start_ts"][0].isoformat()
    keys = {"minute", "label", "confidence", "true_label", "raw_label"}
    assert all(set(row) == keys for row in rows)
    assert all(0.0 <= row["confidence"] <= 1.0 and row["label"] for row in rows)
    labelled = [row["minute"] for row in rows if row["true_label"] is not None]
    assert labelled and all(NINE.isoformat() <= m < TEN.isoformat() for m in labelled)
    assert {row["true_label"] for row in rows} == {None, "Build"}


def test_current_is_the_trays_model_else_the_active_one(
    api_settings: Settings, trained: tuple[str, Any]
) -> None:
    model_id, _ = trained
    other = train_synthetic(api_settings, rounds=3).model_id
    for tray, expected in (
        (None, other),
        (ReportingTray({"loaded": True, "model_id": model_id}), model_id),
    ):
        with TestClient(create_app(api_settings, tray=tray), base_url="http://127.0.0.1") as client:
            response = client.get("/api/train/models/current/predictions", params=RANGE)
            either = {**RANGE, "when_none": "empty"}
            same = client.get("/api/train/models/current/predictions", params=either)
        assert response.status_code == 200, response.text
        assert response.json()["model_id"] == expected
        assert same.json() == response.json()


def test_no_model_and_bad_ranges_are_refused(api_client: TestClient) -> None:
    response = api_client.get("/api/train/models/current/predictions", params=RANGE)
    assert response.status_code == 404 and "no active model" in response.json()["detail"]
    # the Labels tab asks once and takes "no model" as an empty answer
    empty = {**RANGE, "when_none": "empty"}
    response = api_client.get("/api/train/models/current/predictions", params=empty)
    assert response.status_code == 200
    assert response.json() == {"model_id": None, **RANGE, "rows": []}
    wrong = api_client.get(
        "/api/train/models/current/predictions", params={**RANGE, "when_none": "x"}
    )
    assert wrong.status_code == 422 and wrong.json()["field"] == "when_none", wrong.text
    missing = api_client.get("/api/train/models/nope/predictions", params=RANGE)
    assert missing.status_code == 404
    for params, field in (
        ({"date_from": "2026-01-06", "date_to": "2026-01-05"}, "date_from"),
        ({"date_from": "2025-01-01", "date_to": "2026-06-01"}, "date_to"),
        ({"date_from": "2026-02-30", "date_to": "2026-03-01"}, "date_from"),
        ({"date_from": "2026-01-05"}, "date_to"),
    ):
        response = api_client.get("/api/train/models/current/predictions", params=params)
        assert response.status_code == 422 and response.json()["field"] == field, response.text


def test_cli_writes_the_same_rows(
    api_client: TestClient, api_settings: Settings, trained: tuple[str, Any], tmp_path: Path
) -> None:
    model_id, _ = trained
    api_rows = api_client.get(f"/api/train/models/{model_id}/predictions", params=RANGE).json()
    base = ["--data-dir", str(api_settings.data_dir), "--models-dir", str(api_settings.models_dir)]
    base += ["--timezone", "UTC", "model", "predict"]
    dates = ["--from", RANGE["date_from"], "--to", RANGE["date_to"]]
    for name in ("p.csv", "p.parquet"):
        out = tmp_path / name
        result = CliRunner().invoke(cli_app, [*base, model_id, *dates, "--out", str(out)])
        assert result.exit_code == 0, result.output
        frame = pl.read_csv(out) if name.endswith(".csv") else pl.read_parquet(out)
        assert frame.height == len(api_rows["rows"])
        assert frame["label"].to_list() == [row["label"] for row in api_rows["rows"]]
        assert frame["true_label"].to_list() == [row["true_label"] for row in api_rows["rows"]]
    current = CliRunner().invoke(cli_app, [*base, "--current", *dates])
    assert current.exit_code == 0 and current.output.startswith("minute,label,confidence")
    assert CliRunner().invoke(cli_app, [*base, "nope", *dates]).exit_code == 3
    assert (
        CliRunner()
        .invoke(cli_app, [*base, model_id, "--from", "2026-01-09", "--to", "2026-01-01"])
        .exit_code
        == 2
    )
