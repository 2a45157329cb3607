"""Corridors chain leg to leg, have valid geometry, keep sea legs at sea and land legs on land."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString

from geo import errors
from geo.boundaries import load_land
from geo.corridors import CorridorError, corridors_from_tables, load_corridors, load_legs
from geo.routing import great_circle, initial_bearing_offset, leg_geometry, trim_doubling_back

BUFFER_M = 5_000  # coastline generalisation of the 1:50m land polygons
SEA_LEG_TOLERANCE_KM = 15.0  # a sea lane may clip a headland of the generalised coast
LAND_LEG_TOLERANCE_KM = 2.0
MAX_START_ANGLE = 90.0
"""Degrees: a sea leg's first step may turn at most this far from the bearing to its end."""


@pytest.fixture(scope="module")
def land_3857():
    land = load_land().to_crs(3857)
    return land.geometry.union_all()


@pytest.fixture(scope="module")
def legs_3857():
    return load_legs().to_crs(3857)


def test_every_corridor_chains_end_to_start():
    for corridor in load_corridors():
        for previous, leg in zip(corridor.legs, corridor.legs[1:], strict=False):
            assert previous.end.place_id == leg.start.place_id, corridor.corridor_id


def test_every_leg_geometry_is_valid_and_joins_its_places():
    legs = load_legs()
    assert legs.geometry.is_valid.all()
    for row in legs.itertuples():
        start, end = row.geometry.coords[0], row.geometry.coords[-1]
        assert start != end, row.corridor_id


def test_sea_legs_do_not_cross_land(land_3857, legs_3857):
    inland = land_3857.buffer(-BUFFER_M)
    for row in legs_3857[legs_3857["mode"] == "sea"].itertuples():
        over_land_km = row.geometry.intersection(inland).length / 1000
        assert over_land_km <= SEA_LEG_TOLERANCE_KM, (row.corridor_id, over_land_km)


def test_land_legs_do_not_cross_open_sea(land_3857, legs_3857):
    coast = land_3857.buffer(BUFFER_M)
    for row in legs_3857[legs_3857["mode"] == "land"].itertuples():
        over_sea_km = row.geometry.difference(coast).length / 1000
        assert over_sea_km <= LAND_LEG_TOLERANCE_KM, (row.corridor_id, row.seq, over_sea_km)


def test_the_land_check_catches_a_leg_across_the_sea(land_3857):
    # Karachi straight to Muscat crosses the Arabian Sea: the check must reject it.
    line = gpd.GeoSeries([LineString([(67.01, 24.86), (58.41, 23.58)])], crs=4326).to_crs(3857)
    over_sea_km = line.iloc[0].difference(land_3857.buffer(BUFFER_M)).length / 1000
    assert over_sea_km > LAND_LEG_TOLERANCE_KM


def test_sea_legs_follow_lanes_not_straight_lines():
    legs = load_legs()
    sea = legs[legs["corridor_id"] == "sea_karachi_bandar_abbas"].iloc[0]
    assert len(sea.geometry.coords) > 2


def test_no_sea_leg_starts_away_from_its_destination():
    legs = load_legs()
    wrong = [
        (row.corridor_id, row.seq, round(initial_bearing_offset(row.geometry)))
        for row in legs[legs["mode"] == "sea"].itertuples()
        if initial_bearing_offset(row.geometry) > MAX_START_ANGLE
    ]
    assert not wrong, f"sea legs that first head away from their destination: {wrong}"


def test_gwadar_to_muscat_does_not_run_east_first():
    legs = load_legs()
    line = legs[legs["corridor_id"] == "sea_gwadar_oman"].iloc[0].geometry
    # Gwadar is at 62.3°E; the old lane went to 63.3°E before turning back west.
    assert max(x for x, _ in line.coords) <= 62.33


def test_the_bearing_offset_is_measured_against_the_destination():
    east_then_west = LineString([(62.0, 25.0), (63.0, 25.0), (58.0, 24.0)])
    straight = LineString([(62.0, 25.0), (60.0, 24.5), (58.0, 24.0)])
    assert initial_bearing_offset(east_then_west) > 150
    assert initial_bearing_offset(straight) < 5


def test_trimming_drops_only_vertices_farther_than_the_origin():
    origin, behind, ahead, end = (62.0, 25.0), (63.0, 25.0), (60.0, 24.5), (58.0, 24.0)
    assert trim_doubling_back([origin, behind, ahead, end], end) == [origin, ahead, end]
    assert trim_doubling_back([origin, ahead, end], end) == [origin, ahead, end]
    # A point exactly as far as the origin is kept: only a lane that moves away is cut.
    assert trim_doubling_back([origin, end], end) == [origin, end]


