"""End to end: the Awareness and Planner maps, live, on a phone and in print.

The app runs without internet (no tiles). Waits are on the page's own signals: the map's
``window.raDrawn`` / ``window.raDrawCount``, or elements appearing; never a sleep.
"""

from __future__ import annotations

import pytest

from geo.boundaries import load_districts
from tests.e2e.pages import check_phone_legend, check_popup_clear_of_controls, open_page

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
A4_HEIGHT_PX = 1123
"""An A4 page at 96 CSS pixels per inch: what must hold the map and its legend in print."""
FILLS = "() => window.raLayers.awareness.getLayers().map(l => l.options.fillColor)"


def _map_frame(page):
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-container").wait_for(
        state="attached", timeout=90_000
    )
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def _awareness(browser, app_url, **size):
    context, page = open_page(browser, app_url + "/awareness", **size)
    frame = _map_frame(page)
    frame.wait_for_function("() => !!window.raDrawn", timeout=90_000)
    return context, page, frame


def _planner_with_a_plan(browser, app_url, **size):
    context, page = open_page(browser, app_url + "/planner", **size)
    _map_frame(page)
    page.get_by_role("button", name="Solve").click()
    # The map is drawn again with the plan (its frame may be replaced): wait through the page.
    page.frame_locator(MAP_FRAME).first.locator(".ra-legend").wait_for(timeout=120_000)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())
    return context, page, frame


def test_awareness_draws_every_district_from_the_fetched_file(browser, app_url):
    context, page, frame = _awareness(browser, app_url)
    drawn = frame.evaluate("() => window.raLayers.awareness.getLayers().length")
    assert drawn == len(load_districts())
    assert page.errors == []
    context.close()


def test_a_weight_change_keeps_the_awareness_map_and_recolours_it(browser, app_url):
    context, page, frame = _awareness(browser, app_url)
    frame.evaluate("() => { window.map.__probe = 1; }")
    before, count = frame.evaluate(FILLS), frame.evaluate("() => window.raDrawCount")
    slider = page.get_by_role("slider", name="Staging and recruiting city")
    slider.focus()
    page.keyboard.press("End")  # weight 0 -> 3
    frame.wait_for_function(f"() => window.raDrawCount > {count}", timeout=60_000)
    assert frame.evaluate("() => window.map.__probe") == 1  # the same Leaflet map
    after = frame.evaluate(FILLS)
    assert len(after) == len(before) and after != before
    context.close()


def test_on_a_phone_the_planner_legend_starts_folded_and_covers_little(browser, app_url):
    context, page, frame = _planner_with_a_plan(browser, app_url, width=390, height=844)
    check_phone_legend(page, frame, map_frame=MAP_FRAME)
    check_popup_clear_of_controls(frame)
    context.close()


def test_the_awareness_print_view_starts_with_the_map_and_its_legend(browser, app_url):
    context, page, _frame = _awareness(browser, app_url, width=1000, height=1400)
    page.emulate_media(media="print")
    assert not page.locator("section[data-testid='stSidebar']").is_visible()
    assert not page.get_by_role("slider").first.is_visible()
    title = page.locator("h1").first.bounding_box()
    shown = page.locator(MAP_FRAME).first.bounding_box()
    legend = page.get_by_text("(high)").first.bounding_box()
    assert title["y"] < shown["y"]
    assert legend["y"] + legend["height"] <= A4_HEIGHT_PX
    context.close()


def test_the_planner_print_view_starts_with_the_map_and_opens_its_legend(browser, app_url):
    context, page, frame = _planner_with_a_plan(browser, app_url, width=1000, height=1400)
    frame.locator(".ra-legend summary").click()  # folded on screen, it opens for print
    page.emulate_media(media="print")
    frame.wait_for_function("() => document.querySelector('.ra-legend details').open")
    assert not page.get_by_role("button", name="Solve").is_visible()
    shown = page.locator(MAP_FRAME).first.bounding_box()
    assert shown["y"] + shown["height"] <= A4_HEIGHT_PX  # the map, legend inside, on page one
    context.close()


def test_awareness_charts_wait_in_their_tab_and_the_map_stays(browser, app_url):
    context, page, frame = _awareness(browser, app_url)
    frame.evaluate("() => { window.map.__probe = 1; }")
    assert page.locator(".js-plotly-plot").count() == 0
    page.get_by_role("tab", name="Score breakdown").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    assert "tab=breakdown" in page.url
    assert frame.evaluate("() => window.map.__probe") == 1
    context.close()


def test_a_copied_planner_link_opens_the_same_question(browser, app_url):
    context, page = open_page(browser, app_url + "/planner")
    _map_frame(page)
    box = page.get_by_role("spinbutton", name="k: new checkpoints")
    box.fill("5")
    box.press("Enter")
    page.wait_for_url("**k=5**", timeout=60_000)
    link = page.url
    context.close()
    fresh, again = open_page(browser, link)  # a new context: nothing of the first session
    _map_frame(again)
    shown = again.get_by_role("spinbutton", name="k: new checkpoints")
    shown.wait_for()
    assert shown.input_value() == "5"
    assert again.get_by_text("not understood").count() == 0
    fresh.close()
