"""GeoJSON the browser fetches once from the app's static files, instead of inside the page.

The live Route map is one Leaflet map kept in the browser while the user changes filters: only
the parts that changed are sent again. Heavy, unchanging geometry (districts, corridors, the
offline basemap) would make every change resend hundreds of kilobytes if it were embedded, so it
is written once per process as a content-addressed file in Streamlit's static folder and fetched
by the map, which keeps the parsed data for the life of the page. What a view changes (which
districts are coloured, which corridors are drawn) travels as a short list next to the layer.

Layers here are ordinary Leaflet GeoJSON layers: they can sit in a ``folium.FeatureGroup``, in
the layer control, and they honour ``prefer_canvas``. Popup and tooltip texts are built (and
escaped) by :mod:`layers.popups` before they are written to the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.paths import PROJECT_DIR
from layers.assets import STATIC_URL

DATA_DIR = PROJECT_DIR / "static" / "vendor"
"""Where the data files are written; served by Streamlit at :data:`layers.assets.STATIC_URL`."""


def script_json(value: Any) -> str:
    """Compact JSON that is safe inside a ``<script>`` element (no ``</script>`` break-out)."""
    return (
        json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace("`", "\\u0060")
    )


def write_data_file(stem: str, value: Any, *, directory: Path = DATA_DIR) -> str:
    """Write ``value`` as JSON under a name holding its hash; return the URL the map fetches.

    A changed content gets a new name, so a browser never keeps a stale copy; an unchanged one
    is written once. The write is atomic, so a second process never reads half a file.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    name = f"data-{stem}-{digest}.json"
    path = directory / name
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    return STATIC_URL + name


FRONT_RANK = 10
"""Remote layers ranked from here on draw above every other overlay (small point markers)."""

RUNTIME_JS = """
(function () {
    if (window.raFetch) { return; }
    var cache = {};
    window.raLayers = {};
    window.raLoads = [];
    window.raFetch = function (url) {
        if (!cache[url]) {
            cache[url] = fetch(url).then(function (reply) {
                if (!reply.ok) { throw new Error("map data not found"); }
                return reply.json();
            });
        }
        return cache[url];
    };
    var ranked = {};
    var FRONT = FRONT_RANK_VALUE;
    function reorder() {
        var items = Object.keys(ranked).map(function (key) { return ranked[key]; })
            .filter(function (item) { return item.layer._map; });
        items.filter(function (item) { return item.rank < FRONT; })
            .sort(function (a, b) { return b.rank - a.rank; })
            .forEach(function (item) { item.layer.bringToBack(); });
        items.filter(function (item) { return item.rank >= FRONT; })
            .sort(function (a, b) { return a.rank - b.rank; })
            .forEach(function (item) { item.layer.bringToFront(); });
    }
    window.raRemote = function (group, spec) {
        var only = spec.only ? new Set(spec.only[1]) : null;
        var hit = spec.match ? new Set(spec.match[1]) : null;
        var each = spec.each ? spec.each[1] : null;
        function own(f) { return each ? each[f.properties[spec.each[0]]] : null; }
        var options = {
            interactive: spec.interactive,
            filter: function (f) { return !only || only.has(f.properties[spec.only[0]]); },
            style: function (f) {
                var s = Object.assign({}, spec.style, f.properties.style || {});
                if (hit && hit.has(f.properties[spec.match[0]])) {
                    Object.assign(s, spec.match[2]);
                }
                var mine = own(f);
                if (mine) { Object.assign(s, mine[0]); }
                return s;
            },
            pointToLayer: function (f, latlng) {
                return L.circleMarker(latlng, {radius: spec.radius});
            },
            onEachFeature: function (f, layer) {
                if (!spec.interactive) { return; }
                var mine = own(f);  // with per-view texts, the file's own texts are not used
                var tip = each ? mine && mine[1] : f.properties.tooltip;
                if (tip) { layer.bindTooltip(tip, {sticky: true}); }
                if (f.properties.popup && !each) {
                    layer.bindPopup(f.properties.popup, {maxWidth: 400});
                }
                if (spec.hover) {
                    layer.on("mouseover", function () {
                        layer.setStyle({weight: spec.hover, color: spec.hoverColor});
                    });
                    layer.on("mouseout", function () { geo.resetStyle(layer); });
                }
            }
        };
        if (spec.pane) { options.pane = spec.pane; }
        var geo = L.geoJson(null, options).addTo(group);
        window.raLayers[spec.id] = geo;
        window.raLoads.push(window.raFetch(spec.url).then(function (data) {
            geo.addData(data);
            if (each) {  // features marked "front" draw over their neighbours
                geo.eachLayer(function (layer) {
                    var mine = own(layer.feature);
                    if (mine && mine[2] && layer.bringToFront) { layer.bringToFront(); }
                });
            }
            window.raOrder(spec.id, geo, spec.rank);
        }));
    };
    window.raOrder = function (id, layer, rank) {
        ranked[id] = {layer: layer, rank: rank};
        var map = layer._map;
        if (map && !map._raOrdering) {
            map._raOrdering = true;
            map.on("overlayadd baselayerchange", reorder);
        }
        reorder();
    };
})();
""".replace("FRONT_RANK_VALUE", str(FRONT_RANK))


