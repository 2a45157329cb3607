"""What the report says of provinces and regions, drawn at province level only."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.confidence import Confidence
from layers.popups import block, wrap
from layers.popups import escape_text as escape
from layers.remote import RemoteGeoJson

REGION_COLOUR = "#6a51a3"
OUTLINE_STYLE = {"color": REGION_COLOUR, "weight": 2, "dashArray": "6 4", "fill": False}
POINT_STYLE = {
    "color": "#ffffff",
    "weight": 2,
    "fill": True,
    "fillColor": REGION_COLOUR,
    "fillOpacity": 1.0,
}


def _tooltip(province: str) -> str:
    return f"{province}: what the report says of the province"


def _frame(provinces: gpd.GeoDataFrame, statements: pd.DataFrame) -> gpd.GeoDataFrame:
    """The provinces the report speaks of, each with a popup holding every statement."""
    located = statements[statements["province"] != ""]
    frame = provinces[provinces["province"].isin(set(located["province"]))].copy()
    if frame.empty:
        return frame
    frame["popup"] = [
        wrap(
            *(
                block(
                    f"{r.region}: {r.statement}",
                    [("Theme", r.theme.replace("_", " "))],
                    quote=r.quote,
                    section=r.section,
                    confidence=Confidence(r.confidence),
                )
                for r in located[located["province"] == province].itertuples()
            ),
            "<i>Stated by the report for the province or region, not for its districts.</i>",
        )
        for province in frame["province"]
    ]
    return frame


def region_statements_layer(
    provinces: gpd.GeoDataFrame,
    statements: pd.DataFrame,
    *,
    name: str = "Province and region statements",
    show: bool = False,
) -> folium.FeatureGroup:
    """Provinces that the report speaks of, hatched-outline style, with every statement.

    Statements whose region is a part of a province ("central and south Punjab") are attached to
    that province and say so in their own words; no district inherits them.
    """
    group = folium.FeatureGroup(name=name, show=show)
    frame = _frame(provinces, statements)
    if frame.empty:
        return group
    folium.GeoJson(
        frame[["province", "geometry"]].to_json(drop_id=True),
        name=name,
        style_function=lambda _f: OUTLINE_STYLE,
        interactive=False,  # the outline must not catch clicks meant for districts
    ).add_to(group)
    for row in frame.itertuples():
        point = row.geometry.representative_point()
        folium.CircleMarker(
            location=(round(point.y, 3), round(point.x, 3)),
            radius=7,
            color="#ffffff",
            weight=2,
            fill=True,
            fill_color=REGION_COLOUR,
            fill_opacity=1.0,
            tooltip=_tooltip(row.province),
            popup=folium.Popup(row.popup, max_width=400),
        ).add_to(group)
    return group


def region_features(provinces: gpd.GeoDataFrame, statements: pd.DataFrame) -> tuple[dict, dict]:
    """Outlines of the provinces the report speaks of, and one point each with every statement,
    as two GeoJSON documents the browser fetches once."""
    frame = _frame(provinces, statements)
    if frame.empty:
        empty: dict = {"type": "FeatureCollection", "features": []}
        return empty, empty
    outlines = frame[["province", "geometry"]].to_geo_dict(show_bbox=False, drop_id=True)
    points = []
    for row in frame.itertuples():
        point = row.geometry.representative_point()
        points.append(
            {
                "type": "Feature",
                "properties": {"tooltip": escape(_tooltip(row.province)), "popup": row.popup},
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(point.x, 3), round(point.y, 3)],
                },
            }
        )
    return outlines, {"type": "FeatureCollection", "features": points}


def remote_region_statements_layer(
    outlines_url: str,
    points_url: str,
    *,
    name: str = "Province and region statements",
    show: bool = True,
) -> folium.FeatureGroup:
    """The layer of :func:`region_statements_layer`, drawn from :func:`region_features` files."""
    group = folium.FeatureGroup(name=name, show=show)
    RemoteGeoJson(
        outlines_url, layer_id="regions", style=OUTLINE_STYLE, rank=1, interactive=False
    ).add_to(group)
    RemoteGeoJson(points_url, layer_id="region_points", style=POINT_STYLE, rank=4).add_to(group)
    return group
