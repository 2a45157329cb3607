"""Geometry of a corridor leg by its mode of travel.

Sea legs follow real shipping lanes (``searoute``'s maritime network, offline); air legs are
great-circle arcs; land legs are straight segments between named towns, which is why land
corridors list intermediate waypoints that keep them off open water. A leg whose mode the report
does not give is drawn as a great-circle arc and styled as "unspecified".
"""

from __future__ import annotations

from pyproj import Geod
from shapely.geometry import LineString

MODES = ("land", "sea", "air", "unspecified")

_GEOD = Geod(ellps="WGS84")
_ARC_STEP_KM = 100.0


def great_circle(start: tuple[float, float], end: tuple[float, float]) -> LineString:
    """A geodesic arc between two (lon, lat) points, densified about every 100 km."""
    (lon1, lat1), (lon2, lat2) = start, end
    distance_km = _GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000
    steps = max(int(distance_km // _ARC_STEP_KM), 1)
    inner = _GEOD.npts(lon1, lat1, lon2, lat2, steps - 1) if steps > 1 else []
    return LineString([(lon1, lat1), *inner, (lon2, lat2)])


def sea_route(start: tuple[float, float], end: tuple[float, float]) -> LineString:
    """The shortest path along the maritime network between two coastal (lon, lat) points."""
    import searoute  # imported lazily: it loads its network on first use

    feature = searoute.searoute(list(start), list(end), append_orig_dest=True)
    coords = [tuple(c) for c in feature["geometry"]["coordinates"]]
    # searoute joins origin/destination with straight connectors; keep them, drop repeats.
    cleaned = [coords[0]]
    for c in coords[1:]:
        if c != cleaned[-1]:
            cleaned.append(c)
    return LineString(cleaned)


def leg_geometry(mode: str, start: tuple[float, float], end: tuple[float, float]) -> LineString:
    """Geometry for a leg of ``mode`` from ``start`` to ``end`` (both lon, lat)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    if start == end:
        raise ValueError("a leg must join two different places")
    if mode == "sea":
        return sea_route(start, end)
    if mode in ("air", "unspecified"):
        return great_circle(start, end)
    return LineString([start, end])


def geodesic_length_km(line: LineString) -> float:
    """Length of a lon/lat line on the WGS84 ellipsoid, in kilometres."""
    return _GEOD.geometry_length(line) / 1000
