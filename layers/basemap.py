"""Basemaps for the route map, including one drawn from the vendored boundaries.

Without internet, map tiles fail to load and the map loses its geography. The offline basemap
draws the sea, the countries of the corridor box, Pakistan's provinces and its outline from
``data/boundaries/`` and embeds them in the page, so the map stays readable with no network. It
is a base layer (a radio choice in the layer control) next to OpenStreetMap and Esri's light
grey canvas tiles (the CartoDB positron tiles now ask for an API key).

The offline layer lives in its own map panes below Leaflet's overlay pane, so route and district
overlays always draw on top of it, whichever base layer the user picks and in whatever order.
It is non-interactive (no hover, no click), and it works with ``prefer_canvas=True``: Leaflet
then draws each pane on its own canvas.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from geo.boundaries import load_countries, load_outline, load_provinces
from layers.remote import RemoteGeoJson, write_data_file
from layers.style import BASEMAP_COLOURS

OSM_NAME = "OpenStreetMap"
LIGHT_NAME = "Esri light grey"
OFFLINE_NAME = "Offline (vendored boundaries)"
BASEMAP_NAMES: tuple[str, ...] = (OSM_NAME, LIGHT_NAME, OFFLINE_NAME)
"""The base-layer choices :func:`add_basemaps` offers, as named in the layer control."""

BASE_PANE = "offlineBasemap"
LABEL_PANE = "offlineBasemapLabels"
# Leaflet's tile pane sits at z-index 200 and the overlay pane (vectors) at 400.
BASE_PANE_Z = 250
LABEL_PANE_Z = 390

# Shared with the static briefing map so both draw the same geography in the same colours.
SEA_COLOUR = BASEMAP_COLOURS["water"]
LAND_COLOUR = BASEMAP_COLOURS["land"]
BORDER_COLOUR = BASEMAP_COLOURS["country_edge"]
PAKISTAN_FILL = BASEMAP_COLOURS["pakistan"]
PROVINCE_LINE = BASEMAP_COLOURS["province_edge"]
OUTLINE_COLOUR = BASEMAP_COLOURS["pakistan_edge"]

LABELLED_COUNTRIES: tuple[str, ...] = (
    "004", "050", "300", "356", "360", "364", "380", "458", "512", "586", "682", "724", "784",
    "792",
)  # fmt: skip
"""ISO 3166-1 numeric codes of the countries the offline basemap labels (the corridor states)."""


def _collection(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """GeoJSON of bare geometries (no properties: the layer shows no data)."""
    features = [
        {"type": "Feature", "properties": {}, "geometry": mapping(geom)} for geom in frame.geometry
    ]
    return {"type": "FeatureCollection", "features": features}


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


@lru_cache(maxsize=1)
def _offline_data() -> dict[str, str]:
    """The offline layer's GeoJSON and label texts, serialised once per process."""
    return {key: _script_json(value) for key, value in _offline_values().items()}


@lru_cache(maxsize=1)
def _offline_urls() -> dict[str, str]:
    """The offline layer's GeoJSON written once per process as files the browser fetches."""
    return {
        key: write_data_file(f"basemap-{key}", value)
        for key, value in _offline_values().items()
        if key != "labels"
    }


@lru_cache(maxsize=1)
def _offline_values() -> dict[str, Any]:
    """The offline layer's GeoJSON and labels, computed once per process."""
    countries = load_countries()
    labelled = countries[countries["iso_n3"].isin(LABELLED_COUNTRIES)]
    labels = []
    for name, geom in zip(labelled["name"], labelled.geometry, strict=True):
        largest = max(shapely.get_parts(geom), key=lambda part: part.area)
        point = largest.representative_point()
        labels.append((name, round(point.y, 2), round(point.x, 2)))
    sea = {
        "type": "Polygon",
        "coordinates": [[[-540, -85], [540, -85], [540, 85], [-540, 85], [-540, -85]]],
    }
    return {
        "sea": {"type": "Feature", "properties": {}, "geometry": sea},
        "countries": _collection(countries),
        "provinces": _collection(load_provinces()),
        "outline": _collection(load_outline()),
        "labels": labels,
    }


