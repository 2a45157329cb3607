"""How the maps and pages look on small screens and on paper.

Two kinds of rules live here, both plain CSS/JavaScript text (no Streamlit):

- inside the map (the ``st_folium`` frame): the legend starts collapsed on a narrow screen and
  never covers more than a quarter of the map (at most half its width and half its height), and
  popups open clear of the map's controls (the map pans them out of the corners);
- on the page: a print view that hides the sidebar, the widgets and the app's chrome, so the
  title, the map and its legend come first on page one.

It also holds the live map's legend, which comes and goes with its layer group so that a new view
replaces the legend instead of stacking a second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from layers.remote import header_style, script_json

NARROW_PX = 600
"""Below this width of the map (in CSS pixels) the legend starts collapsed."""

MAP_CSS = f"""
@media (max-width: {NARROW_PX}px) {{
  .ra-legend {{ max-width: 50vw !important; max-height: 50vh !important; }}
  .leaflet-popup-content {{ max-width: 70vw; }}
  .leaflet-popup-content > div {{ max-height: 45vh !important; }}
}}
@media print {{
  .ra-legend {{ max-height: none !important; overflow: visible !important; }}
  .leaflet-control-layers, .leaflet-control-zoom {{ display: none; }}
}}
"""
"""CSS inside the map frame: the legend's share of a small screen; print without controls."""

POPUP_PADDING_TOP_LEFT = (60, 72)
"""Pixels kept free at the map's top-left (zoom buttons) and top-right (layer control) when a
popup opens: Leaflet pans the map so the popup stays clear of them."""
POPUP_PADDING_BOTTOM_RIGHT = (56, 28)


