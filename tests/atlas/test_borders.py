"""Border stretches for statements such as Iran's barrier 'from Taftan to Mand' (§3.2)."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.borders import border_between, iran_barrier, shared_border
from geo.boundaries import load_countries


def test_two_touching_squares_share_their_edge():
    frame = gpd.GeoDataFrame(
        {"name": ["A", "B"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326"
    )
    border = shared_border(frame, "A", "B")
    assert border.length == pytest.approx(1.0)
    part = border_between(border, (1.0, 0.25), (1.0, 0.75))
    assert part.length == pytest.approx(0.6)  # the band plus its 0.05 margin on each side


def test_countries_that_do_not_touch_are_refused():
    frame = gpd.GeoDataFrame(
        {"name": ["A", "B"]}, geometry=[box(0, 0, 1, 1), box(3, 0, 4, 1)], crs="EPSG:4326"
    )
    with pytest.raises(ValueError, match="share no border"):
        shared_border(frame, "A", "B")
    with pytest.raises(ValueError, match="no country named"):
        shared_border(frame, "A", "Atlantis")


def test_iran_barrier_runs_along_the_border_between_taftan_and_mand():
    barrier = iran_barrier()
    south, north = barrier.bounds[1], barrier.bounds[3]
    assert 25.9 < south < 26.2 and 28.8 < north < 29.1
    iran = load_countries().set_index("name").geometry["Iran"]
    assert iran.boundary.distance(barrier) < 1e-6
    assert barrier.distance(Point(61.59, 28.95)) < 0.2  # passes by Taftan
