"""In the browser: cost labels keep clear of the zoom control and of the Karachi markers."""

from __future__ import annotations

import pytest

from layers.figures import MAX_RADIUS

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
COST_MARKER = """name => {
    const group = Object.keys(window)
        .filter(k => k.startsWith('layer_control') && k.endsWith('_layers'))
        .map(k => window[k].overlays)[0]['Cost estimates (PKR)'];
    return group.getLayers().find(l => String(l.getTooltip().getContent()).includes(name));
}"""
# Move the map so that the cost marker named `name` sits at container point (x, y), then report
# where its label is and whether it is shown.
PLACE_AND_MEASURE = (
    "([name, x, y]) => {\n    const find = "
    + COST_MARKER
    + """;
    const marker = find(name);
    const map = window.map_div;
    const p = map.latLngToContainerPoint(marker.getLatLng());
    map.panBy([p.x - x, p.y - y], {animate: false});
    map.fire('moveend');
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


@pytest.fixture
def frame(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(app_url)
    page.frame_locator(MAP_FRAME).first.locator(".ra-cost").first.wait_for(
        state="attached", timeout=90_000
    )
    yield next(f for f in page.frames if "streamlit_folium" in f.url)
    context.close()


def test_a_label_under_the_zoom_control_is_hidden_and_returns_when_clear(frame):
    under = frame.evaluate(PLACE_AND_MEASURE, ["Cost to Turkey", 27, 20])
    assert under["top"] < under["zoomBottom"] and under["left"] < under["zoomRight"]
    assert under["hidden"] is True
    clear = frame.evaluate(PLACE_AND_MEASURE, ["Cost to Turkey", 400, 300])
    assert clear["hidden"] is False


def test_the_karachi_label_hangs_below_the_karachi_markers(frame):
    at = frame.evaluate(PLACE_AND_MEASURE, ["Cost to travel to Karachi", 500, 300])
    assert at["hidden"] is False
    # The label starts below the largest figure circle drawn at Karachi port.
    assert at["top"] > at["pointY"] + MAX_RADIUS
    assert at["left"] < at["pointX"] < at["right"]