class StaticGeoJson(MacroElement):
    """GeoJSON drawn with one fixed style, non-interactive, in a given pane.

    Unlike ``folium.GeoJson`` it embeds text serialised once per process (compact, no
    per-feature ids or style switch), which keeps the page smaller and the render faster.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data }}, {{ this.options }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data: str, *, style: dict[str, Any], pane: str):
        super().__init__()
        self._name = "StaticGeoJson"
        self.data = data
        options = {"pane": pane, "interactive": False, "style": style, "smoothFactor": 1.0}
        self.options = _script_json(options)


class StaticLabels(MacroElement):
    """Plain-text labels (no marker, no interaction) at fixed points, in a given pane."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.labels }}.forEach(function (label) {
            var text = document.createElement("div");
            text.textContent = label[0];
            text.style.cssText = {{ this.css }};
            L.marker([label[1], label[2]], {
                pane: {{ this.pane }}, interactive: false, keyboard: false,
                icon: L.divIcon({className: "ra-basemap-label", iconSize: [0, 0], html: text})
            }).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, labels: str, *, pane: str):
        super().__init__()
        self._name = "StaticLabels"
        self.labels = labels
        self.pane = _script_json(pane)
        self.css = _script_json(
            "transform:translate(-50%,-50%);white-space:nowrap;"
            "font:italic 11px sans-serif;color:#6b6b6b"
        )


def offline_basemap(
    *, name: str = OFFLINE_NAME, show: bool = False, labels: bool = True, remote: bool = False
) -> folium.FeatureGroup:
    """Build the offline basemap as a base layer (not an overlay).

    Parameters
    ----------
    name
        Name shown in the layer control.
    show
        Whether this is the base layer shown when the page opens.
    labels
        Whether to add names of the main corridor countries.
    remote
        Fetch the geometry from the app's static files (the live map, where each change of
        view must not resend it) instead of embedding it (a standalone page).

    Returns
    -------
    folium.FeatureGroup
        A base-layer group. Its layers draw in the panes ``BASE_PANE`` and ``LABEL_PANE``,
        which must exist on the map: :func:`add_basemaps` creates them.
    """
    data = _offline_data()
    group = folium.FeatureGroup(name=name, overlay=False, control=True, show=show)
    sea = {"fillColor": SEA_COLOUR, "fillOpacity": 1, "stroke": False}
    land = {"fillColor": LAND_COLOUR, "fillOpacity": 1, "color": BORDER_COLOUR, "weight": 0.7}
    provinces = {"fillColor": PAKISTAN_FILL, "fillOpacity": 1, "color": PROVINCE_LINE, "weight": 1}
    outline = {"fill": False, "color": OUTLINE_COLOUR, "weight": 2.2}
    parts = (("sea", sea), ("countries", land), ("provinces", provinces), ("outline", outline))
    for rank, (key, style) in enumerate(parts):
        if remote:
            RemoteGeoJson(
                _offline_urls()[key],
                layer_id=f"basemap_{key}",
                style={**style, "smoothFactor": 1.0},
                rank=rank - 100,
                interactive=False,
                pane=BASE_PANE,
            ).add_to(group)
        else:
            StaticGeoJson(data[key], style=style, pane=BASE_PANE).add_to(group)
    if labels:
        StaticLabels(data["labels"], pane=LABEL_PANE).add_to(group)
    return group


def add_basemaps(
    m: folium.Map, *, default: str | None = OSM_NAME, remote: bool = False
) -> folium.Map:
    """Add the base-layer choices to a map: OpenStreetMap, Esri light grey and offline.

    Create the map with ``tiles=None`` (so it holds no other base layer) and add a
    ``folium.LayerControl`` after all layers so the user can switch between the choices.

    Parameters
    ----------
    m
        The map, created with ``folium.Map(tiles=None, prefer_canvas=True, ...)``.
    default
        The base layer shown on opening, one of ``BASEMAP_NAMES``; ``None`` shows none (the live
        map picks one per view, see ``layers.screen.BaseLayerChoice``).
    remote
        Fetch the offline basemap's geometry instead of embedding it (see ``offline_basemap``).

    Returns
    -------
    folium.Map
        The same map, for chaining.

    Raises
    ------
    ValueError
        If ``default`` is not a known choice, or if the map already holds tiles or basemaps.
    """
    if default is not None and default not in BASEMAP_NAMES:
        raise ValueError(f"unknown basemap {default!r}; choose one of {list(BASEMAP_NAMES)}")
    for child in m._children.values():
        if isinstance(child, folium.TileLayer) or getattr(child, "layer_name", None) in (
            BASEMAP_NAMES
        ):
            raise ValueError(
                "the map already has a tile layer or basemap: create it with "
                "folium.Map(tiles=None) and call add_basemaps once"
            )
    folium.map.CustomPane(BASE_PANE, z_index=BASE_PANE_Z, pointer_events=False).add_to(m)
    folium.map.CustomPane(LABEL_PANE, z_index=LABEL_PANE_Z, pointer_events=False).add_to(m)
    folium.TileLayer("OpenStreetMap", name=OSM_NAME, show=default == OSM_NAME).add_to(m)
    folium.TileLayer("Esri.WorldGrayCanvas", name=LIGHT_NAME, show=default == LIGHT_NAME).add_to(m)
    offline_basemap(show=default == OFFLINE_NAME, remote=remote).add_to(m)
    return m