class RemoteRuntime(MacroElement):
    """The few functions every remote layer uses; add it once to the base map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "RemoteRuntime"
        self.code = RUNTIME_JS


class RemoteGeoJson(MacroElement):
    """A GeoJSON layer whose features are fetched from ``url`` and styled from a short spec.

    Parameters
    ----------
    url
        What :func:`write_data_file` returned for a FeatureCollection. A feature may carry
        ``tooltip`` and ``popup`` (escaped HTML) and ``style`` (a Leaflet path style) in its
        properties.
    layer_id
        Name under which the browser registers the layer (``window.raLayers``), for tests and
        for the benchmark.
    style
        The style of every feature, before the feature's own ``style`` and the highlight.
    match
        ``(property, values, style)``: features whose property is one of ``values`` get
        ``style`` on top (for example the districts given the chosen role).
    only
        ``(property, values)``: draw only the features whose property is one of ``values``.
    rank
        Draw order among remote layers: a lower rank draws below a higher one. Below
        :data:`FRONT_RANK` a layer draws below the ordinary overlays (figure circles), from it
        on above them.
    interactive
        Whether features answer hover and clicks (tooltips, popups).
    point_radius
        Points are drawn as circle markers of this radius.
    hover_weight
        Line weight while the pointer is over a feature (``None``: no highlight).
    hover_colour
        Line colour while the pointer is over a feature.
    each
        ``(property, {value: (style, tooltip, front)})``: a style and a tooltip of its own for
        each feature whose property has that value, sent with the view while the geometry stays
        in the fetched file (a choropleth whose colours change with the user's settings). The
        tooltip is escaped HTML (it replaces the file's tooltip and popup); features with
        ``front`` true draw over their neighbours.
    pane
        The map pane to draw in (``None``: Leaflet's overlay pane).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.raRemote({{ this._parent.get_name() }}, {{ this.spec }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        url: str,
        *,
        layer_id: str,
        style: dict[str, Any] | None = None,
        match: tuple[str, Sequence[str], dict[str, Any]] | None = None,
        only: tuple[str, Sequence[str]] | None = None,
        rank: int = 0,
        interactive: bool = True,
        point_radius: float = 7,
        hover_weight: float | None = None,
        hover_colour: str = "#000000",
        each: tuple[str, Mapping[str, tuple[dict[str, Any], str, bool]]] | None = None,
        pane: str | None = None,
    ) -> None:
        super().__init__()
        self._name = "RemoteGeoJson"
        spec = {
            "url": url,
            "id": layer_id,
            "style": style or {},
            "match": [match[0], sorted(match[1]), match[2]] if match else None,
            "only": [only[0], sorted(only[1])] if only else None,
            "rank": rank,
            "interactive": interactive,
            "radius": point_radius,
            "hover": hover_weight,
            "hoverColor": hover_colour,
            "each": [each[0], {k: list(v) for k, v in each[1].items()}] if each else None,
            "pane": pane,
        }
        self.spec = script_json(spec)


class DrawnStamp(MacroElement):
    """Marks the map as drawn once every remote layer of this view has its data.

    Sets ``window.raDrawn`` to ``token`` (a digest of the view) and counts the draws in
    ``window.raDrawCount``; tests and the benchmark wait on it instead of sleeping.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var loads = window.raLoads; window.raLoads = [];
            Promise.all(loads).then(function () {
                window.raDrawn = {{ this.token }};
                window.raDrawCount = (window.raDrawCount || 0) + 1;
            }, function () { window.raDrawFailed = true; });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, token: str) -> None:
        super().__init__()
        self._name = "DrawnStamp"
        self.token = script_json(token)


def header_style(css: str) -> Element:
    """A ``<style>`` element for a map's header."""
    return Element(f"<style>{css}</style>")


PLACEHOLDER = "feature_group_RAGROUP"
"""The id a group is rendered under once; replaced by the id ``st_folium`` gives it per run."""


class PrerenderedGroup(folium.FeatureGroup):
    """A layer group whose script was rendered once and is only renamed on each run.

    Rendering folium elements compiles templates and costs a few milliseconds per element;
    for a view's two dozen groups that is most of a rerun. The cached view keeps the script of
    each group, rendered under :data:`PLACEHOLDER`, and a run only substitutes the group's id.
    ``js`` must be rendered with the map named ``map_div`` (as ``st_folium`` names it).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js.replace(this.placeholder, this._id) }}
        {% endmacro %}
        """
    )

    def __init__(self, group: folium.FeatureGroup, js: str) -> None:
        super().__init__(
            name=group.layer_name, overlay=group.overlay, control=group.control, show=group.show
        )
        self._name = "FeatureGroup"
        self.js = js
        self.placeholder = PLACEHOLDER
