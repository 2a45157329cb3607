"""Page rules in geo/planner (objectives, limits, deadline), the build-up and the charts."""

from __future__ import annotations

import pytest

from charts.planner import CURVE_TITLE, coverage_figure, exit_figure
from geo.errors import UserInputError
from geo.planner.coverage import coverage_curve
from geo.planner.exact import solve_exact
from geo.planner.objectives import Objective, PlanSpec, captured_flow
from geo.planner.plan import build_up, within_text
from geo.planner.question import Limit, PageObjective, plan_spec, solve_deadline


def test_objectives_parse_into_capture_rule_and_robustness():
    assert PageObjective("robust-evasive").capture is Objective.EVASIVE
    assert PageObjective.ROBUST_EVASIVE.robust and not PageObjective.EVASIVE.robust
    assert PageObjective.STATIC.label == "Static capture"
    with pytest.raises(ValueError):
        PageObjective("robust-static ")


def test_plan_spec_keeps_detection_below_one_for_static_capture_only():
    kw = {"k": 2, "budget": 3.0, "site_cost": {"A": 2.0}, "existing": ["E"], "tolerance": 0.2}
    detection = {"A": 0.5, "B": 1.0}
    static = plan_spec(PageObjective.STATIC, limit=Limit.K, detection=detection, **kw)
    assert static.detection == {"A": 0.5} and static.k == 2 and static.budget is None
    evasive = plan_spec(PageObjective.ROBUST_EVASIVE, limit=Limit.BUDGET, detection=detection, **kw)
    assert evasive.detection == {} and evasive.budget == 3.0 and evasive.k is None
    assert evasive.existing == frozenset({"E"})
    with pytest.raises(UserInputError, match="detour tolerance"):
        plan_spec(PageObjective.EVASIVE, limit=Limit.K, detection={}, **{**kw, "tolerance": -0.1})


def test_solve_deadline_allows_every_solve_of_a_request():
    assert solve_deadline(30, 0) == 90
    assert solve_deadline(10, 6) == 150
    with pytest.raises(ValueError):
        solve_deadline(0, 1)


def test_build_up_adds_up_to_the_plan_even_when_marginal_gains_do_not(diamond):
    # Evasive, 20% tolerance: flow A→D detours through C around B, so B and C work as a pair.
    plan = solve_exact(diamond, PlanSpec(objective="evasive", k=2, tolerance=0.2))
    assert set(plan.sites) == {"B", "C"}
    steps = build_up(diamond, plan)
    assert steps["added_share"].sum() == pytest.approx(plan.share)
    assert list(steps["captured_share"])[-1] == pytest.approx(plan.share)
    # B alone takes E→D (weight 1 of 4); C then closes A→D's detour (3 of 4).
    assert list(steps["name"][1:]) == ["B", "C"]
    assert list(steps["added_share"]) == pytest.approx([0.0, 0.25, 0.75])
    alone = captured_flow(diamond, ["C"], plan.spec) / plan.total
    assert alone == 0.0  # C alone captures nothing: both flows keep their route through B
    assert within_text(plan) == "the best possible (proven)"


def test_charts_carry_unit_and_model_note(diamond):
    curve = coverage_curve(diamond, PlanSpec(k=1, tolerance=0.2), k_max=2)
    fig = coverage_figure(curve).to_dict()
    assert fig["layout"]["title"]["text"] == CURVE_TITLE
    assert fig["layout"]["yaxis"]["title"]["text"] == "Captured share of modelled flow (%)"
    assert [t["name"] for t in fig["data"]] == ["Static capture", "Evasive capture"]
    assert "not a finding of UNODC 2011" in fig["layout"]["annotations"][0]["text"]
    import pandas as pd

    frame = pd.DataFrame({"exit": ["Taftan", "X"], "before": [0.5, 0.0], "after": [0.0, 0.5]})
    bars = exit_figure(frame)
    assert list(bars.data[0].y) == ["Taftan", "X"]  # sorted by the share after
    assert [list(t.x) for t in bars.data] == [[50.0, 0.0], [0.0, 50.0]]
