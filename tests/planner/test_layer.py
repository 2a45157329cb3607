"""The planner's folium layers, rendered to HTML."""

from __future__ import annotations

from geo.planner.exact import solve_exact
from geo.planner.objectives import PlanSpec
from geo.planner.plan import MODEL_NOTE
from layers.planner import (
    CAPTURED_COLOUR,
    ESCAPING_COLOUR,
    ESCAPING_DASH,
    flow_layers,
    planner_map,
)


def test_map_shows_sites_captured_and_escaping_flow(diamond):
    plan = solve_exact(diamond, PlanSpec(objective="evasive", k=1, tolerance=0.2))
    assert plan.sites == ("B",)
    html = planner_map(diamond, plan).get_root().render()
    assert "New checkpoint in this plan" in html and "Marginal gain" in html
    assert CAPTURED_COLOUR in html and ESCAPING_COLOUR in html and ESCAPING_DASH in html
    assert MODEL_NOTE in html
    assert "Escaping flow (dashed)" in html  # legend
    # The escaping A–D flow is drawn along its detour through C.
    assert "A → C" in html and "C → D" in html


def test_fully_captured_plan_draws_no_escaping_lines(diamond):
    plan = solve_exact(diamond, PlanSpec(objective="static", k=1))
    captured, escaping = flow_layers(diamond, plan)
    assert len(captured._children) == 3  # A→B, B→D, E→B
    assert len(escaping._children) == 0


def test_closed_legs_are_drawn(diamond):
    html = planner_map(diamond, None, closed_edges=[("B", "D")], closed_nodes=["C"]).get_root()
    text = html.render()
    assert "Closed: B → D" in text and "Closed: C" in text
