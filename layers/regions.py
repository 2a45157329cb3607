"""What the report says of provinces and regions, drawn at province level only."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.confidence import Confidence
from layers.popups import block, escape_text, wrap

REGION_COLOUR = "#6a51a3"


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
    located = statements[statements["province"] != ""]
    if located.empty:
        return group
    frame = provinces[provinces["province"].isin(set(located["province"]))].copy()
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
    folium.GeoJson(
        frame[["province", "geometry"]].to_json(drop_id=True),
        name=name,
        style_function=lambda _f: {
            "color": REGION_COLOUR,
            "weight": 2,
            "dashArray": "6 4",
            "fill": False,
        },
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
            tooltip=escape_text(f"{row.province}: what the report says of the province"),
            popup=folium.Popup(row.popup, max_width=400),
        ).add_to(group)
    return group
