"""Arrowheads that show which way a corridor leg runs, as plain triangles.

Drawn as ordinary polygons so direction stays visible in the web map, the offline HTML map and
the static image alike, with no map plugin to load.
"""

from __future__ import annotations

import math

from shapely.geometry import LineString, Polygon


def arrowhead(line: LineString, *, at: float = 0.55, size_deg: float = 0.35) -> Polygon:
    """A triangle on ``line`` at fraction ``at`` of its length, pointing along it.

    ``size_deg`` is the arrow length in degrees; it is scaled down for short legs so the head
    never overshoots the leg.
    """
    if line.length == 0:
        raise ValueError("cannot orient an arrow on a zero-length line")
    size = min(size_deg, line.length / 4)
    tip = line.interpolate(min(at * line.length + size / 2, line.length))
    tail = line.interpolate(max(at * line.length - size / 2, 0))
    dx, dy = tip.x - tail.x, tip.y - tail.y
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    half = size * 0.45
    base_x, base_y = tip.x - ux * size, tip.y - uy * size
    left = (base_x - uy * half, base_y + ux * half)
    right = (base_x + uy * half, base_y - ux * half)
    return Polygon([(tip.x, tip.y), left, right])