def test_karachi_has_a_sea_corridor_to_oman():
    corridor = next(c for c in load_corridors() if c.corridor_id == "sea_karachi_oman")
    assert corridor.modes == ("sea",)
    assert corridor.places[0].place_id == "karachi"
    assert corridor.places[-1].country == "OMN"
    assert "Oman" in corridor.destinations and "§4.1" in corridor.section


def test_air_legs_are_great_circle_arcs():
    arc = great_circle((73.1, 33.6), (-0.13, 51.5))
    assert len(arc.coords) > 10
    # A great circle from Islamabad to London bulges north of the straight lon/lat line.
    middle = arc.interpolate(0.5, normalized=True)
    assert middle.y > (33.6 + 51.5) / 2


def test_the_report_corridors_are_present():
    ids = {c.corridor_id for c in load_corridors()}
    for expected in (
        "land_mand_balo_europe", "land_taftan_iran", "sea_gwadar_oman", "sea_jiwani_oman",
        "sea_karachi_bandar_abbas", "air_dubai", "air_dubai_christmas_island", "air_europe",
        "north_africa_lampedusa", "inbound_torkham", "inbound_chaman", "inbound_bangladesh",
        "internal_kp_lahore", "internal_kp_karachi", "internal_punjab_karachi",
        "sea_karachi_oman",
    ):  # fmt: skip
        assert expected in ids


def test_mand_balo_corridor_reaches_greece_italy_and_spain():
    corridor = next(c for c in load_corridors() if c.corridor_id == "land_mand_balo_europe")
    countries = [p.country for p in corridor.places]
    assert countries.index("IRN") < countries.index("TUR") < countries.index("GRC")
    assert countries.index("GRC") < countries.index("ITA") < countries.index("ESP")
    assert "mand_balo" in [p.place_id for p in corridor.places]


def test_unnamed_waypoints_mark_their_legs_as_assumptions():
    corridor = next(c for c in load_corridors() if c.corridor_id == "land_mand_balo_europe")
    assert any(leg.is_assumption for leg in corridor.legs)
    assert all(leg.is_assumption for leg in corridor.legs if leg.end.place_id == "turbat")


def _write_corridor(tmp_path, legs: list[str]) -> None:
    (tmp_path / "corridors.csv").write_text(
        "corridor_id,name,direction,destination,summary,section,confidence,source\n"
        "c1,Test,outbound,Oman,s,§4.1,estimate,unodc2011\n",
        encoding="utf-8",
    )
    (tmp_path / "corridor_legs.csv").write_text(
        "corridor_id,seq,from_place,to_place,mode,section,confidence,source,note\n"
        + "\n".join(legs)
        + "\n",
        encoding="utf-8",
    )


def test_a_broken_chain_is_refused(tmp_path):
    _write_corridor(
        tmp_path,
        [
            "c1,1,karachi,hub,land,§4.1,assumption,atlas,",
            "c1,2,uthal,turbat,land,§4.1,assumption,atlas,",
        ],
    )
    with pytest.raises(CorridorError, match="starts at 'uthal'"):
        corridors_from_tables(data_dir=tmp_path)


def test_an_unknown_mode_is_refused(tmp_path):
    _write_corridor(tmp_path, ["c1,1,karachi,hub,teleport,§4.1,assumption,atlas,"])
    with pytest.raises(CorridorError, match="bad mode"):
        corridors_from_tables(data_dir=tmp_path)


def test_an_unknown_place_is_refused_with_a_suggestion(tmp_path):
    _write_corridor(tmp_path, ["c1,1,karachy,hub,land,§4.1,assumption,atlas,"])
    with pytest.raises(CorridorError, match="Karachi") as info:
        corridors_from_tables(data_dir=tmp_path)
    # A curated file at fault: the error names the file and the leg, and is not user input.
    assert "corridor_legs.csv: corridor 'c1' leg 1" in str(info.value)
    assert isinstance(info.value, errors.CuratedDataError)
    assert not isinstance(info.value, errors.UserInputError)


def test_leg_geometry_refuses_a_zero_length_leg():
    with pytest.raises(ValueError, match="two different places"):
        leg_geometry("land", (67.0, 24.8), (67.0, 24.8))
