"""Small steps the browser tests share: open a page in a fresh context, compare boxes."""

from __future__ import annotations

from typing import Any


def open_page(browser: Any, url: str, *, width: int = 1400, height: int = 1000) -> tuple[Any, Any]:
    """A new browser context (nothing of another test) with ``url`` open; its page collects
    the page's script errors in ``page.errors``."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(url)
    return context, page


def overlap(a: dict, b: dict) -> bool:
    """Whether two bounding boxes (Playwright's ``x, y, width, height``) share any area."""
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


POPUP_IN_CORNER = """() => {
    const map = window.map;
    let marker = null;
    map.eachLayer(l => { if (!marker && l.getPopup && l.getPopup() && l.getLatLng) marker = l; });
    const at = map.latLngToContainerPoint(marker.getLatLng());
    map.panBy([at.x - 20, at.y - 20], {animate: false});
    marker.openPopup();
}"""
"""Open the popup of the map's first marker that has one, panned under the top-left corner."""


def check_phone_legend(page: Any, frame: Any, *, map_frame: str) -> None:
    """On a phone: the legend starts folded and covers at most a quarter of the map, and
    opened it keeps to half its width and height."""
    legend = frame.locator(".ra-legend")
    legend.wait_for()
    assert frame.evaluate("() => document.querySelector('.ra-legend details').open") is False
    page.locator(map_frame).first.scroll_into_view_if_needed()
    box, area = legend.bounding_box(), frame.locator(".leaflet-container").bounding_box()
    assert box["width"] * box["height"] <= 0.25 * area["width"] * area["height"]
    legend.locator("summary").click()
    assert frame.evaluate("() => document.querySelector('.ra-legend details').open") is True
    box = legend.bounding_box()
    assert box["width"] <= 0.5 * area["width"] + 1 and box["height"] <= 0.5 * area["height"] + 1


def check_popup_clear_of_controls(frame: Any) -> None:
    """A popup opened under the top-left corner is panned clear of the zoom and layer controls."""
    frame.evaluate(POPUP_IN_CORNER)
    frame.locator(".leaflet-popup-content").wait_for()
    frame.wait_for_function("() => !window.map._panAnim || !window.map._panAnim._inProgress")
    popup = frame.locator(".leaflet-popup-content-wrapper").bounding_box()
    for control in (".leaflet-control-zoom", ".leaflet-control-layers"):
        assert not overlap(popup, frame.locator(control).bounding_box()), control
