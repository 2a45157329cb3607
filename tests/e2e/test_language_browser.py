"""The language switch in the browser: Urdu turns the page right to left, and the link keeps it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

URDU_TITLE = "آگاہی کے لیے اضلاع کا انتخاب"


def test_switching_to_urdu_sets_rtl_and_the_link_carries_it(browser, app_url):
    page = browser.new_page()
    page.goto(app_url + "/awareness")
    page.get_by_role("heading", name="Awareness targeting").first.wait_for(timeout=120_000)
    assert page.evaluate("document.documentElement.dir") in ("", "ltr")
    page.locator("[data-testid='stSidebar']").get_by_text("اردو", exact=True).click()
    page.get_by_role("heading", name=URDU_TITLE).first.wait_for(timeout=120_000)
    page.wait_for_function("document.documentElement.dir === 'rtl'", timeout=30_000)
    assert page.evaluate("document.documentElement.lang") == "ur"
    page.wait_for_url("**lang=ur**", timeout=30_000)
    link = page.url
    page.close()

    fresh = browser.new_context().new_page()  # a colleague opening the shared address
    fresh.goto(link)
    fresh.get_by_role("heading", name=URDU_TITLE).first.wait_for(timeout=120_000)
    fresh.wait_for_function("document.documentElement.dir === 'rtl'", timeout=30_000)
    nav = fresh.locator("[data-testid='stSidebarNav']").inner_text()
    assert "راستوں کا نقشہ" in nav  # navigation titles from the catalogue
    fresh.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    fresh.get_by_role("heading", name="Awareness targeting").first.wait_for(timeout=120_000)
    fresh.wait_for_function("document.documentElement.dir === 'ltr'", timeout=30_000)
    fresh.close()


def test_an_awareness_link_reproduces_the_view_in_a_fresh_browser(browser, app_url):
    page = browser.new_page()
    page.goto(app_url + "/awareness")
    page.get_by_role("heading", name="Awareness targeting").first.wait_for(timeout=120_000)
    top = page.locator("input[aria-label='Top N']")
    top.fill("4")
    top.press("Enter")
    page.get_by_role("heading", name="Top 4 districts").wait_for(timeout=120_000)
    page.wait_for_url("**top=4**", timeout=30_000)
    link = page.url
    page.close()
    fresh = browser.new_context().new_page()
    fresh.goto(link)
    fresh.get_by_role("heading", name="Top 4 districts").wait_for(timeout=120_000)
    expect(fresh.locator("input[aria-label='Top N']")).to_have_value("4", timeout=30_000)
    fresh.context.close()
