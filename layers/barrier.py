"""Iran's barrier from Taftan to Mand (§3.2), drawn along the border."""

from __future__ import annotations

import folium
from shapely.geometry import MultiLineString

from geo.confidence import Confidence
from layers.popups import block, escape_text, wrap

BARRIER_COLOUR = "#252525"
BARRIER_QUOTE = (
    "Iran has started construction on a barrier between the two countries stretching from "
    "Taftan to Mand, a project that has enflamed Baluchi tribesmen as something that would "
    "hamper their trade and social activities."
)


def barrier_layer(line: MultiLineString, *, show: bool = True) -> folium.FeatureGroup:
    """The barrier as a hatched line with the report's words; its extent is approximate."""
    group = folium.FeatureGroup(name="Iran's barrier, Taftan to Mand (§3.2)", show=show)
    popup = wrap(
        block(
            "Iran's border barrier (under construction in 2011)",
            [
                ("Extent", "Taftan to Mand, as the report states"),
                ("Drawn", "along the Iran–Pakistan border between the two towns (approximate)"),
            ],
            quote=BARRIER_QUOTE,
            section="§3.2",
            confidence=Confidence.REPORTED,
        )
    )
    for part in line.geoms:
        folium.PolyLine(
            [(round(y, 3), round(x, 3)) for x, y in part.coords],
            color=BARRIER_COLOUR,
            weight=4,
            dash_array="2 5",
            tooltip=escape_text("Iran's barrier from Taftan to Mand (§3.2)"),
            popup=folium.Popup(popup, max_width=380),
        ).add_to(group)
    return group
