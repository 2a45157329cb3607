"""Currency conversion states its rate; figures keep ranges and qualifiers as the report does."""

from __future__ import annotations

import pytest

from geo.currency import load_rates
from geo.figures import figure, figures_by_measure, format_number, load_figures


def test_conversion_round_trips_between_currencies():
    rates = load_rates()
    eur = rates.convert(650_000, "PKR", "EUR")
    assert rates.convert(eur, "EUR", "PKR") == pytest.approx(650_000)


def test_conversion_uses_the_stated_rate():
    rates = load_rates()
    usd = rates.convert(86.34 * 10, "PKR", "USD")
    assert usd == pytest.approx(10 * 86.34 / rates.rate("PKR").per_usd)


def test_describe_states_rate_year_and_source():
    line = load_rates().describe("PKR", "USD")
    assert "2011" in line and "worldbank_wdi" in line and "1 USD =" in line


def test_a_user_rate_replaces_the_default_and_says_so():
    rates = load_rates().with_override("PKR", 100.0, note="user")
    assert rates.convert(100, "PKR", "USD") == pytest.approx(1.0)
    assert rates.rate("PKR").basis == "entered by the user"
    with pytest.raises(ValueError, match="positive"):
        load_rates().with_override("PKR", 0, note="bad")


def test_unknown_currency_is_refused():
    with pytest.raises(ValueError, match="no exchange rate"):
        load_rates().convert(1, "GBP", "USD")


def test_ranges_stay_ranges_and_qualifiers_stay():
    assert figure("quetta_processed_at_once").display() == "500–600"
    assert figure("karachi_port_deportees_at_once").display() == "more than 500"
    assert figure("quetta_officials").display() == "fewer than 10"
    assert figure("turkey_intercepted_pakistanis").display() == "71,503"


def _unit_kind(unit: str) -> str:
    """Percent, a currency, a length, or a count: what a unit's number is."""
    head = unit.split()[0]
    if head == "%":
        return "percent"
    if head in ("PKR", "EUR", "USD"):
        return head
    if head == "km":
        return "km"
    return "count"


def test_measures_never_mix_units():
    for measure, items in figures_by_measure(load_figures()).items():
        kinds = {_unit_kind(item.unit) for item in items}
        assert len(kinds) == 1, (measure, kinds)


def test_the_unit_check_tells_percent_from_counts():
    assert _unit_kind("% of boats") != _unit_kind("persons per day")
    assert _unit_kind("PKR per person") != _unit_kind("EUR per person")


def test_cumulative_and_at_one_time_counts_are_separate_measures():
    assert (
        figure("turkey_intercepted_pakistanis").measure
        != figure("karachi_port_deportees_at_once").measure
    )


def test_format_number():
    assert format_number(1620000.0) == "1,620,000"
    assert format_number(86.34) == "86.34"
