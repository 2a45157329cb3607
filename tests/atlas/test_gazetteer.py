"""The gazetteer resolves the report's spellings and refuses ambiguous or broken entries."""

from __future__ import annotations

import pytest

from geo.confidence import Confidence
from geo.gazetteer import (
    Gazetteer,
    UnknownPlaceError,
    closest,
    gazetteer_from_table,
    load_gazetteer,
)

REPORT_SPELLINGS = {
    "Rahim Yar Khan": "Rahim Yar Khan",
    "DG Khan": "Dera Ghazi Khan",
    "Mirpurkhas": "Mirpurkhas",
    "Jhellum": "Jhelum",
    "Gujarat": "Gujrat",
    "Muzaffaragarh": "Muzaffargarh",
    "Gwader": "Gwadar",
}


@pytest.mark.parametrize(("spelling", "boundary"), sorted(REPORT_SPELLINGS.items()))
def test_report_spellings_resolve_to_boundary_names(spelling, boundary):
    assert load_gazetteer().resolve(spelling).boundary_name == boundary


def test_resolution_ignores_case_accents_and_punctuation():
    gaz = load_gazetteer()
    assert gaz.resolve("d.g. KHAN").place_id == gaz.resolve("Dera Ghazi Khan").place_id
    assert gaz.resolve("Thessaloníki").place_id == "thessaloniki"


def test_unknown_name_suggests_close_matches():
    with pytest.raises(UnknownPlaceError) as err:
        load_gazetteer().resolve("Gujranwalla")
    assert "Gujranwala" in err.value.suggestions
    assert "Did you mean" in str(err.value)


def test_unrelated_name_gets_no_suggestion():
    assert load_gazetteer().suggest("zzzz qqqq") == []


def test_a_name_sharing_only_letters_gets_no_suggestion():
    # "Noshki" used to suggest "Canary Islands" (a partial match on "Spanish islands").
    with pytest.raises(UnknownPlaceError) as err:
        load_gazetteer().resolve("Noshki")
    assert err.value.suggestions == []
    assert str(err.value) == "unknown place 'Noshki'."


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Quetta city", ["Quetta"]), ("Peshawer", ["Peshawar"]), ("Sialkot", []), ("Kalat", [])],
)
def test_suggestions_are_close_names_only(name, expected):
    assert load_gazetteer().suggest(name) == expected


def test_the_suggestion_cutoff_is_inclusive():
    # Eight of ten letters in common: a Levenshtein ratio of exactly 80.
    spellings = {"abcdefghxy": "Target"}
    assert closest("abcdefghij", spellings, cutoff=80.0) == ["Target"]
    assert closest("abcdefghij", spellings, cutoff=80.5) == []


def test_waypoints_not_in_report_are_assumptions():
    gaz = load_gazetteer()
    assert gaz.get("turbat").confidence is Confidence.ASSUMPTION
    assert gaz.get("mand_balo").confidence is Confidence.REPORTED


def _write(tmp_path, rows: list[str]) -> None:
    header = (
        "place_id,name,alt_names,lat,lon,country,kind,admin1,boundary_name,coord_source,"
        "source,section,confidence,note"
    )
    (tmp_path / "gazetteer.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_a_spelling_claimed_by_two_places_is_refused(tmp_path):
    _write(
        tmp_path,
        [
            "a,Alpha,Shared,30,70,PAK,city,,,atlas,atlas,,assumption,",
            "b,Beta,Shared,31,71,PAK,city,,,atlas,atlas,,assumption,",
        ],
    )
    with pytest.raises(ValueError, match="claimed by both"):
        gazetteer_from_table(tmp_path)


def test_out_of_range_coordinates_are_refused(tmp_path):
    _write(tmp_path, ["a,Alpha,,95,70,PAK,city,,,atlas,atlas,,assumption,"])
    with pytest.raises(ValueError, match="out of range"):
        gazetteer_from_table(tmp_path)


def test_unknown_confidence_class_names_the_row(tmp_path):
    _write(tmp_path, ["a,Alpha,,30,70,PAK,city,,,atlas,atlas,,probably,"])
    with pytest.raises(ValueError, match="row 2"):
        gazetteer_from_table(tmp_path)


def test_gazetteer_iterates_every_place():
    gaz = load_gazetteer()
    assert isinstance(gaz, Gazetteer)
    assert len(list(gaz)) == len(gaz) > 50
