"""A deep link opened first on a freshly started app shows the app's navigation and sidebar."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_first_visit_to_a_deep_link_gets_the_whole_app(browser, fresh_app_url):
    page = browser.new_page()
    page.goto(fresh_app_url + "/sources")
    page.get_by_role("heading", name="Sources").first.wait_for(timeout=90_000)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Currency for costs").wait_for(timeout=30_000)
    nav = sidebar.locator("[data-testid='stSidebarNav']").inner_text()
    assert "Route map" in nav and "Checkpoint planner" in nav
    assert "common" not in nav  # no automatic page for a helper module
    page.close()
