"""What the browser receives for the route map: layers, provenance, scales, escaping, assets."""

from __future__ import annotations

import re

import folium
import pytest

from geo.confidence import Confidence
from geo.figures import load_figures
from geo.gazetteer import load_gazetteer
from layers.assets import inline_assets, localise_assets, used_urls
from layers.figures import figure_layers, radius_for
from layers.popups import block
from layers.route_map import RouteMapOptions, build_route_map


@pytest.fixture(scope="module")
def html() -> str:
    return build_route_map().get_root().render()


def test_every_layer_is_in_the_layer_control(html):
    for name in (
        "Source districts", "Province and region statements", "Border crossings",
        "Sea launch points and receiving ports", "Transit corridors", "Cost estimates (PKR)",
        "Offline (vendored boundaries)",
    ):  # fmt: skip
        assert name in html, name


def test_popups_carry_section_and_confidence(html):
    assert "§4.2.1" in html and "71,503" in html
    assert "Interviewee estimate" in html and "Assumption made here" in html


def test_each_measure_is_its_own_layer_and_scale():
    layers = figure_layers(load_figures(), load_gazetteer())
    names = [group.layer_name for _m, group, _c in layers]
    assert len(names) == len(set(names)) > 3
    measures = [m for m, _g, _c in layers]
    assert "persons_intercepted_cumulative" in measures and "persons_at_one_time" in measures


def test_radius_is_area_proportional_within_a_measure():
    assert radius_for(100, 100) == pytest.approx(4 * radius_for(25, 100) / 2)
    with pytest.raises(ValueError):
        radius_for(1, 0)


def test_a_measure_filter_keeps_only_that_measure():
    layers = figure_layers(load_figures(), load_gazetteer(), measures=["persons_per_day"])
    assert [m for m, _g, _c in layers] == ["persons_per_day"]


def test_costs_follow_the_chosen_currency():
    html = build_route_map(RouteMapOptions(currency="EUR")).get_root().render()
    assert "Cost estimates (EUR)" in html
    assert re.search(r"approximately [\d,]+ EUR", html)
    assert "1 EUR =" in html  # the rate used is stated


def test_ranges_stay_ranges_on_the_cost_layer():
    html = build_route_map(RouteMapOptions(currency="PKR")).get_root().render()
    assert re.search(r"[\d,]+–[\d,]+ PKR", html)  # 1000–10000 EUR air cost as a PKR range


def test_unknown_options_fail_in_python():
    with pytest.raises(ValueError, match="currency"):
        RouteMapOptions(currency="GBP")
    with pytest.raises(ValueError, match="role"):
        RouteMapOptions(role="smugglers")


def test_corridor_filter_drops_other_corridors():
    only = frozenset({"sea_gwadar_oman"})
    html = build_route_map(RouteMapOptions(corridor_ids=only)).get_root().render()
    assert "Sea from Gwadar to Oman" in html
    assert "Land and sea to Europe via Mand Balo" not in html


def test_hostile_text_is_escaped():
    text = block(
        "<img src=x onerror=alert(1)>",
        [("Note", "<script>alert(2)</script>")],
        confidence=Confidence.ESTIMATE,
    )
    assert "<img" not in text and "&lt;img src=x" in text
    assert "<script>" not in text


def test_assets_point_at_the_app_not_a_cdn():
    m = localise_assets(build_route_map())
    rendered = m.get_root().render()
    assert "cdn.jsdelivr.net" not in rendered and "/app/static/vendor/leaflet-" in rendered


def test_inline_assets_embed_leaflet():
    m = folium.Map(tiles=None)
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in used_urls(m)
    html = inline_assets(m.get_root().render())
    assert "cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" not in html
    assert "Leaflet" in html and len(html) > 100_000


def test_map_falls_back_to_offline_basemap_on_tile_errors(html):
    assert "tileerror" in html and "offline basemap" in html


def test_a_place_inside_a_larger_unit_says_why_the_unit_is_coloured(html):
    assert "The report names Mirpur, which lies in Azad Kashmir" in html
    assert "The report names Gujrat, which lies in" not in html  # a district in its own right
