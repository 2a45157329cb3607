"""Every page opens in the browser without an exception or a JavaScript error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "costs": "Costs of irregular migration",
    "sources": "Sources",
    "planner": "Checkpoint planner",
    "awareness": "Awareness targeting",
    "interceptions": "Interceptions",
    "data": "Data: interception records",
    "briefing": "Briefing pack",
}
TILE_HOSTS = ("tile.openstreetmap.org", "server.arcgisonline.com")


@pytest.mark.parametrize(("path", "title"), sorted(PAGES.items()))
def test_page_opens_cleanly(browser, app_url, path, title):
    page = browser.new_page()
    errors: list[str] = []
    failed: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{app_url}/{path}")
    page.get_by_role("heading", name=title).first.wait_for(timeout=90_000)
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid='stException']").count() == 0
    assert errors == []
    assert [url for url in failed if not any(h in url for h in TILE_HOSTS)] == []
    page.close()
