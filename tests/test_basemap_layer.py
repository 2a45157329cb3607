"""The basemap choices as the browser receives them: rendered HTML, not Python objects."""

from __future__ import annotations

import json
import re

import folium
import pytest

from geo.boundaries import load_countries, load_districts, load_provinces
from layers.basemap import (
    BASE_PANE,
    BASEMAP_NAMES,
    LABEL_PANE,
    OFFLINE_NAME,
    OSM_NAME,
    add_basemaps,
    offline_basemap,
)


def _render(default: str = OSM_NAME) -> str:
    m = folium.Map(tiles=None, prefer_canvas=True, location=(30, 69), zoom_start=5)
    add_basemaps(m, default=default)
    folium.LayerControl().add_to(m)
    return m.get_root().render()


def _embedded_geojson(html: str) -> list[tuple[dict, dict]]:
    """Every ``L.geoJson(data, options)`` the page builds from embedded data."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r"L\.geoJson\(\{", html):
        data, end = decoder.raw_decode(html, match.end() - 1)
        assert html[end : end + 2] == ", "
        options, _ = decoder.raw_decode(html, end + 2)
        found.append((data, options))
    return found


def _base_layers(html: str) -> dict[str, str]:
    block = re.search(r"base_layers : \{(.*?)\},", html, re.S).group(1)
    return dict(re.findall(r'"([^"]+)" : (\w+),', block))


def _is_added(html: str, var: str, map_var: str) -> bool:
    return f"{var}.addTo({map_var});" in html


def test_layer_control_offers_every_basemap():
    html = _render()
    assert list(_base_layers(html)) == list(BASEMAP_NAMES)
    assert OFFLINE_NAME in BASEMAP_NAMES and OSM_NAME == "OpenStreetMap"


@pytest.mark.parametrize("default", BASEMAP_NAMES)
def test_only_the_default_basemap_is_shown_on_opening(default):
    html = _render(default)
    map_var = re.search(r"var (map_[0-9a-f]+) = L\.map\(", html).group(1)
    shown = [name for name, var in _base_layers(html).items() if _is_added(html, var, map_var)]
    assert shown == [default]


def test_offline_layer_embeds_the_vendored_boundaries():
    layers = [data for data, _ in _embedded_geojson(_render())]
    assert layers[0]["type"] == "Feature"  # the sea, drawn first
    counts = [len(data["features"]) for data in layers[1:]]
    assert counts == [len(load_countries()), len(load_provinces()), 1]
    # The offline layer carries geometry only: no property payload, no district polygons.
    assert all(f["properties"] == {} for data in layers[1:] for f in data["features"])
    assert len(load_districts()) not in counts


def test_embedded_coordinates_are_rounded():
    layers = [data for data, _ in _embedded_geojson(_render())]
    numbers = re.findall(r"-?\d+\.(\d+)", json.dumps(layers))
    assert numbers, "no coordinates found"
    assert max(len(n) for n in numbers) <= 4


def test_offline_layer_needs_no_tiles_and_is_not_interactive():
    html = _render(OFFLINE_NAME)
    assert html.count("L.tileLayer(") == 2  # only the two online choices
    layers = _embedded_geojson(html)
    assert len(layers) == 4
    for _data, options in layers:
        assert options["pane"] == BASE_PANE
        assert options["interactive"] is False
    group = offline_basemap()
    assert group.overlay is False and group.control is True
    alone = folium.Map(tiles=None)
    group.add_to(alone)
    rendered = alone.get_root().render()
    assert "L.tileLayer(" not in rendered and "{z}/{x}/{y}" not in rendered
    assert len(_embedded_geojson(rendered)) == 4


def test_panes_sit_below_overlays_and_exist_before_use():
    html = _render()
    created = html.index(f'createPane(\n                "{BASE_PANE}")')
    assert created < html.index(f'"pane":"{BASE_PANE}"')
    z_index = re.search(
        r"createPane\(\s*\"" + BASE_PANE + r"\"\);\s*\w+\.style\.zIndex = (\d+)", html
    )
    assert 200 < int(z_index.group(1)) < 400  # above tiles, below Leaflet's overlay pane
    assert f'pane: "{LABEL_PANE}"' in html


def test_country_labels_are_optional():
    with_labels = folium.Map(tiles=None)
    offline_basemap(show=True).add_to(with_labels)
    html = with_labels.get_root().render()
    assert "ra-basemap-label" in html
    assert '["Iran",' in html
    without = folium.Map(tiles=None)
    offline_basemap(show=True, labels=False).add_to(without)
    assert "ra-basemap-label" not in without.get_root().render()


def test_every_map_embeds_the_same_offline_data():
    first, second = _render(), _render(OFFLINE_NAME)
    assert [d for d, _ in _embedded_geojson(first)] == [d for d, _ in _embedded_geojson(second)]


def test_bad_calls_are_refused():
    with pytest.raises(ValueError, match="unknown basemap"):
        add_basemaps(folium.Map(tiles=None), default="Google")
    with pytest.raises(ValueError, match="tiles=None"):
        add_basemaps(folium.Map())  # folium adds OpenStreetMap tiles by default
    m = add_basemaps(folium.Map(tiles=None))
    with pytest.raises(ValueError, match="once"):
        add_basemaps(m)


def test_districts_layer_as_sent_stays_under_400_kb():
    districts = load_districts()
    layer = folium.GeoJson(
        districts,
        style_function=lambda _f: {"weight": 0.5, "fillOpacity": 0.3},
        tooltip=folium.GeoJsonTooltip(["district", "province"]),
    )
    m = folium.Map(tiles=None)
    empty = len(m.get_root().render().encode("utf-8"))
    m = folium.Map(tiles=None)
    layer.add_to(m)
    size = len(m.get_root().render().encode("utf-8")) - empty
    assert 100_000 < size <= 400_000
