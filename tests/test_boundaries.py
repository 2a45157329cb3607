"""The derived boundary files: counts, validity, shared edges, sizes, and name resolution."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from geo import boundaries
from geo.boundaries import (
    BoundaryDataError,
    BoundaryDataMissingError,
    UnknownDistrictError,
    district_names,
    load_countries,
    load_districts,
    load_land,
    load_outline,
    load_provinces,
    province_of,
    read_boundary,
)
from geo.gazetteer import load_gazetteer
from geo.paths import BOUNDARIES_DIR, PROJECT_DIR
from tests.shared_data import GEODATA_DIR, require_shared

SOURCE_DIR = GEODATA_DIR
needs_source = pytest.mark.usefixtures("source_data")
EQUAL_AREA = "EPSG:6933"  # for area comparisons
UTM42 = "EPSG:32642"  # metres, for distances in Pakistan


@pytest.fixture
def source_data() -> Path:
    """The raw boundary files; skips without them, fails where CI requires them."""
    present = (SOURCE_DIR / "geoBoundaries-PAK-ADM2_simplified.topojson").is_file()
    require_shared(present, "the raw boundary files (geodata/)")
    return SOURCE_DIR


def _build_module():
    """Import ``scripts/build_boundaries.py`` (scripts/ is not a package)."""
    if "build_boundaries" in sys.modules:
        return sys.modules["build_boundaries"]
    spec = importlib.util.spec_from_file_location(
        "build_boundaries", PROJECT_DIR / "scripts" / "build_boundaries.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_boundaries"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _area(frame: gpd.GeoDataFrame) -> float:
    return frame.to_crs(EQUAL_AREA).union_all().area


def _neighbour_pairs(frame: gpd.GeoDataFrame, name: str) -> set[frozenset[str]]:
    """Pairs of units whose shared border is a line (not a point), in degrees > 0.01."""
    geoms = list(zip(frame[name], frame.geometry, strict=True))
    tree = shapely.STRtree([g for _, g in geoms])
    pairs = set()
    for i, (a_name, a_geom) in enumerate(geoms):
        for j in tree.query(a_geom, predicate="intersects"):
            if j > i and a_geom.intersection(geoms[j][1]).length > 0.01:
                pairs.add(frozenset((a_name, geoms[j][0])))
    return pairs


def test_counts_and_fields():
    districts, provinces = load_districts(), load_provinces()
    assert len(districts) == 126
    assert districts["district"].is_unique
    assert districts["shape_id"].str.startswith("PAK-ADM2-").all()
    assert len(provinces) == 7
    assert set(districts["province"]) == set(provinces["province"])
    assert len(load_outline()) == 1
    assert list(districts.columns) == ["district", "province", "shape_id", "geometry"]


def test_every_district_has_a_province():
    districts = load_districts()
    assert districts["province"].notna().all()
    assert (districts["province"].str.len() > 0).all()
    assert province_of("Lahore") == "Punjab"
    assert province_of("Quetta") == "Balochistan"
    assert province_of("Azad Kashmir") == "Azad Kashmir"
    assert len(district_names()) == 126 and district_names() == sorted(district_names())


def test_each_district_lies_in_its_province():
    provinces = load_provinces().set_index("province")
    for row in load_districts().itertuples():
        province = provinces.loc[row.province].geometry
        share = row.geometry.intersection(province).area / row.geometry.area
        assert share > 0.95, (row.district, row.province, share)


@pytest.mark.parametrize(
    "loader", [load_districts, load_provinces, load_outline, load_countries, load_land]
)
def test_geometries_valid_and_in_wgs84(loader):
    frame = loader()
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.is_valid.all()
    assert not frame.geometry.is_empty.any()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}


def test_districts_form_a_clean_coverage():
    geoms = load_districts().geometry.values
    assert shapely.coverage_is_valid(geoms)
    # No gaps opened between neighbours: the districts fill the outline.
    assert _area(load_districts()) == pytest.approx(_area(load_outline()), rel=0.005)


def test_outline_is_the_dissolved_provinces():
    outline, provinces = load_outline(), load_provinces()
    assert _area(outline) == pytest.approx(_area(provinces), rel=1e-4)
    # About 876,000 km2 with Azad Kashmir and Gilgit-Baltistan (ADM1 of 2019).
    assert 860e9 < _area(outline) < 890e9


@needs_source
def test_outline_matches_source_adm1_area():
    adm1 = gpd.read_file(SOURCE_DIR / "geoBoundaries-PAK-ADM1_simplified.topojson")
    adm1 = adm1.set_crs("EPSG:4326")
    assert _area(load_outline()) == pytest.approx(_area(adm1), rel=0.005)
    union = adm1.to_crs(EQUAL_AREA).union_all()
    mismatch = load_outline().to_crs(EQUAL_AREA).union_all().symmetric_difference(union).area
    assert mismatch / union.area < 0.01


def test_lahore_and_kasur_still_share_an_edge():
    districts = load_districts().set_index("district")
    lahore, kasur = districts.loc["Lahore"].geometry, districts.loc["Kasur"].geometry
    shared = lahore.intersection(kasur)
    assert shared.geom_type in ("LineString", "MultiLineString")
    assert shared.length > 0.3  # degrees: a real border, not a touching point
    assert lahore.intersection(kasur).area == 0


@needs_source
def test_simplification_keeps_every_neighbour_pair():
    adm2 = gpd.read_file(SOURCE_DIR / "geoBoundaries-PAK-ADM2_simplified.topojson")
    before = _neighbour_pairs(adm2.set_crs("EPSG:4326"), "shapeName")
    after = _neighbour_pairs(load_districts(), "district")
    assert before - after == set()
    assert len(after) > 250


def test_file_sizes_and_rounding():
    sizes = {p.name: p.stat().st_size for p in BOUNDARIES_DIR.glob("*.geojson")}
    assert sizes["districts.geojson"] <= 400_000
    assert sizes["provinces.geojson"] <= 100_000
    assert sizes["countries.geojson"] <= 400_000
    for name in sizes:
        text = (BOUNDARIES_DIR / name).read_text(encoding="utf-8")
        decimals = {len(m) for m in re.findall(r"-?\d+\.(\d+)", text)}
        assert max(decimals) <= 4, name


def test_countries_cover_the_corridors():
    countries = load_countries()
    assert {"Pakistan", "Iran", "Afghanistan", "Turkey", "Greece", "Italy", "Spain"} <= set(
        countries["name"]
    )
    assert countries.loc[countries["name"] == "Pakistan", "iso_n3"].item() == "586"
    christmas_island = Point(105.63, -10.49)
    assert shapely.distance(countries.geometry.values, christmas_island).min() < 0.05
    minx, miny, maxx, maxy = countries.total_bounds
    assert minx >= -20 and miny >= -15 and maxx <= 115 and maxy <= 60


def test_land_separates_land_from_sea():
    land = load_land().union_all()
    assert land.contains(Point(67.0, 30.18))  # Quetta
    assert land.contains(Point(35.0, 39.0))  # central Anatolia
    assert not land.contains(Point(65.0, 20.0))  # Arabian Sea
    assert not land.contains(Point(18.0, 35.0))  # central Mediterranean


def test_report_districts_resolve_to_exactly_one_boundary():
    names = district_names()
    places = load_gazetteer().of_kind("district")
    assert places, "the gazetteer lists no districts"
    for place in places:
        assert names.count(place.boundary_name) == 1, (place.place_id, place.boundary_name)
        if place.admin1:
            assert province_of(place.boundary_name) == place.admin1, place.place_id


def test_gazetteer_points_lie_in_their_boundary():
    districts = load_districts().to_crs(UTM42).set_index("district")
    for place in load_gazetteer().in_country("PAK"):
        if not place.boundary_name:
            continue
        assert place.boundary_name in districts.index, (place.place_id, place.boundary_name)
        point = gpd.GeoSeries([Point(place.lon, place.lat)], crs=4326).to_crs(UTM42).iloc[0]
        # 5 km allows ports and coastal launch points just off the simplified coastline.
        assert districts.loc[place.boundary_name].geometry.distance(point) < 5_000, place.place_id


def test_unknown_district_gets_suggestions():
    with pytest.raises(UnknownDistrictError) as info:
        province_of("Mirpur Khas")
    assert "Mirpurkhas" in info.value.suggestions
    assert "Mirpurkhas" in str(info.value)


def test_loaders_hand_out_copies():
    first = load_districts()
    first["district"] = "changed"
    assert "Lahore" in set(load_districts()["district"])


def test_missing_file_tells_the_user_to_run_make_data(tmp_path):
    with pytest.raises(BoundaryDataMissingError, match="make data"):
        read_boundary("districts", directory=tmp_path)
    with pytest.raises(ValueError, match="unknown boundary layer"):
        read_boundary("rivers")


def test_file_without_required_column_is_refused(tmp_path):
    data = json.loads((BOUNDARIES_DIR / "provinces.geojson").read_text(encoding="utf-8"))
    for feature in data["features"]:
        feature["properties"] = {"name": feature["properties"]["province"]}
    (tmp_path / "provinces.geojson").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BoundaryDataError, match="province"):
        read_boundary("provinces", directory=tmp_path)


def test_cached_loaders_read_the_project_files():
    assert boundaries._cached("districts") is boundaries._cached("districts")


@needs_source
def test_build_is_reproducible_and_up_to_date():
    build = _build_module()
    outputs = build.build_all(SOURCE_DIR)
    for out in outputs:
        on_disk = (BOUNDARIES_DIR / out.filename).read_text(encoding="utf-8")
        assert on_disk == out.text, f"{out.filename} is stale: run `make data`"
    attribution = (BOUNDARIES_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert attribution == build.attribution(outputs)


def test_attribution_names_sources_and_licences():
    text = (BOUNDARIES_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needle in (
        "0b9bae0e073a431092e89063f986089404b0ff47",
        "7b09f133d6ac8d631f81a625b2ca564ee9d16fc377e259adc1784b3058dde96f",
        "Public Domain",
        "world-atlas",
        "ISC",
        "Open Database License",
        "districts.geojson",
        "countries.geojson",
        "land.geojson",
    ):
        assert needle in text, needle


@needs_source
def test_changed_source_is_refused_and_loses_nothing(tmp_path, capsys):
    build = _build_module()
    source = tmp_path / "source"
    shutil.copytree(SOURCE_DIR, source)
    source.chmod(0o755)
    target = source / "geoBoundaries-PAK-ADM2_simplified.topojson"
    target.chmod(0o644)
    target.write_bytes(target.read_bytes().replace(b"Lahore", b"Lahora"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "districts.geojson").write_text("previous", encoding="utf-8")
    assert build.main(["--source", str(source), "--out", str(out)]) == 1
    assert "SHA-256" in capsys.readouterr().err
    assert (out / "districts.geojson").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["districts.geojson"]


def test_missing_source_folder_is_reported(tmp_path, capsys):
    build = _build_module()
    assert build.main(["--source", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 1
    assert "missing" in capsys.readouterr().err
    assert list(Path(tmp_path).iterdir()) == []
