"""A map legend as a Leaflet control, built from the same style data as the layers."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from geo.confidence import Confidence
from layers.popups import escape_text as escape
from layers.screen import folded_legend
from layers.style import MARKER_COLOURS, MODE_COLOURS, MODE_DASH, confidence_colour

FIGURE_SCALE_NOTE = (
    "each measure has its own scale: the largest circle of every layer is its largest value, "
    "so circle sizes do not compare across layers"
)


def figure_scale_label(title: str, largest: str) -> str:
    """A figure layer's legend text: its name and the value its largest circle stands for."""
    return f"{title.removeprefix('Figures: ')}: own scale, largest circle = {largest}"


class Legend(MacroElement):
    """A collapsible legend in a map corner; ``html`` is trusted markup built by this module."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function() {
                var div = L.DomUtil.create('div', 'ra-legend leaflet-bar');
                div.style.background = 'rgba(255,255,255,0.93)';
                div.style.padding = '6px 8px';
                div.style.font = '10.5px/1.3 sans-serif';
                div.style.maxWidth = '270px';
                div.style.maxHeight = '38vh';
                div.style.overflowY = 'auto';
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position


def swatch(colour: str, label: str, *, shape: str = "box", dash: str | None = None) -> str:
    """One legend row: a coloured box, line or circle and its label."""
    if shape == "line":
        style = "dashed" if dash and dash.startswith(("8", "6")) else "dotted" if dash else "solid"
        mark = (
            f"<span style='display:inline-block;width:22px;border-top:3px {style} {colour};"
            "vertical-align:middle;margin-right:5px'></span>"
        )
    elif shape == "circle":
        mark = (
            f"<span style='display:inline-block;width:11px;height:11px;border-radius:50%;"
            f"background:{colour};border:1px solid #222;margin-right:5px'></span>"
        )
    else:
        mark = (
            f"<span style='display:inline-block;width:12px;height:12px;background:{colour};"
            "border:1px solid #444;margin-right:5px;vertical-align:middle'></span>"
        )
    return f"<div>{mark}{escape(label)}</div>"


def route_map_legend(
    *,
    role_label: str,
    role_colour: str,
    figure_measures: list[tuple[str, str, str]],
    currency: str,
    rate_line: str,
) -> str:
    """Legend markup: district role, corridor modes, points, figure scales and confidence."""
    rows = ["<b>Districts</b>", swatch(role_colour, role_label)]
    rows.append(
        swatch(
            "#6a51a3",
            "Province-level statement (click the dot; not a district fact)",
            shape="circle",
        )
    )
    rows.append("<b>Corridors</b> (arrows show direction)")
    for mode, colour in MODE_COLOURS.items():
        rows.append(swatch(colour, mode.capitalize(), shape="line", dash=MODE_DASH[mode]))
    rows.append("<div><i>Thinner lines: path through waypoints chosen here</i></div>")
    rows.append("<b>Places</b>")
    rows.append(swatch(MARKER_COLOURS["crossing"], "Border crossing", shape="circle"))
    rows.append(swatch(MARKER_COLOURS["launch"], "Sea launch point", shape="circle"))
    rows.append(swatch(MARKER_COLOURS["receiving"], "Receiving port", shape="circle"))
    rows.append(swatch(MARKER_COLOURS["risk"], "Sea-route risk estimate", shape="circle"))
    rows.append(swatch("#252525", "Iran's barrier, Taftan to Mand", shape="line", dash="2 5"))
    if figure_measures:
        rows.append(f"<b>Figures</b> ({escape(FIGURE_SCALE_NOTE)})")
        for title, colour, largest in figure_measures:
            rows.append(swatch(colour, figure_scale_label(title, largest), shape="circle"))
    rows.append(f"<b>Costs</b> in {escape(currency)}: {escape(rate_line)}")
    rows.append("<b>Confidence</b>")
    for member in Confidence:
        rows.append(swatch(confidence_colour(member), member.label))
    return folded_legend("".join(rows))
