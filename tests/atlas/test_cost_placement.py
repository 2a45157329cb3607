"""Where each cost sits is the atlas's construction, and the ladder says so."""

from __future__ import annotations

import csv

from geo.cost_statements import ladder_note, placement_notes
from geo.paths import DATA_DIR


def test_every_placed_cost_says_why_it_sits_there():
    with open(DATA_DIR / "costs.csv", encoding="utf-8") as handle:
        ids = [row["figure_id"] for row in csv.DictReader(handle)]
    notes = placement_notes()
    assert sorted(notes) == sorted(ids)
    assert all(notes[i] for i in ids)


def test_the_land_and_sea_ladder_is_called_a_construction():
    note = ladder_note("land_mand_balo_europe")
    assert "side by side (§4.3)" in note
    assert "placing them in order along this one route is a choice made here" in note
    # Each distinct note once, even though three costs share it.
    assert note.count("side by side") == 1


def test_a_corridor_without_costs_has_no_note():
    assert ladder_note("sea_gwadar_oman") == ""
