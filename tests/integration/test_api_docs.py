"""The API docs page works offline and sends the browser nowhere else."""

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


def test_the_printed_address_leads_to_the_docs(api_client: TestClient) -> None:
    response = api_client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/docs"


def test_info_gives_the_dashboard_its_defaults(api_client: TestClient) -> None:
    from taskclf import __version__
    from taskclf.core.timeutil import local_today

    assert api_client.get("/api/info").json() == {
        "version": __version__,
        "timezone": "UTC",
        "today": local_today("UTC").isoformat(),
        "tray": False,
    }
