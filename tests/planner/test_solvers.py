"""Exact, greedy and robust solvers against brute-force enumeration of all plans."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from geo.planner.control import SolveCancelled, SolveControl
from geo.planner.exact import solve_exact
from geo.planner.greedy import solve_greedy
from geo.planner.kinds import PlanStatus
from geo.planner.objectives import Objective, PlanSpec, capture_by_flow, captured_flow
from geo.planner.robust import normalised, solve_robust, triangular_scenarios
from tests.planner.conftest import brute_force

TOL = 1e-6


def specs(network):
    cands = network.candidates
    probs = {c: 0.3 + 0.1 * (i % 6) for i, c in enumerate(cands)}
    costs = {c: 1.0 + (i % 3) for i, c in enumerate(cands)}
    for k in (1, 2, 3):
        yield PlanSpec(objective="static", k=k)
        yield PlanSpec(objective="static", k=k, detection=probs)
        yield PlanSpec(objective="evasive", k=k, tolerance=0.15)
        yield PlanSpec(objective="evasive", k=k, tolerance=0.5)
    yield PlanSpec(objective="static", budget=3.0, site_cost=costs)
    yield PlanSpec(objective="evasive", budget=4.0, site_cost=costs, tolerance=0.3)
    yield PlanSpec(objective="static", k=2, existing=frozenset(cands[:1]))
    yield PlanSpec(objective="evasive", k=2, existing=frozenset(cands[:1]), tolerance=0.3)


def test_exact_equals_brute_force_and_greedy_never_beats_it(small_network):
    nontrivial = 0
    for spec in specs(small_network):
        best = brute_force(small_network, spec)
        plan = solve_exact(small_network, spec, time_limit=30)
        greedy = solve_greedy(small_network, spec)
        assert plan.status is PlanStatus.OPTIMAL and plan.gap == 0.0
        assert spec.feasible(plan.sites) and spec.feasible(greedy.sites)
        assert plan.captured == pytest.approx(best, rel=TOL, abs=TOL), spec
        assert greedy.captured <= plan.captured + TOL, spec
        # The greedy's bound (linear relaxation) never claims less than the true optimum.
        assert greedy.bound is not None and greedy.bound >= best - TOL, spec
        assert greedy.gap is not None and 0 <= greedy.gap <= 1
        nontrivial += best > 0
    assert nontrivial >= 10, "the test networks must let plans capture something"


def test_robust_saa_plan_maximises_mean_share_over_scenarios(small_network):
    scenarios = triangular_scenarios(small_network, n=60, seed=5)
    shares = normalised(scenarios)
    for spec in (
        PlanSpec(objective="static", k=2),
        PlanSpec(objective="evasive", k=2, tolerance=0.3),
    ):
        result = solve_robust(small_network, spec, scenarios=scenarios)
        pool = spec.candidate_sites(small_network)
        best = 0.0
        for r in range(3):
            for sites in itertools.combinations(pool, r):
                cap = capture_by_flow(small_network, sites, spec)
                vector = np.array([cap[f.flow_id] for f in small_network.flows])
                best = max(best, float((shares @ vector).mean()))
        assert result.saa_shares.mean() == pytest.approx(best, abs=TOL)
        assert result.saa_shares.mean() >= result.point_shares.mean() - TOL
        summary = result.summary()
        assert list(summary["plan"]) == [
            "Plan for sampled weights (SAA)",
            "Plan for point estimates",
        ]
        assert (summary["p10"] <= summary["p50"] + TOL).all()
        assert (summary["p50"] <= summary["p90"] + TOL).all()


def test_robust_rejects_scenarios_of_wrong_shape(small_network):
    with pytest.raises(ValueError, match="shape"):
        solve_robust(small_network, PlanSpec(k=1), scenarios=np.ones((3, 2)))
    bad = triangular_scenarios(small_network, n=4)
    bad[0, 0] = -1
    with pytest.raises(ValueError, match="non-negative"):
        solve_robust(small_network, PlanSpec(k=1), scenarios=bad)


def test_evasive_never_exceeds_static_for_the_same_plan(small_network):
    pool = small_network.candidates
    for r in range(4):
        for sites in itertools.combinations(pool, r):
            static = captured_flow(small_network, sites, PlanSpec(k=3))
            for tol in (0.0, 0.2, 1.0):
                evasive = captured_flow(
                    small_network, sites, PlanSpec(objective="evasive", k=3, tolerance=tol)
                )
                assert evasive <= static + TOL


def test_zero_tolerance_makes_evasive_equal_static(small_network):
    pool = small_network.candidates
    for r in range(3):
        for sites in itertools.combinations(pool, r):
            static = capture_by_flow(small_network, sites, PlanSpec(k=2))
            evasive = capture_by_flow(
                small_network, sites, PlanSpec(objective="evasive", k=2, tolerance=0.0)
            )
            assert evasive == static


def test_capture_is_monotone_in_k(small_network):
    for objective, tol in ((Objective.STATIC, 0.0), (Objective.EVASIVE, 0.4)):
        values = [
            solve_exact(small_network, PlanSpec(objective=objective, k=k, tolerance=tol)).captured
            for k in range(0, 5)
        ]
        assert all(b >= a - TOL for a, b in zip(values, values[1:], strict=False)), values
        if objective is Objective.STATIC:
            assert values[-1] > values[0]


def test_diamond_detour_needs_both_sites(diamond):
    static = PlanSpec(objective="static", k=1)
    evasive = PlanSpec(objective="evasive", k=1, tolerance=0.2)
    # B alone: static captures both flows; the A–D flow detours via C (220 km <= 1.2 * 200 km).
    assert captured_flow(diamond, ["B"], static) == pytest.approx(4.0)
    assert captured_flow(diamond, ["B"], evasive) == pytest.approx(1.0)
    assert solve_exact(diamond, evasive).captured == pytest.approx(1.0)
    both = PlanSpec(objective="evasive", k=2, tolerance=0.2)
    plan = solve_exact(diamond, both)
    assert set(plan.sites) == {"B", "C"} and plan.captured == pytest.approx(4.0)
    # A 5% tolerance makes the detour unacceptable, so B alone captures everything again.
    tight = PlanSpec(objective="evasive", k=1, tolerance=0.05)
    assert solve_exact(diamond, tight).sites == ("B",)


def test_detection_probability_combines_as_independent_checks(diamond):
    spec = PlanSpec(objective="static", k=1, detection={"B": 0.5}, existing=frozenset({"A"}))
    # A is an existing checkpoint with certain detection on flow 'ad': 3 + 0.5 * 1.
    assert captured_flow(diamond, ["B"], spec) == pytest.approx(3.5)
    spec2 = PlanSpec(objective="static", k=1, detection={"A": 0.5, "B": 0.5}, existing={"A"})
    assert captured_flow(diamond, ["B"], spec2) == pytest.approx(3 * 0.75 + 0.5)


def test_budget_excludes_unaffordable_sites(diamond):
    spec = PlanSpec(objective="static", budget=1.0, site_cost={"B": 2.0})
    plan = solve_exact(diamond, spec)
    assert "B" not in plan.sites and spec.feasible(plan.sites)
    assert plan.captured == pytest.approx(0.0)
    greedy = solve_greedy(diamond, PlanSpec(objective="static", budget=2.0, site_cost={"B": 2.0}))
    assert greedy.sites == ("B",)


def test_bad_plan_questions_fail_early(diamond):
    with pytest.raises(ValueError, match="k, a budget"):
        PlanSpec(objective="static")
    with pytest.raises(ValueError, match="non-negative integer"):
        PlanSpec(k=-1)
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        PlanSpec(k=1, detection={"B": 1.5})
    with pytest.raises(ValueError, match="static capture only"):
        PlanSpec(objective="evasive", k=1, detection={"B": 0.5})
    with pytest.raises(ValueError, match="tolerance"):
        PlanSpec(objective="evasive", k=1, tolerance=-0.1)
    with pytest.raises(ValueError, match="unknown site"):
        solve_exact(diamond, PlanSpec(k=1, existing={"Nowhere"}))


def test_cancelled_solve_stops(small_network):
    control = SolveControl()
    control.cancel()
    with pytest.raises(SolveCancelled):
        solve_exact(small_network, PlanSpec(k=2), control=control)
    with pytest.raises(SolveCancelled):
        solve_greedy(
            small_network, PlanSpec(objective="evasive", k=2, tolerance=0.3), control=control
        )
