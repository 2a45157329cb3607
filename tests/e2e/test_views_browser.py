"""End to end: views as links, reloads, the live map kept across changes, small screens, print.

The app runs without internet (no tiles); every wait is on the page's own signals (the map's
``window.raDrawn`` / ``window.raDrawCount``, elements appearing), never on a sleep.
"""

from __future__ import annotations

import hashlib
import re

import pytest

from geo.corridors import load_corridors
from tests.e2e.pages import check_phone_legend, check_popup_clear_of_controls, open_page

ALL_SHOWN = f"{len(load_corridors())} of {len(load_corridors())}"
"""The caption when no filter hides a corridor, counted from the data."""

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
COUNTS = "() => Object.fromEntries(Object.entries(window.raLayers).map(([k, v]) => [k, v.getLayers().length]))"  # noqa: E501
OVERLAYS_ON = """() => window.layer_control._layers
    .filter(l => l.overlay && window.map.hasLayer(l.layer)).map(l => l.name)"""


def _drawn(page):
    """The map frame once its view is drawn."""
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-container").wait_for(
        state="attached", timeout=90_000
    )
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("() => !!window.raDrawn", timeout=90_000)
    return frame


def _caption(page) -> str:
    caption = page.get_by_text("corridors shown").first
    caption.wait_for()
    return caption.inner_text()


def _pick(page, label: str, option: str) -> None:
    widget = page.locator("[data-testid='stSelectbox'], [data-testid='stMultiSelect']").filter(
        has=page.get_by_text(label, exact=True)
    )
    widget.first.locator("input").first.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def _redrawn(frame, count: int) -> None:
    frame.wait_for_function(f"() => window.raDrawCount > {count}", timeout=60_000)


def _pick_and_redraw(page, frame, label: str, option: str) -> None:
    """Choose ``option`` in the widget ``label`` and wait until the live map drew the new view."""
    count = frame.evaluate("() => window.raDrawCount")
    _pick(page, label, option)
    _redrawn(frame, count)


def test_a_copied_route_map_link_opens_the_same_view(browser, app_url):
    context, page = open_page(browser, app_url)
    frame = _drawn(page)
    _pick_and_redraw(page, frame, "Mode", "sea")
    _pick_and_redraw(page, frame, "Colour districts by", "Destination affinity: Spain")
    page.wait_for_url("**role=*", timeout=30_000)
    page.get_by_text("Copy link to this view").click()
    link = page.locator("[data-testid='stCode'] code").first.inner_text().strip()
    assert "mode=sea" in link and "auth" not in link
    caption, drawn, layers = _caption(page), frame.evaluate(COUNTS), frame.evaluate(OVERLAYS_ON)
    context.close()

    other, fresh = open_page(browser, link)
    frame = _drawn(fresh)
    assert _caption(fresh) == caption and ALL_SHOWN not in caption
    assert frame.evaluate(COUNTS) == drawn
    assert frame.evaluate(OVERLAYS_ON) == layers
    assert fresh.errors == []
    other.close()


def test_a_malformed_link_opens_the_default_view_with_a_notice(browser, app_url):
    context, page = open_page(browser, app_url + "/?mode=boat&k=-3&currency=%3Cscript%3E")
    frame = _drawn(page)
    toast = page.locator("[data-testid='stToast']").first
    toast.wait_for(timeout=30_000)
    assert "3 parameter(s)" in toast.inner_text() and "not understood" in toast.inner_text()
    assert "script" not in page.inner_text("body")  # the hostile value is never echoed
    assert page.locator("[data-testid='stException']").count() == 0
    assert _caption(page).startswith(ALL_SHOWN)
    assert page.evaluate("() => location.search") == ""  # the address now holds the clean view
    assert frame.evaluate("() => window.raBaseChosen") == "OpenStreetMap"
    assert page.errors == []
    context.close()


def test_a_filter_change_keeps_the_map_and_changes_what_it_draws(browser, app_url):
    context, page = open_page(browser, app_url)
    frame = _drawn(page)
    before = frame.evaluate(COUNTS)["corridors"]
    frame.evaluate("() => { window.map.__kept = 'the same map'; }")
    _pick_and_redraw(page, frame, "Mode", "air")
    assert frame.evaluate("() => window.map.__kept") == "the same map"
    after = frame.evaluate(COUNTS)["corridors"]
    assert 0 < after < before
    _pick_and_redraw(page, frame, "Basemap", "Offline (vendored boundaries)")
    assert frame.evaluate("() => window.map.__kept") == "the same map"
    assert frame.evaluate("() => window.map.hasLayer(window.raBase[window.raBaseChosen])")
    assert frame.evaluate("() => window.raBaseChosen") == "Offline (vendored boundaries)"
    context.close()


