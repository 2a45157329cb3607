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


def _embedded_geojson(html: str) -> dict[str, dict]:
    """Every GeoJSON passed to ``<layer>_add(...)`` in the page, by layer variable."""
    decoder = json.JSONDecoder()
    found = {}
    for match in re.finditer(r"(geo_json_[0-9a-f]+)_add\(\{", html):
        data, _ = decoder.raw_decode(html, match.end() - 1)
        found[match.group(1)] = data
    return found


def _layer_options(html: str, var: str) -> str:
    start = html.index(f"var {var} = L.geoJson(null")
    return html[start : html.index("});", start)]


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
    layers = list(_embedded_geojson(_render()).values())
    counts = sorted(len(data["features"]) for data in layers)
    assert counts == sorted([1, len(load_countries()), len(load_provinces()), 1])
    # The whole offline layer is data in the page: no property payload, no district polygons.
    assert all(f["properties"] == {} for data in layers for f in data["features"])
    assert len(load_districts()) not in counts


def test_embedded_coordinates_are_rounded():
    layers = _embedded_geojson(_render())
    numbers = re.findall(r"-?\d+\.(\d+)", json.dumps(list(layers.values())))
    assert numbers, "no coordinates found"
    assert max(len(n) for n in numbers) <= 4


def test_offline_layer_needs_no_tiles_and_is_not_interactive():
    html = _render(OFFLINE_NAME)
    assert html.count("L.tileLayer(") == 2  # only the two online choices
    for var in _embedded_geojson(html):
        options = _layer_options(html, var)
        assert f'"pane": "{BASE_PANE}"' in options
        assert '"interactive": false' in options
    group = offline_basemap()
    assert not any(isinstance(c, folium.TileLayer) for c in group._children.values())
    assert group.overlay is False and group.control is True


def test_panes_sit_below_overlays_and_exist_before_use():
    html = _render()
    created = html.index(f'createPane(\n                "{BASE_PANE}")')
    assert created < html.index(f'"pane": "{BASE_PANE}"')
    z_index = re.search(
        r"createPane\(\s*\"" + BASE_PANE + r"\"\);\s*\w+\.style\.zIndex = (\d+)", html
    )
    assert 200 < int(z_index.group(1)) < 400  # above tiles, below Leaflet's overlay pane
    assert f'"pane": "{LABEL_PANE}"' in html


def test_country_labels_are_optional():
    with_labels = folium.Map(tiles=None)
    offline_basemap(show=True).add_to(with_labels)
    html = with_labels.get_root().render()
    assert "ra-basemap-label" in html
    assert "\\u003eIran\\u003c/div\\u003e" in html  # the label text, HTML-escaped in JSON
    without = folium.Map(tiles=None)
    offline_basemap(show=True, labels=False).add_to(without)
    assert "ra-basemap-label" not in without.get_root().render()


def test_offline_layer_data_are_not_shared_between_maps():
    first, second = offline_basemap(), offline_basemap()
    a = next(c for c in first._children.values() if isinstance(c, folium.GeoJson))
    b = next(c for c in second._children.values() if isinstance(c, folium.GeoJson))
    assert a.data == b.data and a.data is not b.data


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
