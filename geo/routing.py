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
    coords = [(float(c[0]), float(c[1])) for c in feature["geometry"]["coordinates"]]
    # searoute joins origin/destination with straight connectors; keep them, drop repeats.
    cleaned = [coords[0]]
    for c in coords[1:]:
        if c != cleaned[-1]:
            cleaned.append(c)
    return LineString(trim_doubling_back(cleaned, end))


def trim_doubling_back(
    coords: list[tuple[float, float]], end: tuple[float, float]
) -> list[tuple[float, float]]:
    """Drop leading lane vertices that lie farther from ``end`` than the origin does.

    The maritime network is coarse: its nearest node to a port can lie behind the port, so the
    lane would first run away from the destination and then double back (Gwadar to Muscat went
    about 100 km east first). The origin is then joined straight to the first vertex that brings
    the boat nearer its destination; the tests check that no sea leg crosses land.
    """
    origin = coords[0]
    start_km = _GEOD.inv(*origin, *end)[2] / 1000
    kept = list(coords)
    while len(kept) > 2 and _GEOD.inv(*kept[1], *end)[2] / 1000 > start_km:
        del kept[1]
    return kept


def initial_bearing_offset(line: LineString) -> float:
    """Degrees (0–180) between a line's first step and the bearing from its start to its end."""
    coords = list(line.coords)
    if len(coords) < 2:
        raise ValueError("a line needs at least two points")
    first = _GEOD.inv(*coords[0][:2], *coords[1][:2])[0]
    direct = _GEOD.inv(*coords[0][:2], *coords[-1][:2])[0]
    return abs((first - direct + 180.0) % 360.0 - 180.0)


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
