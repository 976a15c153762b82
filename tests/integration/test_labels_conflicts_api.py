"""``GET /api/labels/conflicts``: merged regions, paged, small however many spans overlap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

DAY = datetime(2026, 1, 5, 9, tzinfo=UTC)


def import_csv(client: TestClient, rows: list[tuple[datetime, datetime, str]]) -> list[int]:
    text = "start_ts,end_ts,label\n" + "".join(
        f"{a.isoformat()},{b.isoformat()},{label}\n" for a, b, label in rows
    )
    response = client.post(
        "/api/labels/import?on_overlap=keep_both",
        content=text,
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 201, response.text
    return [span["id"] for span in response.json()["spans"]]


@pytest.mark.timeout(120)  # a safety net against a hang only; the old answer took minutes
def test_5000_mutually_overlapping_spans_give_one_small_region(labels_client: TestClient) -> None:
    rows = [
        (DAY + timedelta(seconds=i), DAY + timedelta(hours=8, seconds=i), f"L{i % 8}")
        for i in range(5000)
    ]
    ids = import_csv(labels_client, rows)
    response = labels_client.get("/api/labels/conflicts")
    assert response.status_code == 200, response.text[:500]
    assert len(response.content) < 10_000
    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (1, 100, 0)
    [region] = body["regions"]
    assert region["start_ts"] == (DAY + timedelta(seconds=1)).isoformat()
    # until the second-last span ends: the last one alone has a single label
    assert region["end_ts"] == (DAY + timedelta(hours=8, seconds=4998)).isoformat()
    assert region["labels"] == [f"L{i}" for i in range(8)]
    assert region["span_count"] == 5000 and region["span_ids"] == ids[:50]


def test_regions_page_with_limit_and_offset(labels_client: TestClient) -> None:
    rows = []
    for n in range(250):  # 250 separate stretches, each a Build/Meet overlap of 10 minutes
        start = DAY + timedelta(hours=n)
        rows += [(start, start + timedelta(minutes=20), "Build")]
        rows += [(start + timedelta(minutes=10), start + timedelta(minutes=30), "Meet")]
    import_csv(labels_client, rows)

    first = labels_client.get("/api/labels/conflicts").json()
    assert (first["total"], first["limit"], first["offset"]) == (250, 100, 0)
    assert len(first["regions"]) == 100
    pages = [
        labels_client.get("/api/labels/conflicts", params={"limit": 60, "offset": off}).json()
        for off in range(0, 300, 60)
    ]
    regions = [region for page in pages for region in page["regions"]]
    assert [len(page["regions"]) for page in pages] == [60, 60, 60, 60, 10]
    assert regions[:100] == first["regions"]
    starts = [region["start_ts"] for region in regions]
    assert starts == sorted(starts) and len(set(starts)) == 250
    assert regions[7]["start_ts"] == (DAY + timedelta(hours=7, minutes=10)).isoformat()
    assert regions[7]["end_ts"] == (DAY + timedelta(hours=7, minutes=20)).isoformat()
    assert regions[7]["labels"] == ["Build", "Meet"] and regions[7]["span_count"] == 2

    everything = labels_client.get("/api/labels/conflicts", params={"limit": 1000}).json()
    assert everything["regions"] == regions
    beyond = labels_client.get("/api/labels/conflicts", params={"offset": 10_000}).json()
    assert beyond["regions"] == [] and beyond["total"] == 250


def test_regions_are_clipped_to_the_chosen_days(labels_client: TestClient) -> None:
    night = datetime(2026, 1, 5, 22, tzinfo=UTC)
    import_csv(
        labels_client,
        [(night, night + timedelta(hours=4), "Build"), (night, night + timedelta(hours=3), "Meet")],
    )
    both = labels_client.get("/api/labels/conflicts").json()["regions"]
    assert [(r["start_ts"], r["end_ts"]) for r in both] == [
        ("2026-01-05T22:00:00+00:00", "2026-01-06T01:00:00+00:00")
    ]
    day = labels_client.get("/api/labels/conflicts", params={"date_from": "2026-01-06"}).json()
    assert [(r["start_ts"], r["end_ts"]) for r in day["regions"]] == [
        ("2026-01-06T00:00:00+00:00", "2026-01-06T01:00:00+00:00")
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": "1.5"}, "offset"),
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"page": 2}, "page"),
    ],
)
def test_bad_paging_gets_422_naming_the_field(
    labels_client: TestClient, params: dict[str, object], field: str
) -> None:
    response = labels_client.get("/api/labels/conflicts", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
