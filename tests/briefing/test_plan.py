"""The plan as the pack states it: names not ids, status and gap, draws, seed, percentiles."""

from __future__ import annotations

import numpy as np
import pytest

from geo.briefing.plan import PlanFormatError, plan_summary, robust_sentence, status_sentence
from geo.gazetteer import load_gazetteer
from tests.briefing.conftest import plan_frame


def test_a_planning_result_is_read_with_names_share_status_and_spread(planning_result):
    summary = plan_summary(planning_result)
    graph = planning_result.network.graph
    assert [s.name for s in summary.sites] == [graph.nodes[s]["name"] for s in
                                               planning_result.plan.placed]  # fmt: skip
    assert summary.captured_share == pytest.approx(planning_result.plan.share)
    assert summary.status == planning_result.plan.status
    text = status_sentence(summary)
    assert f"{planning_result.plan.share:.1%}" in text
    robust = planning_result.robust
    shares = np.asarray(robust.saa_shares)
    spread = summary.robust
    assert (spread.draws, spread.seed) == (30, 7)
    # oracle: the nearest-rank percentile of the sorted shares brackets numpy's interpolation
    ordered = np.sort(shares)
    for p, value in ((10, spread.p10), (50, spread.p50), (90, spread.p90)):
        rank = p / 100 * (len(ordered) - 1)
        assert ordered[int(np.floor(rank))] - 1e-12 <= value <= ordered[int(np.ceil(rank))] + 1e-12
    sentence = robust_sentence(spread)
    assert "30 sampled" in sentence and "seed 7" in sentence
    assert "P10" in sentence and "P50" in sentence and "P90" in sentence


def test_ids_become_names():
    frame = plan_frame(4)
    summary = plan_summary(frame)
    gazetteer = {p.place_id: p.name for p in load_gazetteer()}
    airport = summary.sites[3]
    assert airport.name == gazetteer.get("islamabad_airport", "Islamabad airport")
    assert all("_" not in s.name for s in summary.sites)


def test_the_site_table_of_today_states_what_it_lacks():
    summary = plan_summary(plan_frame(3))
    assert summary.captured_share is None
    assert "not handed over" in status_sentence(summary)
    assert summary.objective.startswith("Evasive capture")


@pytest.mark.parametrize("value", [{"plan": 1}, 42, "plan", [1, 2]])
def test_an_unreadable_plan_is_refused_in_a_sentence(value):
    with pytest.raises(PlanFormatError, match="Checkpoint planner"):
        plan_summary(value)


def test_no_plan_and_an_empty_table_are_no_plan():
    assert plan_summary(None) is None
    assert plan_summary(plan_frame(3).iloc[0:0]) is None


# -- plans solved for real: what the pack reads from the planner's result -----------------------


@pytest.fixture(scope="module")
def atlas():
    from geo.planner.atlas import default_network

    return default_network()


@pytest.fixture(scope="module")
def exact_result(atlas):
    from geo.planner.objectives import PlanSpec
    from geo.planner.run import run_planning

    spec = PlanSpec(objective="evasive", k=2, tolerance=0.3)
    return run_planning(atlas, spec, method="exact and greedy", time_limit=20)


@pytest.fixture(scope="module")
def greedy_result(atlas):
    from geo.planner.objectives import PlanSpec
    from geo.planner.run import run_planning

    return run_planning(atlas, PlanSpec(objective="evasive", k=2, tolerance=0.3), method="greedy")


def _closeness(plan) -> str:
    """Oracle for the closeness text, from the plan's bound and capture alone."""
    gap = (plan.bound - plan.captured) / plan.bound
    return "the best possible (proven)" if gap <= 0 else f"within {gap:.1%} of the best possible"


