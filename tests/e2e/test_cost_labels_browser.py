"""In the browser: cost labels keep clear of the zoom control and of the Karachi markers.

The live Route map keeps one map in its frame; each view's overlays arrive through
``st_folium(feature_group_to_add=...)`` and are listed by the view's layer control
(``window.layer_control``), so the cost layer is found there by its name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page

from layers.figures import MAX_RADIUS

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
COST_LAYER = "Cost estimates (PKR)"
COST_MARKER = (
    """name => {
    const item = window.layer_control._layers.find(l => l.overlay && l.name === """
    + repr(COST_LAYER)
    + """);
    if (!item) { throw new Error('no cost layer in the layer control'); }
    if (!window.map_div.hasLayer(item.layer)) { throw new Error('cost layer not on the map'); }
    const marker = item.layer.getLayers()
        .find(l => l.getTooltip && String(l.getTooltip().getContent()).includes(name));
    if (!marker) { throw new Error('no cost marker ' + name); }
    return marker;
}"""
)
# Where the cost marker named `name` and its label are, and whether the label is shown.
MEASURE = (
    "name => {\n    const find = "
    + COST_MARKER
    + """;
    const marker = find(name);
    const map = window.map_div;
    const label = marker.getElement().querySelector('.ra-cost');
    const box = map.getContainer().getBoundingClientRect();
    const r = label.getBoundingClientRect();
    const z = map.getContainer().querySelector('.leaflet-control-zoom').getBoundingClientRect();
    const q = map.latLngToContainerPoint(marker.getLatLng());
    return {
        hidden: label.style.visibility === 'hidden',
        top: r.top - box.top, left: r.left - box.left, right: r.right - box.left,
        zoomBottom: z.bottom - box.top, zoomRight: z.right - box.left,
        pointX: q.x, pointY: q.y,
    };
}"""
)
# Move the map so that the cost marker named `name` sits at container point (x, y), then
# measure as above.
PLACE_AND_MEASURE = (
    "([name, x, y]) => {\n    const find = "
    + COST_MARKER
    + ";\n    const measure = "
    + MEASURE
    + """;
    const marker = find(name);
    const map = window.map_div;
    const p = map.latLngToContainerPoint(marker.getLatLng());
    map.panBy([p.x - x, p.y - y], {animate: false});
    map.fire('moveend');
    return measure(name);
}"""
)


def _covers_zoom(at: dict[str, Any]) -> bool:
    return at["top"] < at["zoomBottom"] and at["left"] < at["zoomRight"]


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(app_url)
    page.frame_locator(MAP_FRAME).first.locator(".ra-cost").first.wait_for(
        state="attached", timeout=90_000
    )
    yield page
    context.close()


@pytest.fixture
def frame(page: Page) -> Frame:
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("() => !!window.raDrawn", timeout=90_000)
    return frame


def test_a_label_under_the_zoom_control_is_hidden_and_returns_when_clear(frame: Frame) -> None:
    under = frame.evaluate(PLACE_AND_MEASURE, ["Cost to Turkey", 27, 20])
    assert _covers_zoom(under)
    assert under["hidden"] is True
    clear = frame.evaluate(PLACE_AND_MEASURE, ["Cost to Turkey", 400, 300])
    assert not _covers_zoom(clear)
    assert clear["hidden"] is False


def test_labels_of_a_new_view_are_hidden_under_the_zoom_control_as_they_arrive(
    page: Page, frame: Frame
) -> None:
    under = frame.evaluate(PLACE_AND_MEASURE, ["Cost to Turkey", 27, 20])
    assert _covers_zoom(under) and under["hidden"] is True
    frame.evaluate("() => { window.__oldCosts = window.layer_control; }")
    count = frame.evaluate("() => window.raDrawCount")
    widget = page.locator("[data-testid='stSelectbox']").filter(
        has=page.get_by_text("Colour districts by", exact=True)
    )
    widget.first.locator("input").first.click()
    page.get_by_role("option", name="Destination affinity: Spain", exact=True).click()
    page.keyboard.press("Escape")
    frame.wait_for_function(f"() => window.raDrawCount > {count}", timeout=60_000)
    # A new layer control and new cost markers, on the same map, not moved since.
    assert frame.evaluate("() => window.layer_control !== window.__oldCosts")
    frame.wait_for_function(
        "() => document.querySelectorAll('.ra-cost').length > 0 && "
        "Array.from(document.querySelectorAll('.ra-cost'))"
        ".some(l => l.style.visibility === 'hidden')",
        timeout=30_000,
    )
    arrived = frame.evaluate(MEASURE, "Cost to Turkey")
    assert _covers_zoom(arrived)
    assert arrived["hidden"] is True
    clear = frame.evaluate(PLACE_AND_MEASURE, ["Cost to Turkey", 400, 300])
    assert clear["hidden"] is False


def test_the_karachi_label_hangs_below_the_karachi_markers(frame: Frame) -> None:
    at = frame.evaluate(PLACE_AND_MEASURE, ["Cost to travel to Karachi", 500, 300])
    assert at["hidden"] is False
    # The label starts below the largest figure circle drawn at Karachi port.
    assert at["top"] > at["pointY"] + MAX_RADIUS
    assert at["left"] < at["pointX"] < at["right"]


# Move the map (as a drag does: 'move' events, no 'moveend') so that the cost marker named
# `name` sits at container point (x, y).
DRAG_TO = (
    "([name, x, y]) => {\n    const find = "
    + COST_MARKER
    + """;
    const marker = find(name);
    const map = window.map_div;
    const p = map.latLngToContainerPoint(marker.getLatLng());
    map._rawPanBy([p.x - x, p.y - y]);
    map.fire('move');
}"""
)
HIDDEN = (
    "name => {\n    const find = "
    + COST_MARKER
    + """;
    return find(name).getElement().querySelector('.ra-cost').style.visibility === 'hidden';
}"""
)


def test_a_label_dragged_under_the_zoom_control_hides_before_the_drag_ends(frame: Frame) -> None:
    assert frame.evaluate(PLACE_AND_MEASURE, ["Cost to Turkey", 400, 300])["hidden"] is False
    frame.evaluate(DRAG_TO, ["Cost to Turkey", 27, 20])
    frame.wait_for_function(HIDDEN, arg="Cost to Turkey", timeout=10_000)
    assert _covers_zoom(frame.evaluate(MEASURE, "Cost to Turkey"))


def test_a_label_under_the_opened_layer_list_hides_and_returns_when_it_folds(
    frame: Frame,
) -> None:
    # Just left of the folded layer list's button, then the list opens over it.
    right = frame.evaluate(
        "() => window.map_div.getContainer().querySelector('.leaflet-control-layers')"
        ".getBoundingClientRect().left - window.map_div.getContainer()"
        ".getBoundingClientRect().left"
    )
    assert frame.evaluate(PLACE_AND_MEASURE, ["Cost to Turkey", right - 100, 30])["hidden"] is False
    frame.evaluate("() => { window.layer_control.expand(); }")
    frame.wait_for_function(HIDDEN, arg="Cost to Turkey", timeout=10_000)
    frame.evaluate("() => { window.layer_control.collapse(); }")
    frame.wait_for_function(f"n => !({HIDDEN})(n)", arg="Cost to Turkey", timeout=10_000)
