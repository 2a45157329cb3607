"""Derive the web-ready boundary files in ``data/boundaries/`` from the shared source data.

The app cannot ship the raw source files: users have no copy of them, the district file alone
would weigh about 850 KB once handed to the browser, and it carries fields nobody reads. This
script reads the vendored geoBoundaries (Pakistan) and Natural Earth (world-atlas) files, checks
that they are the exact files the attribution describes, simplifies them so that neighbouring
units still share their edges, rounds the coordinates, keeps only the fields the app uses, and
writes compact GeoJSON plus ``ATTRIBUTION.md``. Everything is built and checked in memory before
any file is written, so a failed run leaves the previous files untouched.

Run ``make data`` or ``python scripts/build_boundaries.py [--source DIR] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box, mapping

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from geo.errors import CuratedDataError  # noqa: E402
from geo.logs import configure as configure_logging  # noqa: E402

DEFAULT_SOURCE = PROJECT_DIR.parent / "shared" / "geodata"
DEFAULT_OUT = PROJECT_DIR / "data" / "boundaries"

# The corridors run from the Atlantic coast of Spain and West Africa to Christmas Island.
CORRIDOR_BOX = (-20.0, -15.0, 115.0, 60.0)  # lon_min, lat_min, lon_max, lat_max

PAKISTAN_TOLERANCE = 0.01  # degrees (about 1 km), coverage (shared-edge) simplification
PAKISTAN_DECIMALS = 4  # about 11 m
COUNTRY_TOLERANCE = 0.05  # degrees (about 5 km): a backdrop seen at zoom 3 to 6
COUNTRY_DECIMALS = 3  # about 110 m
LAND_TOLERANCE = 0.0  # not simplified: routing checks need the coastline as published
LAND_DECIMALS = 4

EXPECTED_DISTRICTS = 126
EXPECTED_PROVINCES = 7
DISTRICT_SIZE_LIMIT = 400_000  # bytes


@dataclass(frozen=True)
class Source:
    """One source file, pinned to the exact bytes the attribution describes."""

    filename: str
    origin: str
    commit: str
    licence: str
    sha256: str


ADM2 = Source(
    "geoBoundaries-PAK-ADM2_simplified.topojson",
    "github.com/wmgeolab/geoBoundaries, releaseData/gbOpen/PAK/ADM2/"
    "geoBoundaries-PAK-ADM2_simplified.topojson",
    "0b9bae0e073a431092e89063f986089404b0ff47",
    "Public Domain (geoBoundaries, source Wikipedia; boundary year 2019)",
    "7b09f133d6ac8d631f81a625b2ca564ee9d16fc377e259adc1784b3058dde96f",
)
ADM1 = Source(
    "geoBoundaries-PAK-ADM1_simplified.topojson",
    "github.com/wmgeolab/geoBoundaries, releaseData/gbOpen/PAK/ADM1/"
    "geoBoundaries-PAK-ADM1_simplified.topojson",
    "dad1bd2f93aa5d782a109e45057cfcc8c520038c",
    "Public Domain (geoBoundaries, source Wikipedia; boundary year 2019)",
    "93ce69f7f329fc30fc75271696ab84704c64dbbfe5244270211e38ae110ed5bd",
)
WORLD = Source(
    "countries-50m.json",
    "npm package world-atlas@2.0.2, file countries-50m.json (Natural Earth 1:50m, v4.1.0)",
    "tarball shasum 4bca4a578f3a413bd409c3f07f2054fe7375824f",
    "Package ISC (Copyright 2013-2019 Michael Bostock); Natural Earth data are public domain",
    "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394",
)
# metaData.txt files whose licence line must read "Public Domain" before the data are used.
METADATA = {ADM2.filename: "geoBoundaries-PAK-ADM2-metaData.txt",
            ADM1.filename: "geoBoundaries-PAK-ADM1-metaData.txt"}  # fmt: skip


class BoundaryBuildError(CuratedDataError, RuntimeError):
    """The source files are missing, changed or produce output that fails a check."""


@dataclass
class Output:
    """One derived file, fully built and checked, waiting to be written."""

    filename: str
    text: str
    features: int
    source: Source
    method: str
    fields: tuple[str, ...]


def check_source(directory: Path, source: Source) -> Path:
    """Return the path of ``source`` in ``directory`` after checking its bytes and licence."""
    path = directory / source.filename
    if not path.is_file():
        raise BoundaryBuildError(f"source file {path} is missing (use --source DIR)")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != source.sha256:
        raise BoundaryBuildError(
            f"{path.name} has SHA-256 {digest}, expected {source.sha256}: the source changed, so "
            "its commit and licence must be checked and the Source entry in this script updated"
        )
    meta_name = METADATA.get(source.filename)
    if meta_name is not None:
        meta = directory / meta_name
        if not meta.is_file():
            raise BoundaryBuildError(f"licence metadata {meta} is missing")
        lines = meta.read_text(encoding="utf-8").splitlines()
        licence = next((ln.split(":", 1)[1].strip() for ln in lines if "License :" in ln), "")
        if licence != "Public Domain":
            raise BoundaryBuildError(f"{meta.name} gives licence {licence!r}, not Public Domain")
    return path


def read_wgs84(path: Path, *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a TopoJSON layer and declare EPSG:4326, which GDAL's driver leaves unset."""
    frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        raise BoundaryBuildError(f"{path.name}: unexpected CRS {frame.crs}")
    return frame.set_crs("EPSG:4326", allow_override=True)


