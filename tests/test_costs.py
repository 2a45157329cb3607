"""Cost ladders: travel order, cumulative totals, conversion, ranges, risks and payment."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from geo.confidence import Confidence
from geo.costs import (
    CostDataError,
    build_ladders,
    check_cumulative_order,
    comparison_note,
    convert_range,
    cost_silences,
    cost_steps_from_table,
    format_money,
    load_cost_steps,
    load_ladders,
    mode_comparison,
    mode_risks,
    payment_statements,
)
from geo.currency import load_rates
from geo.paths import DATA_DIR


@pytest.fixture(scope="module")
def rates():
    return load_rates()


def _ladder(corridor_id: str):
    for ladder in load_ladders():
        if ladder.corridor.corridor_id == corridor_id:
            return ladder
    raise AssertionError(f"no ladder for {corridor_id}")


def test_land_ladder_follows_the_corridor_in_travel_order():
    ladder = _ladder("land_mand_balo_europe")
    positions = [s.position for s in ladder.steps]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
    stops = [s.stop for s in ladder.steps]
    assert stops == ["Karachi", "Turkey", "Greece", "Italy"]
    totals = [s.low for s in ladder.cumulative_steps]
    assert all(a < b for a, b in zip(totals, totals[1:], strict=False))
    # each step sits where the corridor reaches its place
    places = [p.place_id for p in ladder.corridor.places]
    for step in ladder.steps:
        assert places[step.position] == step.place_id


def test_a_falling_cumulative_total_is_refused():
    steps = list(_ladder("land_mand_balo_europe").steps)
    greece = steps[2]
    cheaper = dataclasses.replace(
        greece, figure=dataclasses.replace(greece.figure, value=steps[1].low - 1)
    )
    steps[2] = cheaper
    with pytest.raises(CostDataError, match="below the earlier total"):
        check_cumulative_order(steps)
    with pytest.raises(CostDataError):
        build_ladders(steps)


def test_mixed_currency_ladder_is_refused():
    steps = list(_ladder("land_mand_balo_europe").steps)
    steps[1] = dataclasses.replace(steps[1], currency="EUR")
    with pytest.raises(CostDataError, match="several currencies"):
        check_cumulative_order(steps)


def test_conversion_uses_the_stated_rates(rates):
    pkr, eur = rates.rate("PKR").per_usd, rates.rate("EUR").per_usd
    italy = _ladder("land_mand_balo_europe").steps[-1]
    low, high = italy.amounts("EUR", rates)
    assert high is None
    assert low == pytest.approx(800_000 / pkr * eur)
    back, _ = convert_range(low, None, "EUR", "PKR", rates)
    assert back == pytest.approx(800_000)
    # a user's rate changes the result and only that
    doubled = rates.with_override("PKR", pkr * 2, note="test")
    assert italy.amounts("EUR", doubled)[0] == pytest.approx(low / 2)
    frame = _ladder("land_mand_balo_europe").frame("USD", rates)
    assert frame["rate"].str.contains("2011").all()
    assert (frame["currency"] == "USD").all()
    assert set(frame["stated_currency"]) == {"PKR"}


def test_ranges_stay_ranges_in_every_currency(rates):
    air = _ladder("air_europe").steps[0]
    for currency in ("PKR", "USD", "EUR"):
        low, high = air.amounts(currency, rates)
        assert high is not None and high > low
        assert "–" in air.display(currency, rates)
    assert air.display("EUR", rates) == "1,000–10,000 EUR"
    with pytest.raises(ValueError, match="below its lower bound"):
        convert_range(10, 5, "EUR", "PKR", rates)


def test_display_keeps_the_qualifier_and_rounds_converted_amounts(rates):
    turkey = _ladder("land_mand_balo_europe").steps[1]
    assert turkey.display("PKR", rates) == "approximately 400,000 PKR"
    shown = turkey.display("USD", rates)
    assert shown.startswith("approximately ") and shown.endswith(" USD")
    assert format_money(9265.69, converted=True) == "9,270"
    assert format_money(347.46, converted=True) == "347"
    assert format_money(9265.69, converted=False) == "9,265.69"


def test_mode_comparison_and_note(rates):
    frame = mode_comparison("EUR", rates)
    assert set(frame["journey"]) == {"air", "land and sea"}
    assert "Karachi" not in set(frame["stop"])  # a stage, not a destination
    air = frame[frame["journey"] == "air"].iloc[0]
    assert air["high"] > air["low"]
    note = comparison_note("EUR", rates)
    assert "§4.3" in note
    assert "Italy" in note


def test_bad_cost_rows_are_refused(tmp_path):
    shutil.copy(DATA_DIR / "costs.csv", tmp_path / "costs.csv")
    assert len(cost_steps_from_table(data_dir=tmp_path)) == len(load_cost_steps())
    text = (tmp_path / "costs.csv").read_text(encoding="utf-8")
    (tmp_path / "costs.csv").write_text(
        text.replace(
            "cost_greece,land_mand_balo_europe,athens", "cost_greece,land_mand_balo_europe,muscat"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CostDataError, match="not on corridor"):
        cost_steps_from_table(data_dir=tmp_path)
    (tmp_path / "costs.csv").write_text(
        text.replace("cost_greece,", "boats_lost_share,"), encoding="utf-8"
    )
    with pytest.raises(CostDataError, match="not a cost"):
        cost_steps_from_table(data_dir=tmp_path)


def test_risks_by_mode_cite_the_report():
    risks = mode_risks()
    sea = [r for r in risks if r.topic == "sea"]
    land = [r for r in risks if r.topic == "land"]
    assert any("40" in r.summary and r.section == "§4.2.3" for r in sea)
    assert all(r.confidence is Confidence.ESTIMATE for r in sea)
    hostage = [r for r in land if "Mand Balo" in r.summary]
    assert hostage and hostage[0].section.startswith("§6.1")
    assert hostage[0].confidence is Confidence.UNCONFIRMED
    assert {r.topic for r in risks} == {"sea", "land", "air"}


def test_payment_statements_cover_the_report():
    topics = [s.topic for s in payment_statements()]
    assert topics[:4] == ["Up front", "Instalments", "Debt bondage", "Hawala / IVTS"]
    assert all(
        s.section == "§4.3" and s.citation == "UNODC 2011, §4.3" for s in payment_statements()
    )


def test_silence_on_sea_and_australia_costs():
    text = " ".join(cost_silences())
    assert "sea routes" in text and "Australia" in text


# --- the Costs page -------------------------------------------------------------------------


def _page(currency: str | None = "EUR"):
    import json

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../pages/costs.py", default_timeout=60)
    if currency is not None:
        at.session_state["currency"] = currency
    at.run()
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    for chart in charts:
        for trace in chart["data"]:
            for key in ("x", "y", "base"):
                trace[key] = _values(trace.get(key))
    return at, charts


def _values(data):
    """Plotly may send arrays as typed base64 blocks; decode them to lists."""
    import base64

    import numpy as np

    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return data


def test_costs_page_draws_ranges_as_ranges_and_states_the_rate(rates):
    at, charts = _page("EUR")
    assert not at.exception
    assert len(charts) == 3
    land, air, comparison = charts
    expected = [s.amounts("EUR", rates)[0] for s in _ladder("land_mand_balo_europe").steps]
    assert land["data"][0]["y"] == pytest.approx(expected)
    assert land["data"][0]["error_y"]["visible"] is False  # single values: no range drawn
    air_trace = air["data"][0]
    assert air_trace["y"] == [1000.0]  # the low end, never the midpoint 5,500
    assert air_trace["error_y"]["array"] == [9000.0] and air_trace["error_y"]["visible"]
    bars = [t for t in comparison["data"] if t["type"] == "bar"]
    assert bars and bars[0]["base"] == [1000.0] and bars[0]["x"] == [9000.0]
    text = " ".join(m.value for m in at.markdown)
    assert "1 EUR = 120.08 PKR" in text and "2011" in text
    assert len(at.get("download_button")) == 3
    assert any("Australia" in box.value for box in at.info)
    assert "Mand Balo" in text and "40% of boats" in text and "Hawala / IVTS" in text


def test_costs_page_defaults_to_pkr_and_refuses_unknown_currency():
    at, charts = _page(None)
    assert not at.exception
    assert charts[0]["data"][0]["y"][-1] == pytest.approx(800_000)
    at, _ = _page("GBP")
    assert at.error and "Unknown currency" in at.error[0].value


def test_rate_line_reads_with_a_number_of_at_least_one(rates):
    from geo.costs import rate_line

    for native, shown in (("EUR", "PKR"), ("PKR", "EUR"), ("PKR", "USD"), ("USD", "PKR")):
        line = rate_line(native, shown, rates)
        number = float(line.split(" = ")[1].split()[0].replace(",", ""))
        assert number >= 1, line
        assert "2011" in line and "worldbank_wdi" in line
    assert rate_line("PKR", "PKR", rates) == "Amounts stated in PKR are shown as stated"
