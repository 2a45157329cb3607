"""Cost labels keep clear of the markers and controls; each figure layer states its own scale."""

from __future__ import annotations

import csv
import json
import re
from html import unescape

import pytest

from geo.paths import DATA_DIR
from layers.costs import LABEL_GAP, LABEL_WIDTH
from layers.figures import MAX_RADIUS
from layers.route_map import build_route_map


@pytest.fixture(scope="module")
def html() -> str:
    return build_route_map().get_root().render()


def _legend(html: str) -> str:
    found = re.search(r"div\.innerHTML = (\".*?\");", html)
    assert found, "no legend in the map"
    return unescape(json.loads(found.group(1)))


def _cost_icons(html: str) -> list[dict]:
    icons = []
    for match in re.finditer(r"L\.divIcon\((\{.*?\})\);", html, re.S):
        if "ra-cost" not in match.group(1):
            continue
        icons.append(json.loads(re.sub(r",\s*\}$", "}", match.group(1))))
    return icons


def test_cost_labels_hang_below_their_place_beyond_the_largest_circle(html):
    icons = _cost_icons(html)
    assert len(icons) == 5
    for options in icons:
        # Anchored at the top centre: the label sits below the place, not on it.
        assert options["iconAnchor"] == [LABEL_WIDTH // 2, 0]
        gap = int(re.search(r"height:(\d+)px", options["html"]).group(1))
        assert gap == LABEL_GAP > MAX_RADIUS


def test_labels_under_a_map_control_are_hidden(html):
    assert "querySelectorAll('.leaflet-control')" in html
    assert "label.style.visibility = covered ? 'hidden' : ''" in html


def test_cost_popups_say_the_order_along_the_route_is_a_choice_made_here(html):
    assert "placing them in order along this one route is a choice made here" in html
    assert "with no mode; placing it at the start of this route is a choice made here" in html


def _largest_by_measure() -> dict[str, float]:
    with open(DATA_DIR / "figures.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    drawn = {"interception", "deportation", "crossing", "enforcement", "population", "risk"}
    largest: dict[str, float] = {}
    for row in rows:
        if not row["place_id"] or row["category"] not in drawn | {"child_trafficking"}:
            continue
        value = float(row["value"])
        mid = (value + float(row["value_high"])) / 2 if row["value_high"] else value
        largest[row["measure"]] = max(largest.get(row["measure"], 0.0), mid)
    return largest


def test_the_legend_says_each_measure_has_its_own_scale(html):
    legend = _legend(html)
    assert "each measure has its own scale" in legend
    rows = re.findall(r"([^<>]+): own scale, largest circle = ([^<]+)</div>", legend)
    assert len(rows) == len(_largest_by_measure()) > 3
    values = {label.strip(): value for label, value in rows}
    # The two measures of the issue: 71,503 intercepted and 30–40 every two days.
    assert values["Persons intercepted, cumulative over the period stated"].startswith("71,503 ")
    assert values["Deportees received every two days"] == "30–40 deportees received every two days"


def test_figure_popups_carry_the_facts_that_qualify_them(html):
    # Turkey's ranking as a field, and the FIA's trend statement beside the loads it qualifies.
    assert "1 Iraqis; 2 Pakistanis; 3 Afghans" in html
    assert "UNODC 2011, §8.1 note 23" in html
    assert "This layer has its own scale: its largest circle stands for" in html


def _text(html: str) -> str:
    """Visible text roughly as a browser lays it out: block elements end a line."""
    spaced = re.sub(r"</(div|p|li|tr|h\d)>|<br\s*/?>", "\n", html)
    return unescape(re.sub(r"<[^>]+>", "", spaced))


def test_legend_rate_line_reads_as_one_sentence(html):
    legend = _legend(html)
    assert ".;" not in legend
    assert "Amounts stated in PKR are shown as stated; 1 EUR = " in legend


def test_planner_legend_notes_are_separate_lines():
    from geo.planner.atlas import default_network
    from geo.planner.greedy import solve_greedy
    from geo.planner.objectives import PlanSpec
    from layers.planner import planner_legend

    network = default_network()
    plan = solve_greedy(network, PlanSpec(objective="static", k=1))
    text = _text(planner_legend(plan))
    assert "places.Model" not in text
    assert "straight between places.\nModel output" in text
