"""Load per officer is derived from the report's figures, with bounds kept as bounds (§8.1)."""

from __future__ import annotations

import dataclasses

import pytest

from geo.confidence import Confidence
from geo.figures import figure
from geo.officer_load import loads_table, officer_loads, ratio_bound, turkey_interceptions


def test_loads_follow_the_figures():
    loads = {item.place: item for item in officer_loads()}
    karachi = loads["Karachi port"]
    persons, officers = figure("karachi_port_deportees_at_once"), figure("karachi_port_officers")
    assert karachi.low == persons.value / officers.value
    assert karachi.bound == "more than"  # "more than 500" persons
    quetta = loads["Quetta"]
    assert (quetta.low, quetta.high) == (50.0, 60.0)
    assert quetta.display() == "more than 50–60 per officer"  # "less than 10" officials
    assert quetta.confidence is Confidence.ESTIMATE
    islamabad = loads["Islamabad airport"]
    assert islamabad.low is None and "no staff number" in islamabad.reason


def test_table_carries_source_unit_and_confidence():
    table = loads_table()
    assert set(table["section"]) == {"UNODC 2011, §8.1"}
    assert table.loc[table.low.notna(), "unit"].str.contains("per officer").all()
    assert table["confidence"].isin([c.label for c in Confidence]).all()


def test_turkey_is_a_different_unit():
    turkey = turkey_interceptions()
    assert turkey.value == 71503 and "cumulative" in turkey.unit


def test_bounds_pulling_both_ways_give_no_ratio():
    persons, officers = figure("karachi_port_deportees_at_once"), figure("karachi_port_officers")
    both = ratio_bound(persons, dataclasses.replace(officers, qualifier="more than"))
    assert both == (None, None, "")
    exact = ratio_bound(dataclasses.replace(persons, qualifier=""), officers)
    assert exact == (12.5, None, "exact")
    with pytest.raises(ValueError, match="must be positive"):
        ratio_bound(persons, dataclasses.replace(officers, value=0))


def test_every_load_carries_the_fia_trend_caveat():
    # §8.1 note 23: the FIA says deportees and offloadees have fallen over the years.
    table = loads_table()
    assert len(table) == len(officer_loads()) == 3
    for caveat in table["caveat"]:
        assert "decreased over the years" in caveat and "§8.1 note 23" in caveat
    assert all(item.caveat == table["caveat"].iloc[0] for item in officer_loads())


def test_the_caveat_quotes_the_report_fact():
    from geo.officer_load import trend_fact

    fact = trend_fact()
    assert fact.section == "§8.1 note 23"
    assert fact.quote.startswith("According to the FIA, the volume of deportees and offloadees")
    assert {"karachi_port_deportees_at_once", "quetta_processed_at_once"} <= set(fact.figure_ids)
