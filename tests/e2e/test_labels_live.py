"""Issue 11 in a real browser: label a stretch on the Labels tab's timeline (mouse and keyboard
only), the overlap choice, a refused CSV import, and the Live tab's suggestion from the running
tray, accepted as a span. Labelling happens on the fixture's unlabelled day, and every test
leaves that day without labels again (the Training tab's tests need it unlabelled)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from fixtures.api_fx import wait_for_job
from fixtures.browser_fx import JOURNEY, UNLABELLED_DAY, Dashboard, until
from fixtures.tray_fx import live_events
from taskclf.aw.client import AwClient
from taskclf.core.errors import TaskclfError
from taskclf.synthetic.seed import seed_events

DAY = str(UNLABELLED_DAY)
DAY_ROUTE = f"#/labels/{DAY}"


def day_spans(api: httpx.Client) -> list[dict[str, Any]]:
    answer = api.get("/api/labels", params={"date_from": DAY, "date_to": DAY})
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def clear_day(api: httpx.Client) -> None:
    for span in day_spans(api):
        assert api.delete(f"/api/labels/{span['id']}").status_code == 204


@pytest.fixture
def board(dashboard: Dashboard) -> Iterator[Dashboard]:
    """The dashboard, with the unlabelled day empty before and after the test."""
    with dashboard.api() as api:
        clear_day(api)
    try:
        yield dashboard
    finally:
        with dashboard.api() as api:
            clear_day(api)


def panel(page: Page) -> Locator:
    return page.get_by_role("tabpanel", name="Labels")


def hm(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%H:%M")


def expected_refusals(board: Dashboard, *codes: int) -> None:
    """A 409 or 422 the test provoked on purpose is logged by Chromium as a failed resource;
    those, and only those, are not problems."""
    marks = tuple(f"status of {code}" for code in codes)
    board.problems[:] = [p for p in board.problems if not any(m in p for m in marks)]


def open_day(board: Dashboard) -> Locator:
    board.open(DAY_ROUTE)
    timeline = board.page.get_by_role("application", name="Timeline")
    expect(timeline).to_be_visible()
    expect(board.page.get_by_test_id("timeline-readout")).not_to_be_empty()
    return timeline


def test_label_a_stretch_by_dragging_on_the_timeline(board: Dashboard) -> None:
    page = board.page
    timeline = open_day(board)
    box = timeline.bounding_box()
    assert box is not None
    y = box["y"] + 70  # the Labels band
    page.mouse.move(box["x"] + box["width"] * 0.35, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.45, y, steps=10)
    page.mouse.up()
    expect(page.get_by_test_id("timeline-selection")).to_be_visible()
    start = panel(page).get_by_label("From", exact=True).input_value()
    end = panel(page).get_by_label("To", exact=True).input_value()
    assert start and end and start < end
    panel(page).get_by_role("combobox", name="Label", exact=True).fill("Write")
    board.shoot("selection")
    panel(page).get_by_role("button", name="Save label").click()

    table = page.get_by_role("table", name="Label spans")
    expect(table.get_by_role("row").filter(has_text="Write")).to_have_count(1)
    expect(page.get_by_test_id("labels-notice")).to_contain_text("Saved Write")
    with board.api() as api:
        spans = day_spans(api)
    assert [(s["label"], hm(s["start_ts"]), hm(s["end_ts"])) for s in spans] == [
        ("Write", start, end)
    ]
    board.shoot("saved")


def test_an_overlap_asks_and_replace_splits_the_old_span(board: Dashboard) -> None:
    page = board.page
    with board.api() as api:
        old = {
            "start_ts": f"{DAY}T02:00:00+00:00",
            "end_ts": f"{DAY}T03:00:00+00:00",
            "label": "Build",
        }
        assert api.post("/api/labels", json=old).status_code == 201
    open_day(board)
    expect(page.get_by_role("table", name="Label spans")).to_contain_text("Build")
    panel(page).get_by_label("From", exact=True).fill("02:20")
    panel(page).get_by_label("To", exact=True).fill("02:40")
    panel(page).get_by_role("combobox", name="Label", exact=True).fill("Debug")
    panel(page).get_by_role("button", name="Save label").click()

    dialog = page.get_by_role("dialog", name="This label overlaps other labels")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("list", name="Overlapped spans")).to_contain_text(
        "Build, 02:00–03:00"
    )
    for name in ("Replace", "Keep both", "Cancel"):
        expect(dialog.get_by_role("button", name=name, exact=True)).to_be_visible()
    board.shoot("overlap")
    dialog.get_by_role("button", name="Replace", exact=True).click()
    expect(dialog).to_be_hidden()

    table = page.get_by_role("table", name="Label spans")
    expect(table.get_by_role("row").filter(has_text="Build")).to_have_count(2)
    with board.api() as api:
        spans = sorted(day_spans(api), key=lambda s: s["start_ts"])
    assert [(s["label"], hm(s["start_ts"]), hm(s["end_ts"])) for s in spans] == [
        ("Build", "02:00", "02:20"),
        ("Debug", "02:20", "02:40"),
        ("Build", "02:40", "03:00"),
    ]
    expected_refusals(board, 409)


def test_editing_a_span_from_the_timeline(board: Dashboard) -> None:
    page = board.page
    with board.api() as api:
        body = {
            "start_ts": f"{DAY}T04:00:00+00:00",
            "end_ts": f"{DAY}T05:00:00+00:00",
            "label": "Meet",
        }
        span_id = api.post("/api/labels", json=body).json()["id"]
    timeline = open_day(board)
    page.get_by_role("button", name="Edit Meet 04:00–05:00").click()
    editor = page.get_by_role("region", name="Edit span")
    expect(editor).to_be_visible()
    editor.get_by_label("End", exact=True).fill("04:30")
    board.shoot("edit")
    editor.get_by_role("button", name="Save changes").click()
    expect(page.get_by_test_id("labels-notice")).to_contain_text("Updated Meet 04:00–04:30")
    with board.api() as api:
        assert hm(api.get(f"/api/labels/{span_id}").json()["end_ts"]) == "04:30"
    page.get_by_role("button", name="Edit Meet 04:00–04:30").click()
    editor.get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("no-spans")).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("table", name="Label spans")).to_contain_text("Meet")
    assert timeline.is_visible()


def test_a_csv_with_a_bad_row_is_refused_naming_its_line(board: Dashboard, tmp_path: Path) -> None:
    page = board.page
    csv = tmp_path / "labels.csv"
    csv.write_text(
        "start_ts,end_ts,label\n"
        f"{DAY}T06:00:00+00:00,{DAY}T06:30:00+00:00,Build\n"
        f"{DAY}T08:00:00+00:00,{DAY}T07:00:00+00:00,Debug\n"
    )
    open_day(board)
    page.get_by_label("Import CSV").set_input_files(str(csv))
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Line 3")
    expect(errors).to_contain_text("Nothing was imported")
    board.shoot("import-error")
    with board.api() as api:
        assert day_spans(api) == []  # all rows or none
    expected_refusals(board, 422)


def test_keyboard_only_labelling(board: Dashboard) -> None:
    page = board.page
    timeline = open_day(board)
    page.get_by_label("Day", exact=True).focus()
    for _ in range(12):  # Tab from the day box reaches the timeline
        if timeline.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(timeline).to_be_focused()
    page.keyboard.press("Home")
    page.keyboard.press("PageUp")
    for _ in range(29):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.get_by_test_id("selection-length")).to_have_text("30 min")
    page.keyboard.press("Enter")  # on to the label box
    label = panel(page).get_by_role("combobox", name="Label", exact=True)
    expect(label).to_be_focused()
    page.keyboard.type("Review")
    page.keyboard.press("Enter")
    expect(page.get_by_role("table", name="Label spans")).to_contain_text("Review")
    with board.api() as api:
        spans = day_spans(api)
    assert len(spans) == 1 and spans[0]["label"] == "Review"
    length = datetime.fromisoformat(spans[0]["end_ts"]) - datetime.fromisoformat(
        spans[0]["start_ts"]
    )
    assert length.total_seconds() == 30 * 60
    board.shoot("keyboard")


class Feed:
    """Fresh ActivityWatch events every second under the fixture tray's host, as a watcher
    would send them, so the tray has a current minute to suggest for."""

    def __init__(self, aw_url: str, host: str) -> None:
        self.aw_url, self.host = aw_url, host
        self.cursor = _now_us() - 15 * 60_000_000
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def tick(self) -> None:
        now = _now_us()
        with AwClient(self.aw_url, timeout_s=2) as client:
            seed_events(client, live_events(self.cursor, now), self.host)
        self.cursor = now

    def run(self) -> None:
        while not self.stop.wait(1.0):
            try:
                self.tick()
            except TaskclfError:
                continue


def _now_us() -> int:
    return int(datetime.now(UTC).timestamp() * 1_000_000)


def test_live_suggestion_and_accept(dashboard: Dashboard, aw_server: Any) -> None:
    page = dashboard.page
    feed = Feed(aw_server.base_url, f"e2e-{os.getpid()}")  # the host tray_server seeds
    feed.tick()
    feed.thread.start()
    try:
        with dashboard.api() as api:
            span = {"date_from": str(JOURNEY[0]), "date_to": str(JOURNEY[1])}
            api.get("/api/train/data-check", params=span)
            assert (
                api.post("/api/train/start", json=span | {"num_boost_round": 20}).status_code == 202
            )
            model_dir = wait_for_job(api)["model_dir"]
            model_id = Path(model_dir).name
            until(lambda: api.get("/api/tray/state").json().get("model_id") == model_id)
            poll = api.get("/api/tray/state").json()["poll_seconds"]
        dashboard.open("#/live")
        label = page.get_by_test_id("suggestion-label")
        expect(label).to_be_visible(timeout=(2 * poll + 5) * 1000)  # within two polls
        expect(page.get_by_test_id("suggestion-confidence")).to_contain_text("%")
        expect(page.get_by_test_id("tray-model").get_by_role("link", name=model_id)).to_be_visible()
        expect(page.get_by_test_id("aw-status")).to_contain_text("ok")
        dashboard.shoot("suggestion")
        suggested = label.inner_text().strip()
        page.get_by_role("button", name="Accept").click()
        expect(page.get_by_test_id("live-notice")).to_contain_text(f"Recorded {suggested}")
        with dashboard.api() as api:
            today = datetime.now(UTC).date()
            spans = api.get(
                "/api/labels", params={"date_from": str(today), "date_to": str(today)}
            ).json()
            accepted = [s for s in spans if s["source"] == "suggestion"]
            assert accepted and accepted[-1]["label"] == suggested
            for s in accepted:  # leave today as it was
                api.delete(f"/api/labels/{s['id']}")
        page.get_by_role("button", name="Pause").click()
        expect(page.get_by_test_id("tray-paused")).to_have_text("paused")
        page.get_by_role("button", name="Resume").click()
        expect(page.get_by_test_id("tray-paused")).not_to_have_text("paused")
    finally:
        feed.stop.set()
        feed.thread.join(timeout=10)
