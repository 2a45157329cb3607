"""The vendored boundary layers: Pakistan's districts, provinces and outline, and its neighbours.

The files in ``data/boundaries/`` are derived by ``scripts/build_boundaries.py`` (``make data``)
and described in ``data/boundaries/ATTRIBUTION.md``. Every loader returns a GeoDataFrame in
EPSG:4326. The files are read once per process and each call hands out a copy, so a caller that
adds a column cannot change what the next caller sees.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely

from geo.errors import CuratedDataError, UserInputError
from geo.paths import BOUNDARIES_DIR

LAYERS: dict[str, tuple[str, ...]] = {
    "districts": ("district", "province", "shape_id"),
    "provinces": ("province",),
    "pakistan_outline": ("name",),
    "countries": ("name", "iso_n3"),
    "land": ("name",),
}
"""Each boundary layer (file stem) and the columns it must carry."""


class BoundaryDataMissingError(CuratedDataError, FileNotFoundError):
    """A derived boundary file is absent: the data have not been built yet."""


class BoundaryDataError(CuratedDataError, ValueError):
    """A derived boundary file exists but does not have the expected content."""


class UnknownDistrictError(UserInputError, KeyError):
    """A district name that is not in the boundary file; carries close names as suggestions."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"no district named {name!r} in the boundary file.{hint} "
            "Report spellings go through geo.gazetteer (Place.boundary_name)."
        )

    def __str__(self) -> str:
        return self.args[0]


def read_boundary(layer: str, *, directory: Path | None = None) -> gpd.GeoDataFrame:
    """Read one derived boundary layer from disk, without caching.

    Parameters
    ----------
    layer
        One of the keys of ``LAYERS`` (for example ``"districts"``).
    directory
        Folder holding the ``.geojson`` files; defaults to ``data/boundaries``.

    Returns
    -------
    geopandas.GeoDataFrame
        The layer in EPSG:4326 with its documented columns.

    Raises
    ------
    BoundaryDataMissingError
        If the file does not exist (run ``make data``).
    BoundaryDataError
        If the file lacks a required column or holds no features.
    """
    if layer not in LAYERS:
        raise ValueError(f"unknown boundary layer {layer!r}; choose one of {sorted(LAYERS)}")
    path = (directory if directory is not None else BOUNDARIES_DIR) / f"{layer}.geojson"
    if not path.is_file():
        raise BoundaryDataMissingError(
            f"boundary file {path} is missing: run `make data` "
            "(scripts/build_boundaries.py) to derive it from the shared source data"
        )
    frame = gpd.read_file(path, engine="pyogrio")
    missing = [col for col in LAYERS[layer] if col not in frame.columns]
    if missing:
        raise BoundaryDataError(f"{path.name} lacks column(s) {missing}: rerun `make data`")
    if frame.empty:
        raise BoundaryDataError(f"{path.name} holds no features: rerun `make data`")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        frame = frame.set_crs("EPSG:4326", allow_override=True)
    return frame[[*LAYERS[layer], "geometry"]]


@lru_cache(maxsize=len(LAYERS))
def _cached(layer: str) -> gpd.GeoDataFrame:
    return read_boundary(layer)


def load_districts() -> gpd.GeoDataFrame:
    """The 126 districts of 2019 with ``district``, ``province`` and ``shape_id``.

    Azad Kashmir is one unit and Karachi is one unit in this file.
    """
    return _cached("districts").copy()


def load_provinces() -> gpd.GeoDataFrame:
    """The seven provinces and territories with ``province``."""
    return _cached("provinces").copy()


def load_outline() -> gpd.GeoDataFrame:
    """Pakistan's outline (the dissolved provinces), one feature with ``name``."""
    return _cached("pakistan_outline").copy()


def load_countries() -> gpd.GeoDataFrame:
    """Natural Earth countries in the corridor box with ``name`` and ``iso_n3``.

    ``iso_n3`` is the ISO 3166-1 numeric code as a string, or missing where the source has none
    (for example ``Indian Ocean Ter.``, which holds Christmas Island).
    """
    return _cached("countries").copy()


def load_land() -> gpd.GeoDataFrame:
    """Natural Earth land in the corridor box (one multipolygon), for routing checks."""
    return _cached("land").copy()


@lru_cache(maxsize=1)
def _province_by_district() -> dict[str, str]:
    frame = _cached("districts")
    if not frame["district"].is_unique:
        dupes = sorted(frame.loc[frame["district"].duplicated(), "district"])
        raise BoundaryDataError(f"district names repeat in districts.geojson: {dupes}")
    return dict(zip(frame["district"], frame["province"], strict=True))


def district_names() -> list[str]:
    """Every district name in the boundary file, sorted."""
    return sorted(_province_by_district())


def province_of(district: str) -> str:
    """Return the province of a district named exactly as in the boundary file.

    Raises
    ------
    UnknownDistrictError
        If ``district`` is not a boundary name; the error suggests close names.
    """
    table = _province_by_district()
    try:
        return table[district]
    except KeyError:
        suggestions = difflib.get_close_matches(str(district), list(table), n=3, cutoff=0.6)
        raise UnknownDistrictError(str(district), suggestions) from None


@lru_cache(maxsize=1)
def _district_index() -> tuple[shapely.STRtree, list[str]]:
    districts = load_districts()
    return shapely.STRtree(list(districts.geometry)), list(districts["district"])


def district_at(lat: float, lon: float) -> str:
    """The district containing a point, or "" outside Pakistan's districts.

    Lets records located only by coordinates count in district totals too.
    """
    tree, names = _district_index()
    hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    return names[int(min(hits))] if len(hits) else ""