def polygonal(geoms: np.ndarray) -> np.ndarray:
    """Make every geometry valid and keep only its polygon parts."""
    out = []
    for geom in shapely.make_valid(geoms):
        if geom.geom_type == "GeometryCollection":
            parts = [
                g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")
            ]
            geom = shapely.union_all(parts)
        out.append(geom)
    return np.asarray(out, dtype=object)


def simplify_coverage(geoms: np.ndarray, *, tolerance: float, decimals: int) -> np.ndarray:
    """Simplify a polygon coverage on its shared edges and round the coordinates.

    ``coverage_simplify`` simplifies each edge shared by two polygons once, so neighbours keep
    one common border instead of two independently simplified lines with gaps and overlaps.
    Rounding snaps both sides of a shared edge to the same grid points.
    """
    geoms = polygonal(np.asarray(geoms, dtype=object))
    if tolerance > 0:
        geoms = shapely.coverage_simplify(geoms, tolerance)
    geoms = shapely.set_precision(geoms, 10.0**-decimals)
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    geoms = polygonal(geoms)
    if shapely.is_empty(geoms).any():
        raise BoundaryBuildError("simplification emptied a polygon; lower the tolerance")
    if not shapely.is_valid(geoms).all():
        raise BoundaryBuildError("simplification produced invalid polygons")
    return geoms


def to_geojson(frame: gpd.GeoDataFrame, fields: Sequence[str]) -> str:
    """Compact, deterministic GeoJSON text with only ``fields`` as properties."""
    features = []
    for row in frame.itertuples(index=False):
        props = {}
        for field in fields:
            value = getattr(row, field)
            props[field] = None if value is None or value != value else value  # NaN -> null
        features.append({"type": "Feature", "properties": props, "geometry": mapping(row.geometry)})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n"


