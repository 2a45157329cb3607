"""Name matching: exact names, gazetteer spellings, misspellings and unknown names."""

from __future__ import annotations

import pytest

from geo.awareness.matching import DistrictMatcher


def test_exact_boundary_name(matcher):
    m = matcher.match("  rahim yar KHAN ")
    assert (m.district, m.method) == ("Rahim Yar Khan", "boundary")


def test_gazetteer_spelling_lands_on_boundary(matcher):
    assert matcher.match("DG Khan").district == "Dera Ghazi Khan"
    assert matcher.match("Muzaffaragarh").method == "gazetteer"
    # Mirpur's boundary unit is Azad Kashmir in the boundary file
    assert matcher.match("Mirpur").district == "Azad Kashmir"


def test_misspelling_is_matched_and_shown(matcher):
    m = matcher.match("Muzafargarh")
    assert m.method == "fuzzy"
    assert m.district == "Muzaffargarh"
    assert 85 <= m.score < 100
    assert m.matched_spelling in ("Muzaffargarh", "Muzaffaragarh")


def test_unknown_name_gets_suggestions_not_a_guess(matcher):
    m = matcher.match("Gujranwalla Cantt Area")
    assert m.district is None and m.method == "unknown"
    assert "Gujranwala" in m.suggestions
    nothing = matcher.match("Zzyzx")
    assert nothing.district is None and nothing.suggestions == ()


def test_ambiguous_fuzzy_match_is_refused():
    # 'Koha' is as close to Kohat as to Kohan: no guess, both suggested
    m = DistrictMatcher(["Kohat", "Kohan"]).match("Koha")
    assert m.method == "unknown"
    assert set(m.suggestions) == {"Kohat", "Kohan"}
    # with a single candidate the same name is accepted, and the match is shown
    alone = DistrictMatcher(["Kohat"]).match("Koha")
    assert (alone.district, alone.method, alone.matched_spelling) == ("Kohat", "fuzzy", "Kohat")


def test_match_all_reports_every_distinct_name_once(matcher):
    report = matcher.match_all(["Jhellum", "Jhellum", "Nowhere", "", "Karachi"])
    assert report["input"].tolist() == ["Jhellum", "Nowhere", "", "Karachi"]
    assert report["method"].tolist() == ["gazetteer", "unknown", "unknown", "boundary"]


def test_empty_boundary_list_is_refused():
    with pytest.raises(ValueError):
        DistrictMatcher([])
