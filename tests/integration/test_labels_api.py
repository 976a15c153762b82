"""Label REST routes through the real app factory, a real SQLite file and the event bus."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.labels_fx import open_labels_client

SPAN = {"start_ts": "2026-01-05T09:00:00+00:00", "end_ts": "2026-01-05T10:00:00+00:00"}


def add(client: TestClient, label: str = "Build", **times: str) -> dict[str, Any]:
    body = {**SPAN, **times, "label": label, "on_overlap": "keep_both"}
    response = client.post("/api/labels", json=body)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def events(client: TestClient) -> dict[str, Any]:
    return client.app.state.bus.snapshot()  # type: ignore[attr-defined,no-any-return]


def test_create_list_update_delete(labels_client: TestClient) -> None:
    span = add(labels_client, start_ts="2026-01-05T10:00:00+01:00")
    assert span["start_ts"] == "2026-01-05T09:00:00+00:00" and span["source"] == "user"
    assert events(labels_client)["labels_changed"]["action"] == "created"

    listed = labels_client.get("/api/labels").json()
    assert [s["id"] for s in listed] == [span["id"]]
    assert span.pop("warnings") == [] and span.pop("duplicate") is False
    assert labels_client.get(f"/api/labels/{span['id']}").json() == span

    response = labels_client.put(f"/api/labels/{span['id']}", json={"label": "Debug"})
    assert response.status_code == 200 and response.json()["label"] == "Debug"
    assert events(labels_client)["labels_changed"]["ids"] == [span["id"]]

    response = labels_client.delete(f"/api/labels/{span['id']}")
    assert response.status_code == 204 and response.content == b""
    assert labels_client.get("/api/labels").json() == []
    assert events(labels_client)["labels_changed"]["action"] == "deleted"


def test_list_filters_by_local_calendar_days(labels_client: TestClient) -> None:
    add(labels_client, start_ts="2026-01-04T23:30:00Z", end_ts="2026-01-05T00:30:00Z")
    add(labels_client, start_ts="2026-01-06T12:00:00Z", end_ts="2026-01-06T13:00:00Z")
    day = labels_client.get(
        "/api/labels", params={"date_from": "2026-01-05", "date_to": "2026-01-05"}
    )
    assert day.status_code == 200 and len(day.json()) == 1
    assert len(labels_client.get("/api/labels", params={"date_from": "2026-01-06"}).json()) == 1
    assert len(labels_client.get("/api/labels", params={"date_to": "2026-01-04"}).json()) == 1


def test_stats_and_defaults(labels_client: TestClient) -> None:
    add(labels_client)
    add(labels_client, "Meet", start_ts="2026-01-05T11:00:00Z", end_ts="2026-01-05T11:30:00Z")
    body = labels_client.get(
        "/api/labels/stats", params={"date_from": "2026-01-05", "date_to": "2026-01-05"}
    ).json()
    assert body["minutes"] == {"Build": 60.0, "Meet": 30.0}
    labels = labels_client.get("/api/labels/defaults").json()["labels"]
    assert labels[:2] == ["Build", "Debug"] and "BreakIdle" in labels


def test_conflicts_lists_overlaps_with_different_labels(labels_client: TestClient) -> None:
    a = add(labels_client)
    b = add(labels_client, "Meet", start_ts="2026-01-05T09:30:00Z", end_ts="2026-01-05T11:00:00Z")
    add(labels_client, start_ts="2026-01-05T09:10:00Z", end_ts="2026-01-05T09:20:00Z")
    body = labels_client.get("/api/labels/conflicts").json()
    assert body["regions"] == [
        {
            "start_ts": "2026-01-05T09:30:00+00:00",
            "end_ts": "2026-01-05T10:00:00+00:00",
            "labels": ["Build", "Meet"],
            "span_ids": [a["id"], b["id"]],
            "span_count": 2,
        }
    ]
    later = labels_client.get("/api/labels/conflicts", params={"date_from": "2026-01-06"})
    assert later.json() == {"regions": [], "total": 0, "limit": 100, "offset": 0}


def test_csv_round_trip_export_then_import_into_empty_store(
    labels_client: TestClient, tmp_path: Path
) -> None:
    add(labels_client, 'Write, "draft"')
    add(
        labels_client, "Meet", start_ts="2026-01-05T11:00:00.250000Z", end_ts="2026-01-05T12:00:00Z"
    )
    exported = labels_client.get("/api/labels/export")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    text = exported.text
    assert text.splitlines()[0] == "start_ts,end_ts,label"

    before = labels_client.get("/api/labels").json()
    with open_labels_client(tmp_path / "other") as empty:
        assert empty.get("/api/labels").json() == []
        response = empty.post(
            "/api/labels/import", files={"file": ("labels.csv", text.encode(), "text/csv")}
        )
        assert response.status_code == 201, response.text
        assert response.json()["imported"] == 2
        after = empty.get("/api/labels").json()
        assert empty.get("/api/labels/export").text == text
        assert events(empty)["labels_changed"]["action"] == "imported"
    keys = ("start_ts", "end_ts", "label")
    assert [[s[k] for k in keys] for s in after] == [[s[k] for k in keys] for s in before]


def test_formula_like_labels_export_escaped_and_import_back_unchanged(
    labels_client: TestClient, tmp_path: Path
) -> None:
    """A spreadsheet runs a cell starting with = + - @ as a formula: the export puts a quote in
    front, the import takes it off, so export -> import gives back the same labels."""
    names = ['=HYPERLINK("http://evil.example","x")', "+1", "-draft", "@home", "'=kept", "ok"]
    for hour, name in enumerate(names, start=10):
        times = {"start_ts": f"2026-01-05T{hour}:00:00Z", "end_ts": f"2026-01-05T{hour}:30:00Z"}
        add(labels_client, name, **times)
    text = labels_client.get("/api/labels/export").text
    cells = [row[2] for row in csv.reader(io.StringIO(text))][1:]
    assert cells == [
        '\'=HYPERLINK("http://evil.example","x")',
        "'+1",
        "'-draft",
        "'@home",
        "''=kept",
        "ok",
    ]
    with open_labels_client(tmp_path / "other") as empty:
        response = empty.post(
            "/api/labels/import", files={"file": ("labels.csv", text.encode(), "text/csv")}
        )
        assert response.status_code == 201, response.text
        assert [span["label"] for span in empty.get("/api/labels").json()] == names
        assert empty.get("/api/labels/export").text == text


def test_import_accepts_a_raw_text_csv_body(labels_client: TestClient) -> None:
    text = "start_ts,end_ts,label\n2026-01-05T09:00:00Z,2026-01-05T10:00:00Z,Build\n"
    response = labels_client.post(
        "/api/labels/import", content=text, headers={"content-type": "text/csv"}
    )
    assert response.status_code == 201 and response.json()["imported"] == 1
    assert response.json()["spans"][0]["source"] == "import"


BAD_BODIES = [
    ({**SPAN, "label": "Build", "end_ts": SPAN["start_ts"]}, "end_ts"),
    ({**SPAN, "label": "Build", "end_ts": "2026-01-05T08:00:00Z"}, "end_ts"),
    ({**SPAN, "label": "Build", "start_ts": "2026-01-05T09:00:00"}, "start_ts"),
    ({**SPAN, "label": "Build", "start_ts": "yesterday"}, "start_ts"),
    ({**SPAN, "label": "Build", "start_ts": "NaN"}, "start_ts"),
    ({**SPAN, "label": "Build", "start_ts": 1767600000}, "start_ts"),
    ({**SPAN, "label": "Build", "start_ts": None}, "start_ts"),
    ({**SPAN, "label": "Build", "start_ts": "9" * 5000}, "start_ts"),
    ({**SPAN, "label": "Build", "start_ts": "99999-01-01T00:00:00Z"}, "start_ts"),
    ({**SPAN, "label": ""}, "label"),
    ({**SPAN, "label": "  "}, "label"),
    ({**SPAN, "label": "x" * 65}, "label"),
    ({**SPAN, "label": "x" * 100_000}, "label"),
    ({**SPAN, "label": "bad\u0000label"}, "label"),
    ({**SPAN, "label": 5}, "label"),
    ({**SPAN}, "label"),
    ({**SPAN, "label": "Build", "colour": "red"}, "colour"),
    ([], None),
    ("just a string", None),
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_bad_create_bodies_get_4xx_with_message(
    labels_client: TestClient, body: Any, field: str | None
) -> None:
    response = labels_client.post("/api/labels", json=body)
    assert 400 <= response.status_code < 500, response.text
    detail = response.json()
    assert detail["detail"]
    if field is not None:
        assert detail["field"] == field
    assert labels_client.get("/api/labels").json() == []


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"start_ts=1", "application/x-www-form-urlencoded"),
        (b"", "application/json"),
        (b'{"start_ts": "x"}', "text/plain"),
    ],
)
def test_malformed_create_requests_get_4xx(
    labels_client: TestClient, content: bytes, content_type: str
) -> None:
    response = labels_client.post(
        "/api/labels", content=content, headers={"content-type": content_type}
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]


def test_update_and_delete_errors(labels_client: TestClient) -> None:
    span = add(labels_client)
    url = f"/api/labels/{span['id']}"
    cases = [
        labels_client.put(url, json={"end_ts": "2026-01-05T08:00:00Z"}),
        labels_client.put(url, json={"label": ""}),
        labels_client.put(url, json={"nope": 1}),
        labels_client.put("/api/labels/999", json={"label": "x"}),
        labels_client.put("/api/labels/abc", json={"label": "x"}),
        labels_client.put(f"/api/labels/{2**64}", json={"label": "x"}),
        labels_client.delete("/api/labels/999"),
        labels_client.delete("/api/labels/0"),
        labels_client.delete("/api/labels/-3"),
        labels_client.get("/api/labels/999"),
    ]
    for response in cases:
        assert 400 <= response.status_code < 500, response.text
        assert response.json()["detail"]
    assert cases[3].status_code == 404 and cases[6].status_code == 404
    span.pop("warnings"), span.pop("duplicate")
    assert labels_client.get(url).json() == span


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_from": "20260101"}, "date_from"),
        ({"date_to": "x" * 500}, "date_to"),
        ({"date_from": "2026-01-06", "date_to": "2026-01-05"}, "date_from"),
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"date_to": "9999-12-31"}, "date_to"),
        ({"date_form": "2026-01-05"}, "date_form"),  # a typo must not silently list everything
    ],
)
def test_bad_date_queries_get_422_naming_the_field(
    labels_client: TestClient, params: dict[str, str], field: str
) -> None:
    for path in ("/api/labels", "/api/labels/export", "/api/labels/stats", "/api/labels/conflicts"):
        response = labels_client.get(path, params=params)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["field"] == field, (path, response.text)
        assert field in response.json()["detail"]


GOOD_ROW = "2026-01-05T09:00:00Z,2026-01-05T10:00:00Z,Build\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1"),
        ("a,b,c\n" + GOOD_ROW, "line 1"),
        (
            "start_ts,end_ts,label\n" + GOOD_ROW + "2026-01-05T11:00:00Z,2026-01-05T10:00:00Z,X\n",
            "line 3",
        ),
        (
            "start_ts,end_ts,label\n" + GOOD_ROW + "2026-01-05T11:00:00Z,2026-01-05T12:00:00Z\n",
            "line 3",
        ),
        (
            "start_ts,end_ts,label\n" + GOOD_ROW + "2026-01-05T11:00:00Z,2026-01-05T12:00:00Z,\n",
            "line 3",
        ),
        ("start_ts,end_ts,label\n2026-01-05T09:00:00,2026-01-05T10:00:00Z,A\n", "line 2"),
    ],
)
def test_bad_csv_rejects_the_whole_file_naming_the_line(
    labels_client: TestClient, text: str, message: str
) -> None:
    for kwargs in (
        {"files": {"file": ("l.csv", text.encode(), "text/csv")}},
        {"content": text.encode(), "headers": {"content-type": "text/csv"}},
    ):
        response = labels_client.post("/api/labels/import", **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 422, response.text
        assert message in response.json()["detail"]
    assert labels_client.get("/api/labels").json() == []
    assert "labels_changed" not in events(labels_client)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"content": b"start_ts,end_ts,label\n", "headers": {"content-type": "application/json"}},
        {"content": b"\xff\xfe\x00bad", "headers": {"content-type": "text/csv"}},
        {"files": {"other": ("l.csv", b"start_ts,end_ts,label\n", "text/csv")}},
        {"data": {"file": "not a file"}, "files": {"x": ("a", b"", "text/plain")}},
        {"content": b"--nope\r\n", "headers": {"content-type": "multipart/form-data; boundary=z"}},
        {"content": b"", "headers": {}},
    ],
)
def test_bad_import_requests_get_4xx(labels_client: TestClient, kwargs: dict[str, Any]) -> None:
    response = labels_client.post("/api/labels/import", **kwargs)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]
