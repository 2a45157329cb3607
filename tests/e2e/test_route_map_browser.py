"""End to end: the route map in headless Chromium, with no internet (so no tiles)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TILE_HOSTS = ("tile.openstreetmap.org", "server.arcgisonline.com")
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
# The live map's layer control is window.layer_control (st_folium sends it with each view).
OVERLAYS = """const overlays = () => Object.fromEntries(window.layer_control._layers
    .filter(l => l.overlay).map(l => [l.name, l.layer]));
"""


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.errors = []  # uncaught exceptions
    page.console_errors = []
    page.failed = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("requestfailed", lambda request: page.failed.append(request.url))
    page.goto(app_url)
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-container").wait_for(timeout=90_000)
    _map_frame(page).wait_for_function("() => !!window.raDrawn", timeout=90_000)
    yield page
    context.close()


def _map_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def _overlay_names(frame) -> list[str]:
    return frame.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".map(l => l.textContent.trim())"
    )


def test_map_shows_its_layers(page):
    names = _overlay_names(_map_frame(page))
    for layer in ("Source districts", "Border crossings", "Transit corridors"):
        assert layer in names
    assert any(name.startswith("Figures:") for name in names)


def test_toggling_a_layer_removes_it_from_the_map(page):
    frame = _map_frame(page)
    script = OVERLAYS + "name => window.map_div.hasLayer(overlays()[name])"
    assert frame.evaluate(script, "Transit corridors") is True
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("Transit corridors", exact=True).click()
    assert frame.evaluate(script, "Transit corridors") is False


TORKHAM_POINT = (
    OVERLAYS
    + """() => {
        const torkham = window.raLayers.crossings.getLayers()
            .find(l => String(l.getTooltip().getContent()).includes('Torkham'));
        window.map_div.setView(torkham.getLatLng(), 7, {animate: false});
        const p = window.map_div.latLngToContainerPoint(torkham.getLatLng());
        return {x: p.x, y: p.y};
    }"""
)


def test_clicking_a_crossing_opens_its_popup(page):
    frame = _map_frame(page)
    popup = frame.locator(".leaflet-popup-content")
    text = ""
    for _attempt in range(3):  # the page may still scroll or resize under load
        page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
        point = frame.evaluate(TORKHAM_POINT)
        box = frame.locator("#map_div").bounding_box()  # page coordinates, after scrolling
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        popup.first.wait_for(timeout=10_000)
        text = popup.first.inner_text()
        if "Torkham" in text:
            break
        frame.evaluate("() => window.map_div.closePopup()")
    assert "Torkham" in text and "§3.2" in text
    assert "15,000–20,000" in text and "Interviewee estimate" in text


def test_without_tiles_the_offline_basemap_takes_over(page):
    frame = _map_frame(page)
    frame.locator(".ra-offline-note").wait_for(timeout=30_000)
    checked = frame.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-base input'))"
        ".filter(i => i.checked).map(i => i.nextSibling.textContent.trim())"
    )
    assert checked == ["Offline (vendored boundaries)"]


def test_no_javascript_errors_besides_failed_tiles(page):
    frame = _map_frame(page)
    frame.locator(".leaflet-control-layers").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    not_tiles = [url for url in page.failed if not any(h in url for h in TILE_HOSTS)]
    assert not_tiles == [], not_tiles
    other = [e for e in page.console_errors if "Failed to load resource" not in e]
    assert other == []
