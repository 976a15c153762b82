"""The page's entry asks the day's data, then loads the dashboard's own code: a page whose
dashboard code cannot be fetched says so instead of staying blank."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect

from fixtures.api_fx import UiServer


def test_a_dashboard_that_cannot_load_says_so(page: Page, tray_server: UiServer) -> None:
    asked: list[str] = []

    def refuse(route: Route) -> None:
        asked.append(route.request.url)
        route.abort()

    page.route("**/assets/start-*.js", refuse)
    page.goto(f"{tray_server.base_url}/#/labels/2026-01-05")
    expect(page.locator("#app")).to_have_text(
        "The dashboard could not be loaded. Reload the page to try again."
    )
    assert asked, "the dashboard's code was never asked for"
