"""Switch to the offline basemap in the browser when map tiles cannot be downloaded.

Tiles need internet in the user's browser. When the chosen tile layer reports errors before a
single tile has loaded, the map swaps it for the offline basemap drawn from the vendored
boundaries and says so, instead of leaving a grey void under the routes.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

from layers.basemap import OFFLINE_NAME

ERRORS_BEFORE_FALLBACK = 3


class TileFallback(MacroElement):
    """Watches tile layers; after repeated errors with no tile loaded, shows the offline layer."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var offline = {{ this.offline }};
            var tiles = [{{ this.tiles|join(", ") }}];
            tiles.forEach(function (layer) {
                var errors = 0, loaded = 0;
                layer.on("tileload", function () { loaded += 1; });
                layer.on("tileerror", function () {
                    errors += 1;
                    if (loaded === 0 && errors === {{ this.threshold }} && map.hasLayer(layer)) {
                        map.removeLayer(layer);
                        map.addLayer(offline);
                        var note = L.control({position: "bottomright"});
                        note.onAdd = function () {
                            var div = L.DomUtil.create("div", "ra-offline-note");
                            div.style.cssText = {{ this.css|tojson }};
                            div.textContent = {{ this.message|tojson }};
                            return div;
                        };
                        note.addTo(map);
                    }
                });
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, offline: folium.FeatureGroup, tiles: list[folium.TileLayer]):
        super().__init__()
        self._name = "TileFallback"
        self.offline = offline.get_name()
        self.tiles = [t.get_name() for t in tiles]
        self.threshold = ERRORS_BEFORE_FALLBACK
        self.message = "Map tiles could not be loaded: showing the offline basemap."
        self.css = "background:#fff;padding:2px 6px;font:11px sans-serif"


def add_tile_fallback(m: folium.Map) -> folium.Map:
    """Attach the fallback to a map that already holds its basemaps (see ``add_basemaps``)."""
    children = list(m._children.values())
    tiles = [c for c in children if isinstance(c, folium.TileLayer)]
    offline = [
        c for c in children if isinstance(c, folium.FeatureGroup) and c.layer_name == OFFLINE_NAME
    ]
    if not offline:
        raise ValueError("add the basemaps (with the offline layer) before the fallback")
    TileFallback(offline[0], tiles).add_to(m)
    return m
