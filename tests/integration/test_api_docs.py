"""The API docs and the dashboard work offline and send the browser nowhere else."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_docs_are_served_locally(api_client: TestClient) -> None:
    page = api_client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""", page.text)
    assert urls, page.text
    assert all(url.startswith("/") for url in urls), urls
    for url in urls:
        assert api_client.get(url).status_code == 200, url
    assert api_client.get("/openapi.json").json()["info"]["title"] == "taskclf"


def test_the_printed_address_serves_the_dashboard_locked_down(api_client: TestClient) -> None:
    page = api_client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "<script" in page.text and "http://" not in page.text and "https://" not in page.text
    assets = re.findall(r'(?:src|href)="(/[^"]+)"', page.text)
    assert any(a.startswith("/assets/") and a.endswith(".js") for a in assets), assets
    for url in assets:
        answer = api_client.get(url)
        assert answer.status_code == 200, url
        if url.startswith("/assets/"):
            assert "immutable" in answer.headers["cache-control"]
    assert api_client.get("/favicon.ico").status_code == 200
    assert api_client.get("/assets/no-such-file.js").status_code == 404


def test_info_gives_the_dashboard_its_defaults(api_client: TestClient) -> None:
    from taskclf import __version__
    from taskclf.core.timeutil import local_today

    assert api_client.get("/api/info").json() == {
        "version": __version__,
        "timezone": "UTC",
        "today": local_today("UTC").isoformat(),
        "tray": False,
    }


def test_a_missing_body_is_named(api_client: TestClient) -> None:
    response = api_client.post("/api/labels", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"detail": "body: a JSON object body is required", "field": "body"}


def test_the_schema_documents_the_one_error_shape_and_csv(api_client: TestClient) -> None:
    schema = api_client.get("/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            invalid = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert invalid == {"$ref": "#/components/schemas/ErrorOut"}, (method, path)
    export = schema["paths"]["/api/labels/export"]["get"]["responses"]["200"]["content"]
    assert list(export) == ["text/csv"]
    csv_in = schema["paths"]["/api/labels/import"]["post"]["requestBody"]["content"]
    assert set(csv_in) == {"text/csv", "multipart/form-data"}
    date_from = schema["components"]["schemas"]["TrainRequest"]["properties"]["date_from"]
    assert date_from["pattern"].startswith("^(19[7-9]")


def test_an_unsupported_method_lists_what_the_path_allows(api_client: TestClient) -> None:
    response = api_client.put("/api/labels/defaults", json={})
    assert response.status_code == 405 and response.headers["allow"] == "GET"
    response = api_client.post("/api/labels/7", json={})
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, PUT"
