"""Corridor legs as lines styled by mode, with arrowheads and provenance popups."""

from __future__ import annotations

import folium
import geopandas as gpd

from geo.arrows import arrowhead
from geo.confidence import Confidence
from geo.corridors import Corridor
from geo.style import MODE_COLOURS, MODE_DASH
from layers.popups import block, wrap

DECIMALS = 3


def _coords(line) -> list[tuple[float, float]]:
    """Leaflet (lat, lon) pairs, rounded."""
    return [(round(y, DECIMALS), round(x, DECIMALS)) for x, y in line.coords]


def leg_popup(leg_row, corridor: Corridor) -> str:
    """Popup of one leg: corridor, leg, mode, length, section, quote and confidence."""
    assumed = " (path chosen here: waypoint not named in the report)" if leg_row.assumed else ""
    leg = block(
        f"{leg_row.from_name} → {leg_row.to_name}",
        [
            ("Mode", f"{leg_row.mode}{assumed}"),
            ("Length", f"{leg_row.length_km:,.0f} km along the drawn path"),
            ("Section", f"UNODC 2011, {leg_row.section}" if leg_row.section else ""),
            ("Note", leg_row.note),
        ],
        confidence=Confidence(leg_row.confidence),
    )
    head = block(
        corridor.name,
        [("Destinations", ", ".join(corridor.destinations))],
        quote=corridor.summary,
        section=corridor.section,
        confidence=corridor.confidence,
    )
    return wrap(leg, head)


def corridors_layer(
    corridors: list[Corridor] | tuple[Corridor, ...],
    legs: gpd.GeoDataFrame,
    *,
    name: str = "Transit corridors",
    show: bool = True,
) -> folium.FeatureGroup:
    """One feature group holding every leg of ``corridors`` with direction arrows."""
    group = folium.FeatureGroup(name=name, show=show)
    by_id = {c.corridor_id: c for c in corridors}
    for row in legs[legs["corridor_id"].isin(list(by_id))].itertuples():
        corridor = by_id[row.corridor_id]
        colour = MODE_COLOURS[row.mode]
        folium.PolyLine(
            _coords(row.geometry),
            color=colour,
            weight=3 if not row.assumed else 2.5,
            opacity=0.9 if not row.assumed else 0.7,
            dash_array=MODE_DASH[row.mode],
            tooltip=f"{corridor.name}: {row.from_name} → {row.to_name} ({row.mode})",
            popup=folium.Popup(leg_popup(row, corridor), max_width=380),
            class_name=f"ra-leg ra-mode-{row.mode}",
        ).add_to(group)
        head = arrowhead(row.geometry)
        folium.Polygon(
            _coords(head.exterior),
            color=colour,
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.95,
            interactive=False,
            class_name="ra-arrow",
        ).add_to(group)
    return group
