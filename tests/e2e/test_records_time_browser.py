"""End to end: imported records beside the report's markers, and stepping through months."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.records.importer import import_file
from geo.records.store import RecordStore
from tests.e2e.conftest import start_app
from tests.e2e.test_route_map_browser import MAP_FRAME, TORKHAM_POINT
from tests.records.helpers import csv_bytes, row

pytestmark = pytest.mark.browser

# A large count at Torkham, so the records circle is as big as circles get and covers the
# report's crossing marker; two months apart, so stepping changes the layer.
ROWS = [
    ("2023-01-10", "Torkham", "400"),
    ("2023-01-11", "Quetta", "35"),
    ("2023-02-03", "Gwadar", "60"),
    ("2023-03-03", "Torkham", "90"),
]


class _SeededFactory:
    """``tmp_path_factory`` whose "var" directory already holds the records store."""

    def __init__(self, factory, var):
        self._factory, self._var = factory, var

    def mktemp(self, name: str):
        return self._var if name == "var" else self._factory.mktemp(name)


@pytest.fixture(scope="module")
def records_app_url(tmp_path_factory):
    var = tmp_path_factory.mktemp("records_var")
    store = RecordStore(var / "records.sqlite")
    rows = [row(date=d, place=p, count=c, note=f"e2e {i}") for i, (d, p, c) in enumerate(ROWS)]
    import_file(store, csv_bytes(rows), file_name="agency.csv", user="alice")
    yield from start_app(_SeededFactory(tmp_path_factory, var))


@pytest.fixture
def page(browser, records_app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(records_app_url)
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-container").wait_for(timeout=90_000)
    yield page
    context.close()


def _map_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def _records_ready(frame, *, legend_text: str = "Interception records") -> None:
    frame.wait_for_function(
        "t => (window.feature_group || []).length > 0 && "
        "Array.from(document.querySelectorAll('.ra-records-legend'))"
        ".some(d => d.textContent.includes(t))",
        arg=legend_text,
        timeout=60_000,
    )


POPUPS = """() => {
    const texts = [];
    const live = window.__raRecords || window.feature_group[window.feature_group.length - 1];
    live.eachLayer(layer => {
        const box = document.createElement('div');
        box.innerHTML = layer.getPopup().getContent();
        texts.push(box.textContent);
    });
    return texts;
}"""


def _click_torkham(page, frame) -> str:
    """Click where Torkham's crossing marker is; the text of the popup that opens."""
    popup = frame.locator(".leaflet-popup-content")
    text = ""
    for _attempt in range(3):  # the page may still scroll or resize under load
        page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
        point = frame.evaluate(TORKHAM_POINT)
        box = frame.locator("#map_div").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        try:
            popup.first.wait_for(timeout=10_000)
        except PlaywrightTimeout:
            continue
        text = popup.first.inner_text()
        if "Torkham" in text and "§3.2" in text:
            break
        frame.evaluate("() => { window.map_div.closePopup(); }")
    return text


POINTS_ABOVE_LINES = """() => {
    // On the one canvas, what comes later in the draw order is drawn (and clicked) on top.
    const report = l => !l.options.raRecords;
    let point = null;
    window.map_div.eachLayer(l => { if (l instanceof L.CircleMarker && report(l)) point ??= l; });
    if (!point || !window.__raRecords) return false;
    const order = [];
    for (let o = point._renderer._drawFirst; o; o = o.next) order.push(o.layer);
    const line = l => l instanceof L.Polyline && !(l instanceof L.Polygon) && report(l);
    const lastLine = order.map(line).lastIndexOf(true);
    const firstPoint = order.findIndex(l => l instanceof L.CircleMarker && report(l));
    const lastRecord = order.map(l => !report(l)).lastIndexOf(true);
    return lastLine >= 0 && lastLine < firstPoint && lastRecord < firstPoint;
}"""


def test_clicking_torkham_opens_the_reports_popup_above_the_records(page):
    frame = _map_frame(page)
    _records_ready(frame)
    # The report's points above its lines, both above the records (the order a click meets).
    frame.wait_for_function(POINTS_ABOVE_LINES, timeout=30_000)
    text = _click_torkham(page, frame)
    assert "Torkham" in text and "§3.2" in text
    assert "Interviewee estimate" in text and "Persons: 490" not in text
    assert page.errors == []


def test_every_records_circle_and_the_legend_carry_the_agency_record_class(page):
    frame = _map_frame(page)
    _records_ready(frame)
    texts = frame.evaluate(POPUPS)
    assert len(texts) == 3  # Torkham, Gwadar, Quetta over the whole period
    for text in texts:
        assert "Agency record, imported on " in text and "Reported figure" not in text
    legend = frame.locator(".ra-records-legend").first.inner_text()
    assert "Unit: persons counted in the records" in legend
    assert "Period: 2023-01 to 2023-03" in legend and "Agency record" in legend