def test_a_layer_switched_off_in_the_map_stays_off_in_the_next_view(browser, app_url):
    context, page = open_page(browser, app_url)
    frame = _drawn(page)
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("Province and region statements", exact=True).click()
    assert "Province and region statements" not in frame.evaluate(OVERLAYS_ON)
    _pick_and_redraw(page, frame, "Mode", "land")
    on = frame.evaluate(OVERLAYS_ON)
    assert "Province and region statements" not in on and "Transit corridors" in on
    context.close()


def test_a_reload_restores_the_view_and_the_sidebar(browser, app_url):
    context, page = open_page(browser, app_url)
    frame = _drawn(page)
    _pick_and_redraw(page, frame, "Direction", "inbound")
    _pick_and_redraw(page, frame, "Currency for costs", "EUR")
    page.wait_for_url("**currency=EUR*", timeout=30_000)
    caption = _caption(page)
    page.reload()
    frame = _drawn(page)
    assert _caption(page) == caption
    assert "Cost estimates (EUR)" in frame.evaluate(OVERLAYS_ON)
    # Away and back: navigation clears the address, the session keeps the view.
    page.get_by_role("link", name="Sources").click()
    page.get_by_role("heading", name="Sources").first.wait_for()
    page.get_by_role("link", name="Route map").click()
    frame = _drawn(page)
    assert _caption(page) == caption
    context.close()


def test_a_typed_rate_gives_the_same_amount_on_the_costs_page_and_the_map(browser, app_url):
    context, page = open_page(browser, app_url)
    frame = _drawn(page)
    _pick_and_redraw(page, frame, "Currency for costs", "USD")
    count = frame.evaluate("() => window.raDrawCount")
    page.get_by_text("Exchange rates").click()
    box = page.get_by_role("spinbutton", name="PKR per US dollar")
    box.fill("100")
    box.press("Enter")
    _redrawn(frame, count)
    legend = frame.locator(".ra-legend").inner_text()
    assert "1 USD = 100.00 PKR" in legend
    assert frame.get_by_text("approximately 300 USD").count() >= 1  # 30,000 PKR at 100
    page.get_by_role("link", name="Costs").click()
    page.get_by_role("heading", name="Costs of irregular migration").wait_for()
    page.get_by_text("1 USD = 100.00 PKR").first.wait_for(timeout=30_000)  # drawn after the title
    context.close()


def test_a_reload_logs_out_as_the_log_in_box_says(browser, app_url):
    from geo.records.access import create_user
    from geo.records.store import RecordStore

    context, page = open_page(browser, app_url + "/data")
    page.get_by_role("heading", name="Data: interception records").first.wait_for(timeout=90_000)
    page.get_by_text("Reloading the page or opening a new tab logs you out").wait_for()
    store = RecordStore(str(_var_dir(app_url) / "records.sqlite"))
    create_user(store, "reloader", "a long test passphrase", role="analyst")
    page.get_by_role("textbox", name="User name").fill("reloader")
    page.get_by_role("textbox", name="Password").fill("a long test passphrase")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Logged in as reloader").wait_for(timeout=30_000)
    stored = page.evaluate(
        "() => [location.href, document.cookie, JSON.stringify(localStorage),"
        " JSON.stringify(sessionStorage)].join(' ')"
    )
    hashes = {row[0] for row in store.auth.query("SELECT token_hash FROM sessions")}
    assert hashes  # the log-in made a session
    candidates = set(re.findall(r"[A-Za-z0-9_-]{40,}", stored))
    assert not {hashlib.sha256(c.encode()).hexdigest() for c in candidates} & hashes
    page.reload()
    page.get_by_role("button", name="Log in").wait_for(timeout=60_000)
    assert page.get_by_text("Logged in as reloader").count() == 0
    context.close()


def _var_dir(url: str):
    from tests.e2e.conftest import VAR_DIRS

    return VAR_DIRS[url]


def test_on_a_phone_the_legend_starts_collapsed_and_covers_little(browser, app_url):
    context, page = open_page(browser, app_url, width=390, height=844)
    frame = _drawn(page)
    check_phone_legend(page, frame, map_frame=MAP_FRAME)
    check_popup_clear_of_controls(frame)
    context.close()


def test_print_view_hides_the_sidebar_and_widgets_and_keeps_the_map_first(browser, app_url):
    context, page = open_page(browser, app_url, width=1000, height=1400)
    frame = _drawn(page)
    frame.locator(".ra-legend summary").click()  # folded on screen, it opens for print
    page.emulate_media(media="print")
    frame.wait_for_function("() => document.querySelector('.ra-legend details').open")
    assert not page.locator("section[data-testid='stSidebar']").is_visible()
    assert not page.locator("[data-testid='stMultiSelect']").first.is_visible()
    top = page.locator(MAP_FRAME).first.bounding_box()["y"]
    assert top < 1000  # the map starts on the first printed page (A4 is about 1,100 px tall)
    assert page.locator(MAP_FRAME).first.is_visible()
    context.close()
