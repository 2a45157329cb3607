"""Records layers in the browser: the compact circles script, and swapping a live layer.

:class:`RecordCircles` turns one compact array into circles with popups and tooltips, adds the
layer's legend as a map control that leaves with the layer, and keeps the report's own points
and lines in front of the records. :func:`live_layer_script` and :func:`layer_injector_html`
put a records layer on a map that is already in the browser, so a playback sends one month's
layer (tens of kilobytes) instead of the whole map again.
"""

from __future__ import annotations

import json
from typing import Any

import folium
from branca.element import Figure, MacroElement
from jinja2 import Template

from layers.remote import RemoteGeoJson


def _script_json(value: Any) -> str:
    """JSON for inside a ``<script>``: compact, and unable to close the script element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class RecordCircles(MacroElement):
    """Circles, a legend and the report-on-top rule, added to the parent feature group.

    ``rows`` are ``[lat, lon, radius, colour index, name, value, note]`` with every text
    already escaped; ``tail`` and ``legend`` are markup built by this module.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var group = {{ this._parent.get_name() }};
            var map = {{ this._parent._parent.get_name() }};
            var colours = {{ this.colours }};
            var tail = {{ this.tail }};
            var label = {{ this.label }};
            {{ this.rows }}.forEach(function(r) {
                var marker = L.circleMarker([r[0], r[1]], {
                    radius: r[2], color: colours[r[3]], fillColor: colours[r[3]],
                    weight: 1, fill: true, fillOpacity: 0.55, raRecords: true});
                marker.bindTooltip(r[4] + ': ' + r[5]);
                marker.bindPopup("<div class='ra-records-popup'><b>" + r[4] + '</b><br>' +
                    label + ': ' + r[5] + r[6] + tail + '</div>', {maxWidth: 340});
                group.addLayer(marker);
            });
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function() {
                var div = L.DomUtil.create('div', 'ra-records-legend leaflet-bar');
                div.style.cssText = 'background:rgba(255,255,255,0.93);padding:6px 8px;' +
                    'font:10.5px/1.3 sans-serif;max-width:260px';
                div.innerHTML = {{ this.legend }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            function reportOnTop() {  // lines first, then points: points stay above lines
                var lines = [], points = [];
                map.eachLayer(function(layer) {
                    if (!(layer instanceof L.Path) || layer instanceof L.Polygon) return;
                    if (layer.options.raRecords) return;
                    (layer instanceof L.CircleMarker ? points : lines).push(layer);
                });
                lines.concat(points).forEach(function(layer) { layer.bringToFront(); });
            }
            function order() {  // above the districts, below the report's points and lines
                if (!map.hasLayer(group)) return;
                group.eachLayer(function(marker) { marker.bringToFront(); });
                reportOnTop();
            }
            group.on('add', function() {
                var before = window.__raRecords;
                if (before && before !== group) map.removeLayer(before);
                window.__raRecordsKey = null;
                window.__raRecords = group;
                legend.addTo(map);
                order();
                // Geometry of the same view still on its way is drawn later: order again then.
                Promise.all((window.raLoads || []).slice()).then(order, order);
            });
            group.on('remove', function() { legend.remove(); });
            if (map.hasLayer(group)) { group.fire('add'); }
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        rows: list[list[Any]],
        *,
        colours: list[str],
        label: str,
        tail: str,
        legend: str,
    ):
        super().__init__()
        self._name = "RecordCircles"
        self.rows = _script_json(rows)
        self.colours = _script_json(colours)
        self.label = _script_json(label)
        self.tail = _script_json(tail)
        self.legend = _script_json(legend)


def live_layer_script(group: folium.FeatureGroup) -> str:
    """JavaScript that puts ``group`` on a map already in the browser (global ``map_div``).

    The records layer it replaces (any layer built here) leaves the map with its legend. Used
    to send one month of a playback without sending the map again (see
    :func:`layer_injector_html`).
    """
    figure = Figure()
    fmap = folium.Map(tiles=None).add_to(figure)
    group.add_to(fmap)
    group.render()
    return str(figure.script.render()).replace(fmap.get_name(), "map_div")


def layer_injector_html(
    script: str | None, *, key: str, map_frame: str, generation: int = 0
) -> str:
    """A tiny page that runs ``script`` inside the live map's frame, once per ``key``.

    It finds the map's frame (``map_frame`` is its CSS selector in the parent page), runs the
    script there and checks again every quarter second, so a map redrawn in the meantime gets
    the layer back. When the live map draws a new view over it (new basemap, other corridors:
    ``window.raDrawCount`` moves on), the layer is added again, so it sits above the new
    districts and below the report's points and lines. ``script=None`` only takes the last
    records layer off the map.

    ``generation`` orders injectors (the page numbers them as it sends them): one that finds a
    newer one has run stops for good, so an older frame the page has not yet removed can never
    put an older month back.
    """
    code = script or "if (window.__raRecords) { map_div.removeLayer(window.__raRecords); }"
    return (
        "<script>(function() {"
        f"var code = {_script_json(code)}, key = {_script_json(key)};"
        f"var selector = {_script_json(map_frame)}, generation = {int(generation)};"
        "var timer = null;"
        "function tick() {"
        "  var frames = window.parent.document.querySelectorAll(selector);"
        "  for (var i = 0; i < frames.length; i++) {"
        "    var w = frames[i].contentWindow;"
        "    if (!w || !w.map_div || !w.L) continue;"
        "    if ((w.__raRecordsGeneration || 0) > generation) {"
        "      if (timer !== null) { clearInterval(timer); } timer = -1; return;"
        "    }"
        "    w.__raRecordsGeneration = generation;"
        "    var drawn = w.raDrawCount || 0, live = w.__raRecords;"
        "    if (w.__raRecordsKey === key && w.__raRecordsMap === w.map_div) {"
        "      if (w.__raRecordsDrawn !== drawn && live && w.map_div.hasLayer(live)) {"
        "        w.map_div.removeLayer(live); w.map_div.addLayer(live); w.__raRecordsKey = key;"
        "      }"
        "      w.__raRecordsDrawn = drawn; continue;"
        "    }"
        "    w.eval(code); w.__raRecordsKey = key; w.__raRecordsMap = w.map_div;"
        "    w.__raRecordsDrawn = drawn;"
        "  }"
        "}"
        "tick(); if (timer === null) { timer = setInterval(tick, 250); }"
        "})();</script>"
    )


RECORDS_DISTRICTS_ID = "records_districts"
"""Name of a records district layer in the browser (``window.raLayers``) when fetched."""
RECORDS_RANK = 1
"""Draw order of fetched records districts among the fetched layers: above the districts
coloured by role (0), below the corridors (2) and the report's points."""


def add_district_shapes(
    group: folium.FeatureGroup,
    shapes: Any,
    *,
    styles: list[dict[str, Any]],
    labels: list[str],
    remote_url: str | None = None,
) -> None:
    """Add the districts of ``shapes`` to ``group``, each with its style and escaped tooltip.

    ``shapes`` has a ``district`` column (and, when the geometry is embedded, ``geometry``).
    With ``remote_url`` (the Route map's districts file, :mod:`layers.remote`) only the styles
    and tooltips travel, keyed by district, and the browser draws them on the geometry it has
    already fetched: a month of a playback by district costs a few kilobytes instead of the
    districts' shapes. Without it (a standalone map) the geometry is embedded.
    """
    names = [str(d) for d in shapes["district"]]
    if remote_url is not None:
        each = {n: (s, label, False) for n, s, label in zip(names, styles, labels, strict=True)}
        RemoteGeoJson(
            remote_url,
            layer_id=RECORDS_DISTRICTS_ID,
            only=("district", names),
            each=("district", each),
            rank=RECORDS_RANK,
        ).add_to(group)
        return
    frame = shapes[["geometry"]].copy()  # no raw name: only escaped text travels
    frame["label"], frame["style"] = labels, styles
    folium.GeoJson(
        frame.to_geo_dict(show_bbox=False, drop_id=True),
        style_function=lambda f: f["properties"]["style"],
        tooltip=folium.GeoJsonTooltip(["label"], labels=False),
    ).add_to(group)