class PopupsClearOfControls(MacroElement):
    """Popups open clear of the map's controls: the map pans them away from the corners, and on
    a narrow map an open legend folds away while a popup is open."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            L.Popup.prototype.options.autoPanPaddingTopLeft = L.point({{ this.top_left }});
            L.Popup.prototype.options.autoPanPaddingBottomRight = L.point({{ this.bottom_right }});
            map.on("popupopen", function () {
                if ((window.innerWidth || 1000) >= {{ this.narrow }}) { return; }
                var details = document.querySelector(".ra-legend details");
                if (details) { details.open = false; }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PopupsClearOfControls"
        self.top_left = ", ".join(map(str, POPUP_PADDING_TOP_LEFT))
        self.bottom_right = ", ".join(map(str, POPUP_PADDING_BOTTOM_RIGHT))
        self.narrow = NARROW_PX


def add_screen_rules(m: folium.Map) -> folium.Map:
    """Give a map the small-screen rules (:data:`MAP_CSS`) and popups clear of its controls
    (:class:`PopupsClearOfControls`); returns the map."""
    PopupsClearOfControls().add_to(m)
    m.get_root().header.add_child(header_style(MAP_CSS))  # type: ignore[attr-defined]
    return m


PRINT_CSS = """
<style>
@media print {
  section[data-testid="stSidebar"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stBottom"],
  .stSelectbox, .stMultiSelect, .stNumberInput, .stTextInput, .stSlider, .stRadio,
  .stCheckbox, .stToggle, .stButton, .stDownloadButton, .stPopover, .stFileUploader,
  [data-testid="stForm"], [data-testid="stExpander"], [data-testid="stToast"],
  .ra-no-print { display: none !important; }
  [data-testid="stAppViewContainer"] .block-container, .stMainBlockContainer {
    padding: 0 !important; max-width: 100% !important;
  }
  iframe[title="streamlit_folium.st_folium"] { page-break-inside: avoid; break-inside: avoid; }
  .stMainBlockContainer > [data-testid="stVerticalBlock"] {
    display: flex !important; flex-direction: column !important;
  }
  .stMainBlockContainer > [data-testid="stVerticalBlock"] > :has(h1) { order: -2; }
  .stMainBlockContainer > [data-testid="stVerticalBlock"]
    > :has(iframe[title="streamlit_folium.st_folium"]) { order: -1; }
  [data-testid="stVerticalBlockBorderWrapper"] { border: none !important; }
}
</style>
"""
"""Page-level print view: sidebar, widgets and chrome hidden; what remains is the view, the
page's title first and then the block that holds its map (a page keeps its map, the map's
heading and a legend drawn under it in one container), whatever comes before it on screen."""


_LEGEND_CONTROL = """
            var legend = L.control({position: {{ this.position }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "ra-legend leaflet-bar");
                div.style.cssText = {{ this.css }};
                div.innerHTML = {{ this.html }};
                var details = div.querySelector("details");
                var narrow = (window.innerWidth || 1000) < {{ this.narrow }};
                var printing = window.matchMedia("print");
                if (details && window.raLegendOpen !== undefined) {
                    details.open = window.raLegendOpen;
                } else if (details && narrow) {
                    details.open = false;
                }
                if (details) {
                    details.addEventListener("toggle", function () {
                        if (!printing.matches) { window.raLegendOpen = details.open; }
                    });
                    printing.addEventListener("change", function (e) {
                        details.open = e.matches ? true : window.raLegendOpen !== false && !narrow;
                    });
                    if (printing.matches) { details.open = true; }
                }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
"""
"""The legend control both legends below build (Jinja text; ``this`` is the legend)."""


def folded_legend(html: str, *, title: str = "Legend") -> str:
    """Legend markup in a ``<details>`` the screen rules fold and print opens (``html`` and
    ``title`` already escaped)."""
    return (
        f"<details open><summary style='cursor:pointer;font-weight:bold'>{title}</summary>"
        f"{html}</details>"
    )


class GroupLegend(MacroElement):
    """A legend control shown while its parent layer group is on the map.

    ``html`` is trusted markup (``layers.legend`` builds it with every label escaped). On a map
    narrower than :data:`NARROW_PX` the legend's ``<details>`` starts closed; in print it opens,
    so the printed map carries its legend. The user's choice (open or folded) is kept when a new
    view brings a new legend.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};"""
        + _LEGEND_CONTROL
        + """
            group.on("add", function (e) { legend.addTo(e.target._map); });
            group.on("remove", function () { legend.remove(); });
            if (group._map) { legend.addTo(group._map); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "GroupLegend"
        self.html = script_json(html)
        self.position = script_json(position)
        self.narrow = NARROW_PX
        self.css = script_json(
            "background:rgba(255,255,255,0.93);padding:6px 8px;font:10.5px/1.3 sans-serif;"
            "max-width:270px;max-height:38vh;overflow-y:auto"
        )


class MapLegend(GroupLegend):
    """The same legend on the map itself, for maps drawn whole (the Checkpoint planner's):
    folded on a narrow screen, opened in print, never more than a quarter of the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {"""
        + _LEGEND_CONTROL
        + """
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomleft") -> None:
        super().__init__(html, position=position)
        self._name = "MapLegend"


class BaseLayerRegistry(MacroElement):
    """Names the map's base layers in the browser, so a view can pick one without a rebuild.

    It also remembers the overlays the user switched off in the layer control, so the next view
    keeps them off (see :class:`KeptLayerControl`).

    Add it to the base map after the base layers. ``layers`` are (name, folium layer) pairs; the
    layer's JavaScript name is read when the map is rendered.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.raBase = {
        {%- for name, layer in this.layers %}
            {{ name|tojson }}: {{ layer.get_name() }},
        {%- endfor %}
        };
        (function () {
            var map = {{ this._parent.get_name() }};
            window.raHidden = {};
            function clicked() {
                return window.layer_control && window.layer_control._handlingClick;
            }
            map.on("overlayremove", function (e) {
                if (clicked()) { window.raHidden[e.name] = true; }
            });
            map.on("overlayadd", function (e) {
                if (clicked()) { delete window.raHidden[e.name]; }
            });
            window.raKeepHidden = function (control) {
                control._layers.forEach(function (item) {
                    if (item.overlay && window.raHidden[item.name]) { map.removeLayer(item.layer); }
                });
            };
        })();
        window.raChooseBase = function (name) {
            if (window.raBaseChosen === name || !window.raBase[name]) { return; }
            window.raBaseChosen = name;
            var map = {{ this._parent.get_name() }};
            Object.keys(window.raBase).forEach(function (key) {
                var layer = window.raBase[key];
                if (key === name) { map.addLayer(layer); } else { map.removeLayer(layer); }
            });
        };
        {% endmacro %}
        """
    )

    def __init__(self, layers: Sequence[tuple[str, MacroElement]]) -> None:
        super().__init__()
        self._name = "BaseLayerRegistry"
        self.layers = list(layers)


class BaseLayerChoice(MacroElement):
    """Shows the base layer the view names (once per change of the choice)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.raChooseBase) { window.raChooseBase({{ this.name }}); }
        {% endmacro %}
        """
    )

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = "BaseLayerChoice"
        self.name = script_json(name)


class KeptLayerControl(folium.LayerControl):
    """folium's layer control, keeping off the overlays the user switched off in an earlier view.

    Each view brings its own layer control; the overlays the user unticked before (remembered
    by :class:`BaseLayerRegistry` on the map) stay off in the new one.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.control_script(this, kwargs) }}
        if (window.raKeepHidden) { window.raKeepHidden({{ this.get_name() }}); }
        {% endmacro %}
        """
    )

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.control_script = folium.LayerControl._template.module.script
