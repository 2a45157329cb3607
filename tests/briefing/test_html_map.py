"""The standalone map needs no network: resources inlined, and it renders in headless Chromium
with every non-file request aborted."""

from __future__ import annotations

import pytest

from geo.briefing.model import VINTAGE
from render.html_map import OfflineResourceError, remote_references, standalone_html
from tests.briefing.conftest import require_or_skip

LOCAL = ("file:", "data:", "about:", "blob:")


def test_the_file_links_to_no_cdn(public_pack):
    page = public_pack.html.read_text(encoding="utf-8")
    assert remote_references(page) == []
    assert '<script src="http' not in page and 'rel="stylesheet" href="http' not in page
    assert "L.map(" in page
    assert "Leaflet 1.9.3, a JS library for interactive maps" in page  # the library itself
    assert VINTAGE in page


def test_an_unknown_cdn_resource_is_refused():
    page = '<html><head><script src="https://cdn.example.org/x.js"></script></head><body></body>'
    with pytest.raises(OfflineResourceError, match="cdn.example.org"):
        standalone_html(page, vintage=VINTAGE, sources="s")


def test_inlined_stylesheets_drop_remote_urls():
    css = "i{background:url('//netdna.example/f.woff')} b{background:url(data:image/png;base64,AA)}"
    page = f"<html><head><style>{css}</style></head><body></body></html>"
    assert remote_references(page) == ["//netdna.example/f.woff"]
    out = standalone_html(page, vintage=VINTAGE, sources="s", view_note="View: test view")
    assert "netdna" not in out and "data:image/png;base64,AA" in out
    assert remote_references(out) == []
    assert "View: test view" in out


@pytest.fixture(scope="module")
def browser():
    require_or_skip("/usr/bin/chromium", "Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        chromium = play.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        yield chromium
        chromium.close()


@pytest.mark.browser
def test_map_renders_offline_in_chromium(public_pack, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    attempted, errors = [], []

    def offline(route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    page.route("**/*", offline)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(public_pack.html.as_uri())
    page.wait_for_function(
        "typeof L !== 'undefined' && document.querySelector('.leaflet-container') !== null",
        timeout=30_000,
    )
    page.wait_for_timeout(500)
    assert errors == []
    assert page.evaluate("L.version").startswith("1.")
    # the figure layers that are on are those of the view (the Route map's default here)
    from geo.figures import load_measures
    from layers.figures import measure_title

    checked_overlays = page.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays input'))"
        ".filter(i => i.checked).map(i => i.parentElement.textContent.trim())"
    )
    measures = load_measures()
    on = {measure_title(k) for k, m in measures.items() if m.drawn_by_default}
    off = {measure_title(k) for k, m in measures.items() if not m.drawn_by_default}
    assert on and on <= set(checked_overlays)
    assert not off & set(checked_overlays)
    # the offline basemap is the chosen base layer
    checked = page.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-base input'))"
        ".filter(i => i.checked).map(i => i.parentElement.textContent.trim())"
    )
    assert checked == ["Offline (vendored boundaries)"]
    # vector layers were drawn: canvas panes with painted pixels, or SVG paths
    painted = page.evaluate(
        """() => Array.from(document.querySelectorAll('.leaflet-container canvas')).some(c => {
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             for (let i = 3; i < d.length; i += 4 * 97) { if (d[i] > 0) return true; }
             return false; })"""
    )
    paths = page.evaluate("document.querySelectorAll('.leaflet-container path').length")
    assert painted or paths > 0
    assert VINTAGE in page.inner_text("#ra-vintage")
    # nothing essential came from the network: no tile request is needed for the default view
    assert not [u for u in attempted if "cdn" in u or "unpkg" in u or "jquery" in u]
    page.close()
