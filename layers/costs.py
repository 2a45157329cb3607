"""Smuggling cost estimates placed along their corridors, in the user's chosen currency.

Each label shows the cost as the report states it (ranges stay ranges), converted at a stated
rate; the popup gives the original figure, the rate, its year and its source, and says that
placing the report's costs along one route is a choice made here.

A label hangs below its place on a thin leader, farther than the largest figure circle reaches
(``LABEL_GAP`` > ``layers.figures.MAX_RADIUS``), so it never covers the markers at the place
itself (Karachi has a launch point, the port's figures and the start of several corridors). A
label that would sit under a map control (zoom, layers, legend) is hidden until the map is moved
so that it is clear again; its marker's tooltip still gives the cost.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.cost_statements import placement_notes
from geo.costs import CostStep, rate_line
from geo.currency import RateTable
from geo.gazetteer import Gazetteer
from layers.figures import MAX_RADIUS
from layers.popups import block, figure_block, wrap
from layers.popups import escape_text as escape

LABEL_GAP = int(MAX_RADIUS) + 6
"""Pixels between a place and the top of its cost label."""
LABEL_WIDTH = 170
LABEL_HEIGHT = 18


class LabelGuard(MacroElement):
    """Hide cost labels that a map control (zoom, layer list, legend) would cover.

    Checked when the map moves (once a frame while it is dragged), zooms, resizes or gets a
    layer, and when a control opens, folds or comes and goes (the layer list expanding under
    the pointer, a legend opened).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var group = {{ this._parent.get_name() }};
            function overlaps(a, b) {
                if (!a.width || !a.height || !b.width || !b.height) { return false; }
                return !(a.right < b.left || a.left > b.right ||
                         a.bottom < b.top || a.top > b.bottom);
            }
            function guard(map) {
                var box = map.getContainer();
                var controls = Array.prototype.map.call(
                    box.querySelectorAll('.leaflet-control'),
                    function(c) { return c.getBoundingClientRect(); });
                box.querySelectorAll('.ra-cost').forEach(function(label) {
                    var r = label.getBoundingClientRect();
                    var covered = controls.some(function(c) { return overlaps(r, c); });
                    label.style.visibility = covered ? 'hidden' : '';
                    label.classList.toggle('ra-cost-covered', covered);
                });
            }
            function attach() {
                var map = group._map;
                if (!map) { return; }
                if (!map._raCostGuard) {
                    map._raCostGuard = true;
                    var pending = false;
                    var soon = function() {  // at most once a frame, while dragging too
                        if (pending) { return; }
                        pending = true;
                        requestAnimationFrame(function() { pending = false; guard(map); });
                    };
                    map.on('move', soon);
                    map.on('moveend zoomend overlayadd resize', function() { guard(map); });
                    var controls = map.getContainer()
                        .querySelector('.leaflet-control-container');
                    if (controls && window.MutationObserver) {  // a control opens or folds
                        new MutationObserver(soon).observe(controls, {
                            subtree: true, childList: true, attributes: true,
                            attributeFilter: ['class', 'open']});
                    }
                    window.addEventListener('load', function() { guard(map); });
                    if (window.ResizeObserver) {
                        new ResizeObserver(function() { guard(map); })
                            .observe(map.getContainer());
                    }
                }
                map.whenReady(function() { setTimeout(function() { guard(map); }, 0); });
            }
            group.on('add', attach);
            attach();
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LabelGuard"


def label_html(text: str) -> str:
    """A cost label hanging below its place on a leader line."""
    return (
        "<div style='display:flex;flex-direction:column;align-items:center'>"
        f"<div style='width:1px;height:{LABEL_GAP}px;background:#8c510a'></div>"
        "<div class='ra-cost' style='background:#fff8e1;border:1px solid #8c510a;"
        "border-radius:4px;padding:1px 4px;font-size:11px;white-space:nowrap'>"
        f"{escape(text)}</div></div>"
    )


def costs_layer(
    steps: tuple[CostStep, ...] | list[CostStep],
    gazetteer: Gazetteer,
    *,
    currency: str,
    rates: RateTable,
    corridor_ids: set[str] | None = None,
    show: bool = True,
) -> folium.FeatureGroup:
    """Labels with the cost to reach each priced place of the selected corridors."""
    group = folium.FeatureGroup(name=f"Cost estimates ({currency})", show=show)
    placed = placement_notes()
    for step in steps:
        if corridor_ids is not None and step.corridor_id not in corridor_ids:
            continue
        item = step.figure
        place = gazetteer.get(step.place_id)
        text = step.display(currency, rates)
        body = wrap(
            figure_block(item, value_text=f"{item.display()} {step.currency}"),
            block(
                f"Shown as {text}",
                [
                    ("Rate used", rate_line(step.currency, currency, rates)),
                    (
                        "Counts",
                        "from the start of the journey" if step.cumulative else "visa and ticket",
                    ),
                    ("Placed here", placed.get(item.figure_id, "")),
                ],
            ),
        )
        folium.Marker(
            location=(round(place.lat, 4), round(place.lon, 4)),
            icon=folium.DivIcon(
                html=label_html(text),
                icon_size=(LABEL_WIDTH, LABEL_GAP + LABEL_HEIGHT),
                icon_anchor=(LABEL_WIDTH // 2, 0),
                class_name="ra-cost-icon",
            ),
            tooltip=escape(f"{item.label}: {text}"),
            popup=folium.Popup(body, max_width=400),
        ).add_to(group)
    LabelGuard().add_to(group)
    return group
