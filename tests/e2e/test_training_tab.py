"""DESIGN §1 steps 3–5 in a real browser: prepare data, train with live progress, see the
result, open the model, activate another one; plus the ways a job can go wrong."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from fixtures.api_fx import wait_for_job
from fixtures.browser_fx import DOOMED_DAY, JOURNEY, UNLABELLED_DAY, Dashboard, until

LONG_ROUNDS = "2000"  # long enough to watch the bar move and to cancel or reload mid-way


def set_range(page: Page, first: object, last: object) -> None:
    page.get_by_label("From", exact=True).fill(str(first))
    page.get_by_label("To", exact=True).fill(str(last))


def prepare(page: Page) -> None:
    page.get_by_role("button", name="Prepare Data").click()
    expect(page.get_by_test_id("trainable-rows")).to_be_visible(timeout=60_000)


def count(page: Page, test_id: str) -> int:
    return int(page.get_by_test_id(test_id).inner_text().replace(",", "").strip())


def start_training(page: Page, rounds: str) -> None:
    page.get_by_label("Boost rounds").fill(rounds)
    train = page.get_by_role("button", name="Train Model")
    expect(train).to_be_enabled()
    train.click()


def progress_values_until_done(page: Page) -> set[int]:
    """Every aria-valuenow the bar shows until the result appears."""
    bar = page.get_by_role("progressbar", name="Training progress")
    seen: set[int] = set()

    def done() -> bool:
        value = bar.get_attribute("aria-valuenow") if bar.count() else None
        if value is not None:
            seen.add(int(float(value)))
        return page.get_by_test_id("macro-f1").count() > 0

    until(done, limit_s=240, every_s=0.02)
    return seen


def test_prepare_train_inspect_and_activate(dashboard: Dashboard) -> None:
    page = dashboard.page
    span = {"date_from": str(JOURNEY[0]), "date_to": str(JOURNEY[1])}
    with dashboard.api() as api:  # an older model to roll back to later
        check = api.get("/api/train/data-check", params=span).json()
        assert api.post("/api/train/start", json=span | {"num_boost_round": 5}).status_code == 202
        older = Path(wait_for_job(api)["model_dir"]).name
    dashboard.open()
    expect(page.get_by_role("button", name="Train Model")).to_be_disabled()
    set_range(page, *JOURNEY)
    prepare(page)
    assert count(page, "trainable-rows") == check["trainable_rows"] > 0
    assert count(page, "total-feature-rows") == check["total_feature_rows"]
    assert count(page, "label-span-count") == check["label_span_count"]
    dashboard.shoot("prepared")

    start_training(page, LONG_ROUNDS)
    expect(page.get_by_role("progressbar", name="Training progress")).to_be_visible()
    dashboard.shoot("training")
    seen = progress_values_until_done(page)
    assert len(seen) >= 3, seen
    macro = float(page.get_by_test_id("macro-f1").inner_text())
    model_dir = page.get_by_test_id("model-dir").inner_text().strip()
    with dashboard.api() as api:
        status = api.get("/api/train/status").json()
    assert status["model_dir"] == model_dir and round(status["metrics"]["macro_f1"], 3) == macro
    dashboard.shoot("result")

    new_id = Path(model_dir).name
    page.get_by_role("tab", name="Models").click()
    table = page.get_by_role("table", name="Models")
    new_row = table.get_by_role("row").filter(has_text=new_id)
    expect(new_row).to_contain_text("active")
    assert table.get_by_role("row").nth(1).inner_text().startswith(new_id)  # newest first
    dashboard.shoot("models")

    new_row.get_by_role("link", name=new_id).click()
    heatmap = page.get_by_role("img", name="Confusion matrix")
    expect(heatmap).to_be_visible()
    assert heatmap.locator("text").count() > 4  # counts in cells, axis labels
    expect(page.get_by_role("img", name="Feature importance")).to_be_visible()
    expect(page.get_by_role("table", name="Per-class metrics")).to_be_visible()
    expect(page.get_by_test_id("signal-table")).to_have_count(0)  # trained without the report
    dashboard.shoot("model-page")

    dashboard.open(f"#/models/{older}")
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Active", exact=True).first).to_be_visible()  # the POST answered
    with dashboard.api() as api:
        current = api.get("/api/train/models/current/inspect").json()
    assert Path(current["bundle_path"]).name == older
    dashboard.shoot("activated")


def test_the_model_page_shows_what_each_signal_buys(dashboard: Dashboard) -> None:
    """A model trained with the signal report: its page shows macro-F1 with all signals and
    without each group, the change beside each, as inspect says."""
    page = dashboard.page
    body = {"date_from": str(JOURNEY[0]), "date_to": str(JOURNEY[1]), "num_boost_round": 5}
    with dashboard.api() as api:
        assert api.post("/api/train/start", json=body | {"signal_report": True}).status_code == 202
        model_id = Path(wait_for_job(api)["model_dir"]).name
        table = api.get(f"/api/train/models/{model_id}/inspect").json()["signal_table"]
    assert table and table[0]["removed"] is None and len(table) >= 2
    dashboard.open(f"#/models/{model_id}")
    shown = page.get_by_role("table", name="What each signal buys")
    expect(shown).to_be_visible()
    rows = shown.locator("tbody tr")
    expect(rows).to_have_count(len(table))
    everything = table[0]["macro_f1"]
    for row, line in zip(table, (rows.nth(i) for i in range(len(table))), strict=True):
        cells = line.locator("td")
        raw = cells.nth(0).inner_text()
        assert f"{row['macro_f1']:.3f}" in raw
        if row["removed"] is None:
            expect(line.locator("th")).to_contain_text("All signals")
        else:
            expect(line).to_have_attribute("data-signal", row["removed"])
            change = round(row["macro_f1"], 6) - round(everything, 6)
            sign = "±" if f"{abs(change):.3f}" == "0.000" else ("−" if change < 0 else "+")
            assert f"{sign}{abs(change):.3f}" in raw, (raw, row)
    dashboard.shoot("signal-table")


def test_train_is_disabled_without_trainable_rows(dashboard: Dashboard) -> None:
    page = dashboard.page
    dashboard.open()
    set_range(page, UNLABELLED_DAY, UNLABELLED_DAY)
    prepare(page)
    assert count(page, "total-feature-rows") > 0
    assert count(page, "trainable-rows") == 0
    expect(page.get_by_role("button", name="Train Model")).to_be_disabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_contain_text("trainable")
    dashboard.shoot("zero-trainable")


def test_a_failing_job_shows_its_message_and_fix(dashboard: Dashboard) -> None:
    page = dashboard.page
    dashboard.open()
    set_range(page, DOOMED_DAY, DOOMED_DAY)
    prepare(page)
    assert count(page, "trainable-rows") > 0
    with dashboard.api() as api:  # the labels go away after Prepare Data (DESIGN §7)
        span = {"date_from": str(DOOMED_DAY), "date_to": str(DOOMED_DAY)}
        for label in api.get("/api/labels", params=span).json():
            assert api.delete(f"/api/labels/{label['id']}").status_code == 204
    start_training(page, "20")
    expect(page.get_by_test_id("job-error")).to_contain_text(
        "No label spans overlap the selected date range", timeout=60_000
    )
    expect(page.get_by_test_id("job-fix")).to_contain_text("Create labels")
    dashboard.shoot("failed")


def test_cancel_ends_the_job(dashboard: Dashboard) -> None:
    page = dashboard.page
    dashboard.open()
    set_range(page, *JOURNEY)
    prepare(page)
    start_training(page, LONG_ROUNDS)
    bar = page.get_by_role("progressbar", name="Training progress")
    expect(bar).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("job-error")).to_have_text("Cancelled by user", timeout=60_000)
    expect(page.get_by_test_id("job-fix")).to_have_count(0)
    with dashboard.api() as api:
        assert api.get("/api/train/status").json()["error"] == "Cancelled by user"
    dashboard.shoot("cancelled")


def test_reloading_mid_training_shows_the_running_job(dashboard: Dashboard) -> None:
    page = dashboard.page
    with dashboard.api() as api:
        body = {"date_from": str(JOURNEY[0]), "date_to": str(JOURNEY[1]), "num_boost_round": 5000}
        job = api.post("/api/train/start", json=body).json()
    dashboard.open()
    bar = page.get_by_role("progressbar", name="Training progress")
    expect(bar).to_be_visible()
    until(lambda: int(float(bar.get_attribute("aria-valuenow") or 0)) > 0)
    page.reload()
    expect(bar).to_be_visible()
    assert int(float(bar.get_attribute("aria-valuenow") or 0)) > 0
    expect(page.get_by_role("button", name="Cancel")).to_be_enabled()
    dashboard.shoot("reloaded")
    page.get_by_role("button", name="Cancel").click()
    with dashboard.api() as api:
        status = wait_for_job(api)
    assert status["job_id"] == job["job_id"] and status["error"] == "Cancelled by user"