def test_an_exact_plan_states_share_status_bound_method_and_the_greedy_check(exact_result):
    plan = exact_result.plan
    summary = plan_summary(exact_result)
    assert summary.captured_share == pytest.approx(plan.captured / plan.total)
    assert summary.status == "optimal"
    assert summary.within == _closeness(plan)
    assert summary.bound_share == pytest.approx(plan.bound / plan.total)
    assert summary.method.startswith("exact") and "HiGHS" in summary.method
    assert summary.greedy_share == pytest.approx(exact_result.greedy.share)
    text = status_sentence(summary)
    assert f"{plan.captured / plan.total:.1%} (optimal)" in text
    assert f"It is {_closeness(plan)}" in text
    assert f"greedy heuristic's plan captures {exact_result.greedy.share:.1%}" in text
    assert any("Diversion alternatives on" in a for a in summary.assumptions)
    assert any("30% longer" in a for a in summary.assumptions)
    assert summary.robust is None


def test_a_greedy_plan_states_its_status_and_how_far_the_bound_lets_it_be(greedy_result):
    plan = greedy_result.plan
    summary = plan_summary(greedy_result)
    assert summary.status == "heuristic"
    assert summary.method.startswith("greedy heuristic")
    text = status_sentence(summary)
    assert "(best found by the greedy heuristic)" in text
    assert _closeness(plan) in text
    assert plan.bound > plan.captured  # the relaxation leaves room here, so the bound is stated
    assert f"captures more than {plan.bound / plan.total:.1%}" in text
    assert summary.greedy_share is None and "greedy heuristic's plan" not in text


def test_the_status_words_cover_every_status_the_planner_gives():
    from geo.briefing.plan import STATUS_WORDS
    from geo.planner.kinds import PlanStatus

    assert set(STATUS_WORDS) == {s.value for s in PlanStatus}


def test_alternatives_off_and_a_closure_are_stated(atlas, exact_result):
    from geo.briefing.plan import summary_from_result
    from geo.planner.atlas import default_network
    from geo.planner.objectives import PlanSpec
    from geo.planner.run import run_planning
    from geo.planner.whatif import close, rescore

    bare = default_network(alternatives=False)
    result = run_planning(bare, PlanSpec(k=1), method="greedy")
    assert any("alternatives off" in a for a in plan_summary(result).assumptions)
    leg = next(iter(exact_result.network.graph.edges))
    outcome = close(exact_result.network, edges=[leg], tolerance=0.3)
    summary = summary_from_result(exact_result, closure=outcome)
    said = next(a for a in summary.assumptions if a.startswith("What-if on screen"))
    names = atlas.graph.nodes
    assert f"{names[leg[0]]['name']} → {names[leg[1]]['name']}" in said
    assert f"plan then captures {rescore(exact_result.plan, outcome).share:.1%}" in said
    fates = outcome.table.groupby("status")["weight"].sum()
    stopped = fates[fates.index.str.startswith(("stopped", "no remaining"))].sum() / fates.sum()
    assert f"{stopped:.1%} is stopped" in said


def test_a_robust_plan_says_so_in_its_rule_and_method(planning_result):
    summary = plan_summary(planning_result)
    assert "robust over sampled flow weights" in summary.objective
    assert "sample average approximation" in summary.method


def test_a_plan_on_the_users_roads_says_so(tmp_path):
    from geo.planner.objectives import PlanSpec
    from geo.planner.roads import load_road_graph, road_network
    from geo.planner.run import run_planning
    from tests.planner.test_roads import atlas as small_atlas
    from tests.planner.test_roads import roads_frame

    path = tmp_path / "my roads.geojson"
    roads_frame().to_file(path)
    network = road_network(load_road_graph(path), small_atlas(), max_snap_km=5.0,
                           source=path.name)  # fmt: skip
    summary = plan_summary(run_planning(network, PlanSpec(k=1), method="greedy"))
    said = next(a for a in summary.assumptions if "road network" in a)
    assert "the user brought" in said and "my roads.geojson" in said
    assert not any("alternatives" in a for a in summary.assumptions)
    assert summary.captured_share == pytest.approx(1.0)  # the junction stops the only flow
