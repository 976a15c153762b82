"""Model list and inspect endpoints against bundles trained through the API, on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.api_fx import wait_for_job
from taskclf.api.app import create_app
from taskclf.core.settings import Settings

SUMMARY_KEYS = {
    "model_id", "path", "valid", "invalid_reason", "macro_f1", "weighted_f1", "created_at",
    "date_from", "date_to", "n_rows", "data_provenance", "active", "activation_note",
}  # fmt: skip
TRAIN = {"date_from": "2026-01-05", "date_to": "2026-01-06", "synthetic": True}


class StubTray:
    """Stands in for the tray runtime (another area): reports what it has loaded."""

    def __init__(self, report: dict[str, Any] | None) -> None:
        self.report = report
        self.reloaded: list[Path] = []

    def get_tray_state(self) -> dict[str, Any] | None:
        return self.report

    def reload(self, model_dir: Path) -> None:
        self.reloaded.append(model_dir)


def train(client: TestClient, rounds: int = 15) -> dict[str, Any]:
    response = client.post("/api/train/start", json=TRAIN | {"num_boost_round": rounds})
    assert response.status_code == 202, response.text
    status = wait_for_job(client)
    assert status["status"] == "complete", status
    return status


def test_no_models_directory_lists_nothing(api_client: TestClient) -> None:
    assert api_client.get("/api/train/models").json() == []


def test_status_list_inspect_and_disk_agree(api_client: TestClient) -> None:
    older, newer = train(api_client, 10), train(api_client, 20)
    listed = api_client.get("/api/train/models").json()
    assert [item["path"] for item in listed] == [newer["model_dir"], older["model_dir"]]
    for item, status in zip(listed, (newer, older), strict=True):
        assert set(item) == SUMMARY_KEYS
        assert item["valid"] is True and item["invalid_reason"] is None
        bundle = Path(item["path"])
        assert item["model_id"] == bundle.name
        saved = json.loads((bundle / "metrics.json").read_text())
        metadata = json.loads((bundle / "metadata.json").read_text())
        assert item["macro_f1"] == pytest.approx(saved["macro_f1"])
        assert item["weighted_f1"] == pytest.approx(saved["weighted_f1"])
        assert status["metrics"]["macro_f1"] == pytest.approx(saved["macro_f1"])
        assert item["created_at"] == metadata["created_at"]
        assert (item["date_from"], item["date_to"]) == (TRAIN["date_from"], TRAIN["date_to"])
        assert item["n_rows"] == metadata["n_labeled_rows"] > 0
        assert item["data_provenance"] == "synthetic" and item["active"] is False
        inspected = api_client.get(f"/api/train/models/{item['model_id']}/inspect").json()
        assert inspected["bundle_path"] == item["path"] == status["model_dir"]
        assert inspected["metadata"] == metadata
        validation = inspected["bundle_saved_validation"]
        assert validation["macro_f1"] == pytest.approx(saved["macro_f1"])
        assert validation["label_names"] == saved["label_names"]
        assert validation["confusion_matrix"] == saved["confusion_matrix"]
        assert set(validation["per_class_derived"]) == set(saved["label_names"])
        pairs = validation["top_confusion_pairs"]
        assert [p["count"] for p in pairs] == sorted((p["count"] for p in pairs), reverse=True)
        assert all(p["true_label"] != p["pred_label"] for p in pairs)
        assert "loaded" not in inspected


def test_unknown_model_is_404(api_client: TestClient) -> None:
    response = api_client.get("/api/train/models/2026-01-01_000000_run-0001/inspect")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "field"}


@pytest.mark.parametrize(
    "model_id",
    ["..", "%2e%2e", ".", "...", "%00", "x%00y", "a%20b", "x" * 81, ".hidden", "x%5c..%5cy"],
)
def test_odd_ids_that_reach_the_route_are_404(
    api_client: TestClient, api_settings: Settings, model_id: str
) -> None:
    api_settings.models_dir.mkdir(parents=True)
    (api_settings.models_dir / ".hidden").mkdir()
    response = api_client.get(f"/api/train/models/{model_id}/inspect")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "field"}


def test_invalid_bundle_is_listed_with_a_reason_and_inspect_is_422(
    api_client: TestClient, api_settings: Settings
) -> None:
    good = Path(train(api_client)["model_dir"])
    broken = api_settings.models_dir / "2026-01-01_000000_run-0099"
    shutil.copytree(good, broken)
    (broken / "metrics.json").unlink()
    corrupt = api_settings.models_dir / "2026-01-01_000000_run-0098"
    shutil.copytree(good, corrupt)
    (corrupt / "metadata.json").write_text("{not json")
    listed = {item["model_id"]: item for item in api_client.get("/api/train/models").json()}
    assert listed[good.name]["valid"] is True
    for name, needle in ((broken.name, "metrics.json"), (corrupt.name, "metadata.json")):
        assert listed[name]["valid"] is False
        assert needle in listed[name]["invalid_reason"]
        response = api_client.get(f"/api/train/models/{name}/inspect")
        assert response.status_code == 422
        assert needle in response.json()["detail"]


def test_current_inspect_without_a_tray(api_client: TestClient) -> None:
    response = api_client.get("/api/train/models/current/inspect")
    assert response.json() == {"loaded": False, "reason": "tray_state_unavailable"}


def test_current_inspect_follows_the_tray(api_settings: Settings) -> None:
    tray = StubTray(None)
    with TestClient(create_app(api_settings, tray=tray), base_url="http://127.0.0.1") as client:
        url = "/api/train/models/current/inspect"
        assert client.get(url).json() == {"loaded": False, "reason": "tray_state_unavailable"}
        status = train(client)
        assert tray.reloaded == [Path(status["model_dir"])]
        tray.report = {"loaded": False, "model_dir": status["model_dir"], "model_id": None}
        assert client.get(url).json() == {"loaded": False, "reason": "no_model_loaded"}
        model_id = Path(status["model_dir"]).name
        tray.report = {"loaded": True, "model_dir": status["model_dir"], "model_id": model_id}
        current = client.get(url).json()
        assert current.pop("loaded") is True
        assert current == client.get(f"/api/train/models/{model_id}/inspect").json()


def test_activate_switches_the_running_tray_and_marks_the_list(api_settings: Settings) -> None:
    from taskclf.tray.suggester import Suggester

    tray = Suggester(api_settings)
    with TestClient(create_app(api_settings, tray=tray), base_url="http://127.0.0.1") as client:
        older = Path(train(client, 5)["model_dir"])
        newer = Path(train(client, 10)["model_dir"])
        assert tray.get_tray_state()["model_id"] is None  # synthetic: never auto-promoted
        assert client.post(f"/api/train/models/{older.name}/activate").status_code == 200
        assert tray.get_tray_state()["model_id"] == older.name
        response = client.post(f"/api/train/models/{newer.name}/activate", json={})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["model_id"] == newer.name and body["model_dir"] == str(newer)
        assert body["activated_at"].endswith("+00:00")
        assert tray.get_tray_state()["model_id"] == newer.name  # at once, not next poll
        current = client.get("/api/train/models/current/inspect").json()
        assert current["bundle_path"] == str(newer)
        assert client.get("/api/ws/snapshot").json()["model_loaded"]["model_id"] == newer.name
        active = [m["model_id"] for m in client.get("/api/train/models").json() if m["active"]]
        assert active == [newer.name]


def test_activate_refuses_unknown_invalid_and_foreign_pages(
    api_client: TestClient, api_settings: Settings
) -> None:
    good = Path(train(api_client)["model_dir"])
    broken = api_settings.models_dir / "2026-01-01_000000_run-0099"
    shutil.copytree(good, broken)
    (broken / "model.txt").write_text("not a model")
    unknown = api_client.post("/api/train/models/2026-01-01_000000_run-0042/activate", json={})
    assert unknown.status_code == 404 and set(unknown.json()) == {"detail", "field"}
    invalid = api_client.post(f"/api/train/models/{broken.name}/activate", json={})
    assert invalid.status_code == 409 and "model.txt" in invalid.json()["detail"]
    assert api_client.post("/api/train/models/../activate", json={}).status_code == 404
    foreign = api_client.post(
        f"/api/train/models/{good.name}/activate", headers={"Origin": "http://evil.example"}
    )
    assert foreign.status_code == 403
    assert not (api_settings.models_dir / "active.json").exists()
    assert api_client.post(f"/api/train/models/{good.name}/activate").status_code == 200
    listed = api_client.get("/api/train/models").json()
    assert [(m["model_id"], m["active"]) for m in listed] == [
        (good.name, True),
        (broken.name, False),
    ]