def test_stepping_a_month_swaps_the_records_layer_and_keeps_the_map(page):
    frame = _map_frame(page)
    _records_ready(frame)
    frame.evaluate("() => { window.__probe = window.map_div; }")
    page.get_by_text("Month by month", exact=True).click()
    _records_ready(frame, legend_text="Period: 2023-01.")
    january = sorted(t.split("Persons")[0] for t in frame.evaluate(POPUPS))
    assert january == ["Quetta", "Torkham"]
    page.get_by_role("button", name="Next month").click()
    _records_ready(frame, legend_text="Period: 2023-02.")
    assert [t.split("Persons")[0] for t in frame.evaluate(POPUPS)] == ["Gwadar"]
    assert frame.evaluate("() => window.__probe === window.map_div")  # the same live map
    page.wait_for_function("() => location.search.includes('recmonth=2023-02')", timeout=10_000)
    assert len(frame.locator(".ra-records-legend").all()) == 1  # the old legend left with it
    assert page.errors == []


def test_play_steps_through_the_months_and_stops_at_the_last(page):
    frame = _map_frame(page)
    _records_ready(frame)
    page.get_by_text("Month by month", exact=True).click()
    _records_ready(frame, legend_text="Period: 2023-01.")
    frame.evaluate("() => { window.__probe = window.map_div; }")
    page.get_by_role("button", name="Play").click()
    for month in ("2023-02", "2023-03"):  # one tick each
        _records_ready(frame, legend_text=f"Period: {month}.")
    page.get_by_role("button", name="Play").wait_for(timeout=20_000)  # stopped: Play again
    assert frame.evaluate("() => window.__probe === window.map_div")
    assert [t.split("Persons")[0] for t in frame.evaluate(POPUPS)] == ["Torkham"]
    # The injected month keeps the report's crossing above the records circle too.
    text = _click_torkham(page, frame)
    assert "§3.2" in text and "Persons: 90" not in text
    assert page.errors == []


NEW_VIEW_WITH_MONTH = """([count, t]) => {
    const f = document.querySelector("iframe[title='streamlit_folium.st_folium']");
    const w = f && f.contentWindow;
    if (!w || !w.map_div || !(w.raDrawCount > count) || !w.__raRecords) return false;
    return w.__raRecords._map === w.map_div && Array.from(
        w.document.querySelectorAll('.ra-records-legend')).some(d => d.textContent.includes(t));
}"""

ABOVE_THE_DISTRICTS = """() => {
    // On the one canvas, what was added last is drawn (and clicked) on top.
    let circle = null;
    window.__raRecords.eachLayer(l => { circle = circle || l; });
    const order = [];
    for (let o = circle._renderer._drawFirst; o; o = o.next) order.push(o.layer);
    const records = order.indexOf(circle);
    const lastPolygon = order.map(l => l instanceof L.Polygon).lastIndexOf(true);
    return records > lastPolygon && lastPolygon >= 0;
}"""


def test_a_new_view_keeps_the_month_on_the_live_map(page):
    frame = _map_frame(page)
    _records_ready(frame)
    page.get_by_text("Month by month", exact=True).click()
    _records_ready(frame, legend_text="Period: 2023-01.")
    page.get_by_role("button", name="Next month").click()
    _records_ready(frame, legend_text="Period: 2023-02.")
    frame.wait_for_function("() => window.raDrawCount > 0", timeout=60_000)
    count = frame.evaluate("() => { window.__probe = window.map_div; return window.raDrawCount; }")
    page.locator("[data-testid=stSelectbox]").filter(has_text="Basemap").click()
    page.get_by_role("option", name="Esri light grey").click()
    page.wait_for_function(NEW_VIEW_WITH_MONTH, arg=[count, "Period: 2023-02."], timeout=90_000)
    frame = _map_frame(page)
    assert frame.evaluate("() => window.__probe === window.map_div")  # the same live map
    assert frame.evaluate("() => window.__raRecords._map === window.map_div")
    assert [t.split("Persons")[0] for t in frame.evaluate(POPUPS)] == ["Gwadar"]
    frame.wait_for_function(ABOVE_THE_DISTRICTS, timeout=10_000)
    assert len(frame.locator(".ra-records-legend").all()) == 1
    assert page.errors == []


DISTRICT_SHAPES = """() => {
    let shapes = 0, circles = 0;
    window.__raRecords.eachLayer(layer => {
        if (layer instanceof L.CircleMarker) circles++;
        if (layer.eachLayer) layer.eachLayer(p => { if (p instanceof L.Polygon) shapes++; });
    });
    return {shapes, circles};
}"""


def test_comparing_by_district_shades_districts_below_the_reports_markers(page):
    frame = _map_frame(page)
    _records_ready(frame)
    page.get_by_text("by district", exact=True).click()
    page.get_by_text("Compare two periods", exact=True).click()
    _records_ready(frame, legend_text="change in persons, by district")
    # The whole period against the three months before it (no records): Torkham's district
    # (Khyber), Quetta and Gwadar, each shaded; no circle.
    assert frame.evaluate(DISTRICT_SHAPES) == {"shapes": 3, "circles": 0}
    legend = frame.locator(".ra-records-legend").first.inner_text()
    assert "2022-10 to 2022-12 compared with 2023-01 to 2023-03" in legend
    assert "Agency record, imported on " in legend and "not a value" in legend
    text = _click_torkham(page, frame)
    assert "Torkham" in text and "§3.2" in text  # the report's crossing, above the district
    assert page.errors == []
