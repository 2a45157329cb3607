"""Load per officer is derived from the report's figures, with bounds kept as bounds."""

from __future__ import annotations

import dataclasses

import pytest

from geo.confidence import Confidence
from geo.figures import figure
from geo.records.officer_load import _ratio, loads_table, officer_loads, turkey_interceptions


def test_loads_follow_the_figures():
    loads = {item.place: item for item in officer_loads()}
    karachi = loads["Karachi port"]
    persons, officers = figure("karachi_port_deportees_at_once"), figure("karachi_port_officers")
    assert karachi.low == persons.value / officers.value
    assert karachi.qualifier == "more than"  # "more than 500" persons
    quetta = loads["Quetta (FIA)"]
    assert (quetta.low, quetta.high) == (50.0, 60.0)
    assert quetta.display() == "more than 50–60"  # "less than 10" officials
    assert quetta.confidence is Confidence.ESTIMATE
    islamabad = loads["Islamabad airport"]
    assert islamabad.low is None and "no number of officers" in islamabad.note


def test_table_carries_source_unit_and_confidence():
    table = loads_table()
    assert set(table["section"]) == {"UNODC 2011, §8.1"}
    assert table.loc[table.low.notna(), "unit"].str.contains("per officer").all()
    assert table["confidence"].isin([c.label for c in Confidence]).all()


def test_turkey_is_a_different_unit():
    turkey = turkey_interceptions()
    assert turkey.value == 71503 and "cumulative" in turkey.unit


def test_ratio_refuses_mismatched_measures_and_unbounded_qualifiers():
    persons, officers = figure("karachi_port_deportees_at_once"), figure("karachi_port_officers")
    with pytest.raises(ValueError, match="wrong measure"):
        _ratio("x", officers, persons)
    with pytest.raises(ValueError, match="no lower bound"):
        _ratio("x", dataclasses.replace(persons, qualifier="fewer than"), officers)
    exact = _ratio("x", dataclasses.replace(persons, qualifier=""), officers)
    assert exact.qualifier == "" and exact.display() == "12.5"
