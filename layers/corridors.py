"""Corridor legs as lines styled by mode, with arrowheads and provenance popups."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import folium
import geopandas as gpd

from geo.confidence import Confidence
from geo.corridors import Corridor
from layers.arrows import arrowhead
from layers.popups import block, escape_text, wrap
from layers.remote import RemoteGeoJson
from layers.style import MODE_COLOURS, MODE_DASH

DECIMALS = 3


def leg_popup(leg_row: Any, corridor: Corridor) -> str:
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
    """One feature group holding every leg of ``corridors`` with direction arrows.

    Legs and arrowheads are two GeoJSON layers (not one element per leg), which keeps the page
    small and its rendering fast; styling is data keyed by mode and by whether the path was
    chosen here.
    """
    group = folium.FeatureGroup(name=name, show=show)
    lines, heads = _features(corridors, legs)
    if not lines:
        return group
    folium.GeoJson(
        {"type": "FeatureCollection", "features": lines},
        name=f"{name} (legs)",
        style_function=_line_style,
        highlight_function=lambda _f: {"weight": 5},
        tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False),
        popup=folium.GeoJsonPopup(["popup"], labels=False, max_width=380),
        control=False,
    ).add_to(group)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": heads},
        name=f"{name} (arrows)",
        style_function=_arrow_style,
        interactive=False,
        control=False,
    ).add_to(group)
    return group


def corridor_features(
    corridors: list[Corridor] | tuple[Corridor, ...], legs: gpd.GeoDataFrame
) -> tuple[dict, dict]:
    """Every leg (with tooltip, popup and style) and every arrowhead, as two GeoJSON documents
    the browser fetches once; each feature names its ``corridor_id`` so a view can filter."""
    lines, heads = _features(corridors, legs)
    for feature in lines:
        feature["properties"]["style"] = _line_style(feature)
    for feature in heads:
        feature["properties"]["style"] = _arrow_style(feature)
    return (
        {"type": "FeatureCollection", "features": lines},
        {"type": "FeatureCollection", "features": heads},
    )


def remote_corridors_layer(
    legs_url: str,
    arrows_url: str,
    corridor_ids: set[str] | frozenset[str],
    *,
    name: str = "Transit corridors",
    show: bool = True,
) -> folium.FeatureGroup:
    """The corridors of ``corridor_ids``, drawn from :func:`corridor_features` files."""
    group = folium.FeatureGroup(name=name, show=show)
    only = ("corridor_id", sorted(corridor_ids))
    RemoteGeoJson(legs_url, layer_id="corridors", only=only, rank=2, hover_weight=5).add_to(group)
    RemoteGeoJson(
        arrows_url, layer_id="corridor_arrows", only=only, rank=3, interactive=False
    ).add_to(group)
    return group


def _features(
    corridors: list[Corridor] | tuple[Corridor, ...], legs: gpd.GeoDataFrame
) -> tuple[list[dict], list[dict]]:
    by_id = {c.corridor_id: c for c in corridors}
    chosen = legs[legs["corridor_id"].isin(list(by_id))]
    lines: list[dict] = []
    heads: list[dict] = []
    for row in chosen.itertuples():
        corridor = by_id[row.corridor_id]
        props = {
            "mode": row.mode,
            "assumed": bool(row.assumed),
            "corridor_id": row.corridor_id,
        }
        lines.append(
            {
                "type": "Feature",
                "properties": {
                    **props,
                    "tooltip": escape_text(
                        f"{corridor.name}: {row.from_name} → {row.to_name} ({row.mode})"
                    ),
                    "popup": leg_popup(row, corridor),
                },
                "geometry": {"type": "LineString", "coordinates": _lonlat(row.geometry.coords)},
            }
        )
        heads.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [_lonlat(arrowhead(row.geometry).exterior.coords)],
                },
            }
        )
    return lines, heads


def _lonlat(coords: Iterable[tuple[float, float]]) -> list[list[float]]:
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in coords]


def _line_style(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature["properties"]
    return {
        "color": MODE_COLOURS[props["mode"]],
        "weight": 2.5 if props["assumed"] else 3,
        "opacity": 0.7 if props["assumed"] else 0.9,
        "dashArray": MODE_DASH[props["mode"]],
    }


def _arrow_style(feature: dict[str, Any]) -> dict[str, Any]:
    colour = MODE_COLOURS[feature["properties"]["mode"]]
    return {"color": colour, "weight": 1, "fillColor": colour, "fillOpacity": 0.95}
