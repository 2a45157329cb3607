"""Border lines between two countries, and the stretch of one that a statement concerns.

Used to draw Iran's barrier "stretching from Taftan to Mand" (§3.2) along the border itself
rather than as a straight line between the two towns.
"""

from __future__ import annotations

import geopandas as gpd
from shapely import line_merge
from shapely.geometry import LineString, MultiLineString, box
from shapely.ops import unary_union

from geo.boundaries import load_countries
from geo.gazetteer import load_gazetteer


def shared_border(countries: gpd.GeoDataFrame, first: str, second: str) -> MultiLineString:
    """The line two countries' polygons share (``name`` column), merged where it joins."""
    try:
        a = countries.loc[countries["name"] == first].geometry.iloc[0]
        b = countries.loc[countries["name"] == second].geometry.iloc[0]
    except IndexError:
        raise ValueError(f"no country named {first!r} or {second!r}") from None
    border = line_merge(unary_union(a.boundary.intersection(b.boundary)))
    if border.is_empty:
        raise ValueError(f"{first} and {second} share no border in these polygons")
    return border if isinstance(border, MultiLineString) else MultiLineString([border])


def border_between(
    border: MultiLineString, start: tuple[float, float], end: tuple[float, float]
) -> MultiLineString:
    """The part of ``border`` within the latitude band spanned by two (lon, lat) points.

    The Iran–Pakistan border runs north–south, so a latitude band picks the stretch between two
    towns on it; the band is widened by a small margin so the towns' own latitudes are inside.
    """
    south, north = sorted((start[1], end[1]))
    margin = 0.05
    band = box(-180, south - margin, 180, north + margin)
    part = border.intersection(band)
    lines = [g for g in getattr(part, "geoms", [part]) if isinstance(g, LineString)]
    if not lines:
        raise ValueError("the border does not pass between these two points")
    return MultiLineString(lines)


def iran_barrier() -> MultiLineString:
    """The Iran–Pakistan border between Taftan and Mand, where Iran's barrier runs (§3.2)."""
    gaz = load_gazetteer()
    taftan, mand = gaz.get("taftan"), gaz.get("mand_balo")
    border = shared_border(load_countries(), "Iran", "Pakistan")
    return border_between(border, (taftan.lon, taftan.lat), (mand.lon, mand.lat))