def build_districts(adm2: gpd.GeoDataFrame, adm1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Districts with their province, joined by representative point before simplification."""
    if len(adm2) != EXPECTED_DISTRICTS or not adm2["shapeName"].is_unique:
        raise BoundaryBuildError(
            f"expected {EXPECTED_DISTRICTS} uniquely named districts, got {len(adm2)}"
        )
    points = gpd.GeoDataFrame({"shape_id": adm2["shapeID"]}, geometry=adm2.representative_point())
    provinces = adm1[["shapeName", "geometry"]].rename(columns={"shapeName": "province"})
    joined = gpd.sjoin(points, provinces, how="left", predicate="within")
    counts = joined.groupby("shape_id")["province"].count()
    bad = sorted(adm2.loc[~adm2["shapeID"].map(counts).eq(1), "shapeName"])
    if bad:
        raise BoundaryBuildError(f"districts without exactly one province: {bad}")
    province_by_id = joined.set_index("shape_id")["province"]
    frame = gpd.GeoDataFrame(
        {
            "district": adm2["shapeName"].to_numpy(),
            "province": adm2["shapeID"].map(province_by_id).to_numpy(),
            "shape_id": adm2["shapeID"].to_numpy(),
        },
        geometry=simplify_coverage(
            adm2.geometry.values, tolerance=PAKISTAN_TOLERANCE, decimals=PAKISTAN_DECIMALS
        ),
        crs="EPSG:4326",
    )
    if not shapely.coverage_is_valid(frame.geometry.values):
        raise BoundaryBuildError("simplified districts no longer form a clean coverage")
    return frame.sort_values(["province", "district"], ignore_index=True)


def build_provinces(adm1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The seven first-level units, simplified as a coverage."""
    if len(adm1) != EXPECTED_PROVINCES:
        raise BoundaryBuildError(f"expected {EXPECTED_PROVINCES} provinces, got {len(adm1)}")
    frame = gpd.GeoDataFrame(
        {"province": adm1["shapeName"].to_numpy()},
        geometry=simplify_coverage(
            adm1.geometry.values, tolerance=PAKISTAN_TOLERANCE, decimals=PAKISTAN_DECIMALS
        ),
        crs="EPSG:4326",
    )
    return frame.sort_values("province", ignore_index=True)


def build_outline(provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Pakistan's outline as the union of the (simplified) provinces."""
    merged = shapely.union_all(provinces.geometry.values)
    merged = polygonal(np.asarray([merged], dtype=object))
    merged = shapely.transform(merged, lambda xy: np.round(xy, PAKISTAN_DECIMALS))
    if not shapely.is_valid(merged).all():
        raise BoundaryBuildError("the dissolved outline is invalid")
    return gpd.GeoDataFrame({"name": ["Pakistan"]}, geometry=merged, crs="EPSG:4326")


def build_countries(world: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Natural Earth countries clipped to the corridor box, simplified as a coverage."""
    clip = box(*CORRIDOR_BOX)
    inside = world[world.intersects(clip)]
    clipped = shapely.intersection(polygonal(inside.geometry.values), clip)
    keep = ~shapely.is_empty(clipped) & (shapely.area(clipped) > 0)
    frame = gpd.GeoDataFrame(
        {
            "name": inside["name"].to_numpy()[keep],
            "iso_n3": inside["id"].to_numpy()[keep],
        },
        geometry=simplify_coverage(
            clipped[keep], tolerance=COUNTRY_TOLERANCE, decimals=COUNTRY_DECIMALS
        ),
        crs="EPSG:4326",
    )
    for needed in ("Pakistan", "Iran", "Afghanistan", "Turkey", "Greece", "Indian Ocean Ter."):
        if needed not in set(frame["name"]):
            raise BoundaryBuildError(f"{needed} is missing from the clipped countries")
    return frame.sort_values("name", ignore_index=True)


def build_land(land: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Natural Earth land clipped to the corridor box, coordinates rounded."""
    merged = shapely.intersection(
        shapely.union_all(polygonal(land.geometry.values)), box(*CORRIDOR_BOX)
    )
    geoms = simplify_coverage(
        np.asarray([merged], dtype=object), tolerance=LAND_TOLERANCE, decimals=LAND_DECIMALS
    )
    return gpd.GeoDataFrame({"name": ["land"]}, geometry=geoms, crs="EPSG:4326")


def build_all(source_dir: Path) -> list[Output]:
    """Build and check every derived file in memory."""
    adm2 = read_wgs84(check_source(source_dir, ADM2))
    adm1 = read_wgs84(check_source(source_dir, ADM1))
    world_path = check_source(source_dir, WORLD)
    countries_src = read_wgs84(world_path, layer="countries")
    land_src = read_wgs84(world_path, layer="land")

    districts = build_districts(adm2, adm1)
    provinces = build_provinces(adm1)
    outline = build_outline(provinces)
    countries = build_countries(countries_src)
    land = build_land(land_src)

    pak = f"coverage simplification (shared edges) at {PAKISTAN_TOLERANCE} degrees"
    pak_round = f"coordinates rounded to {PAKISTAN_DECIMALS} decimals"
    box_text = "lon {} to {}, lat {} to {}".format(*CORRIDOR_BOX[::2], *CORRIDOR_BOX[1::2])
    outputs = [
        Output("districts.geojson", to_geojson(districts, ("district", "province", "shape_id")),
               len(districts), ADM2,
               f"{pak}; {pak_round}; province from a spatial join of each district's "
               "representative point with the ADM1 provinces, done before simplification",
               ("district (shapeName)", "province", "shape_id (shapeID)")),
        Output("provinces.geojson", to_geojson(provinces, ("province",)), len(provinces), ADM1,
               f"{pak}; {pak_round}", ("province (shapeName)",)),
        Output("pakistan_outline.geojson", to_geojson(outline, ("name",)), len(outline), ADM1,
               f"union of the simplified provinces (dissolved ADM1); {pak_round}", ("name",)),
        Output("countries.geojson", to_geojson(countries, ("name", "iso_n3")), len(countries),
               WORLD,
               f"layer `countries` clipped to {box_text}; coverage simplification at "
               f"{COUNTRY_TOLERANCE} degrees; coordinates rounded to {COUNTRY_DECIMALS} decimals",
               ("name", "iso_n3 (the source `id`, ISO 3166-1 numeric; null where it has none)")),
        Output("land.geojson", to_geojson(land, ("name",)), len(land), WORLD,
               f"layer `land` clipped to {box_text}; not simplified; coordinates rounded to "
               f"{LAND_DECIMALS} decimals", ("name",)),
    ]  # fmt: skip
    size = len(outputs[0].text.encode("utf-8"))
    if size > DISTRICT_SIZE_LIMIT:
        raise BoundaryBuildError(
            f"districts.geojson would be {size} bytes (> {DISTRICT_SIZE_LIMIT})"
        )
    return outputs


def attribution(outputs: Sequence[Output]) -> str:
    """The text of ``ATTRIBUTION.md`` for the derived files."""
    lines = [
        "# Boundary data: sources, licences and processing",
        "",
        "The files in this folder are derived by `scripts/build_boundaries.py` (`make data`) from",
        "copies of the sources kept outside the project (`../shared/geodata/`). All coordinates",
        "are longitude/latitude on WGS 84 (EPSG:4326). Do not edit these files by hand: rerun",
        "the script.",
        "",
        "## Sources",
        "",
        "| Source file | Origin | Commit / version | Licence | SHA-256 |",
        "|---|---|---|---|---|",
    ]
    for src in (ADM2, ADM1, WORLD):
        lines.append(f"| {src.filename} | {src.origin} | {src.commit} | {src.licence} | "
                     f"{src.sha256} |")  # fmt: skip
    lines += [
        "",
        "- **geoBoundaries** (wmgeolab, gbOpen release) Pakistan ADM2 (districts) and ADM1",
        "  (provinces and territories) are public domain. They show the districts of 2019: some",
        "  districts created later are absent, Karachi is a single unit, and Azad Kashmir is a",
        "  single unit (Mirpur, Kotli and its other districts are places inside it, not polygons).",
        "- **Natural Earth** 1:50m admin-0 countries and land, v4.1.0, as packaged in the npm",
        "  package world-atlas 2.0.2 (ISC licence, Copyright 2013-2019 Michael Bostock). Natural",
        "  Earth publishes its data in the public domain. Made with Natural Earth.",
        "- **Not used:** the geoBoundaries Pakistan ADM0 outline. It is licensed under the Open",
        "  Data Commons Open Database License 1.0 (derived from OpenStreetMap), which would bring",
        "  attribution and share-alike duties, and its border does not line up with the ADM1/ADM2",
        "  units (about 30,000 km2 of difference, including the Siachen area). The national",
        "  outline here is the dissolved public-domain ADM1 layer instead.",
        "",
        "## Derived files",
        "",
        "| File | Source | Features | Size (bytes) | Fields kept | Processing |",
        "|---|---|---|---|---|---|",
    ]
    for out in outputs:
        lines.append(
            f"| {out.filename} | {out.source.filename} | {out.features} | "
            f"{len(out.text.encode('utf-8'))} | {'; '.join(out.fields)} | {out.method} |"
        )
    lines += [
        "",
        "Every file is made valid (`make_valid`, polygon parts kept) before and after",
        "simplification. Coverage simplification simplifies each shared edge once, so neighbouring",
        "districts and provinces still share their borders. Small islands may vanish at the 1:50m",
        "scale; Christmas Island is kept (as `Indian Ocean Ter.`, which has no ISO code in the",
        "source). GDAL's TopoJSON reader sets no coordinate system, so EPSG:4326 is declared on",
        "reading.",
        "",
    ]
    return "\n".join(lines)


def write_all(outputs: Sequence[Output], out_dir: Path) -> None:
    """Write every file through a temporary name so a crash never leaves a half file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = [(o.filename, o.text) for o in outputs] + [("ATTRIBUTION.md", attribution(outputs))]
    for name, text in files:
        tmp = out_dir / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out_dir / name)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; prints each derived file's size and feature count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="source folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    try:
        outputs = build_all(args.source)
    except BoundaryBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_all(outputs, args.out)
    for out in outputs:
        size = len(out.text.encode("utf-8"))
        print(f"{out.filename:28} {out.features:4d} features {size / 1000:8.1f} KB")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    configure_logging()
    sys.exit(main())
