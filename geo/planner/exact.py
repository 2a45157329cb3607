"""Exact checkpoint plans by mixed-integer programming (PuLP with its bundled CBC solver).

Formulations (``x_i`` = 1 when a checkpoint is placed at site ``i``):

* **static, certain detection** (Hodgson 1990): ``max sum_g W_g y_g`` subject to
  ``y_g <= sum_{i on g} x_i``, ``0 <= y_g <= 1``, where flows whose nominal routes pass the same
  candidate sites are merged into one group ``g`` of weight ``W_g``.
* **static, detection probability ``p_i``**: the escape probability along a route is built as a
  chain ``z_0 = prod(1 - p) of existing checkpoints``, ``z_j >= z_{j-1} - x_j``,
  ``z_j >= (1 - p_j) z_{j-1}``, ``z_j >= 0``; maximising ``W_g (1 - z_last)`` drives each ``z`` to
  its true value, so the model is exact and linear.
* **evasive** (Marković et al. 2015): ``y_g <= sum_{i on r} x_i`` for every acceptable route ``r``
  of the group. Routes are generated lazily: solve, ask ``evasion.evasion_routes`` whether a flow
  counted as captured still has an acceptable route around the plan, add that route, re-solve.
  The loop ends when no counted flow can evade, which proves the plan optimal over *all* routes
  without enumerating them.

Limits: ``sum x <= k`` and/or ``sum cost_i x_i <= budget``. Existing checkpoints are fixed in
place and not counted against either limit. The model is built in ``geo.planner.capture_model``;
this module solves it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence

from geo.planner import mip
from geo.planner.capture_model import CaptureModel as CaptureModel
from geo.planner.control import SolveControl, checker, note
from geo.planner.errors import PlanInputError
from geo.planner.kinds import Method, PlanStatus, Solver
from geo.planner.network import FlowNetwork
from geo.planner.objectives import Objective, PlanSpec, capture_by_flow
from geo.planner.plan import Plan, scored_plan

_PROVEN = 1e-5
"""Distance between bound and plan, relative to the total flow, below which a plan is reported
optimal (the solver's own tolerance and the tie penalty sit well inside it)."""


def solve_exact(
    network: FlowNetwork,
    spec: PlanSpec,
    *,
    weights: Mapping[str, float] | None = None,
    time_limit: float = 60.0,
    control: SolveControl | None = None,
    solver: Solver = Solver.HIGHS,
    start: Sequence[str] = (),
    root_cuts: bool = True,
) -> Plan:
    """The plan that captures the most flow, by MIP, with the bound the solver proved.

    Under evasive capture the model is solved in rounds (see the module docstring). Every
    round's bound is an upper bound on the best possible capture (the model holds a subset of
    the routes, so it is a relaxation), and every round's plan is scored by the independent
    referee, so the result carries the best plan found and the smallest bound proved.

    Parameters
    ----------
    weights
        Flow id → weight; default: the flows' point weights.
    time_limit
        Seconds allowed in total (over all rounds). When it runs out the best plan found is
        returned with status ``PlanStatus.TIME_LIMIT`` and its bound.
    control
        Progress and cancellation; see ``geo.planner.control``.
    solver
        HiGHS (default) or CBC.
    start
        Sites of a known plan (for example the greedy's) to start from: HiGHS begins its search
        from it, and it is kept if nothing better is found.
    root_cuts
        Evasive capture: first separate route cuts at fractional solutions of the linear
        relaxation (solved by HiGHS, for either solver), for at most half the time left once the
        model is built.
    """
    started = time.perf_counter()
    check = checker(control)
    weights = dict(weights or network.point_weights())
    model = CaptureModel(network, spec)
    check()
    total = network.total_weight(weights)
    best_sites: tuple[str, ...] = ()
    best_capture = capture_by_flow(network, (), spec)
    best = _captured(best_capture, weights)
    if start:
        if not spec.feasible(start):
            raise PlanInputError("the starting plan breaks the plan's k or budget")
        start_capture = capture_by_flow(network, start, spec)
        if _captured(start_capture, weights) > best:
            best_sites, best_capture = tuple(start), start_capture
            best = _captured(start_capture, weights)
    bound = best
    rounds = 0
    if model.candidates and model.groups and (spec.k is None or spec.k > 0):
        model.set_objective(weights)
        bound = total
        evasive = spec.objective is Objective.EVASIVE

        def left() -> float:
            return time_limit - (time.perf_counter() - started)

        def closed() -> bool:
            return bound - best <= _PROVEN * max(bound, total)

        def keep(sites: tuple[str, ...]) -> None:
            nonlocal best_sites, best_capture, best
            capture = capture_by_flow(network, sites, spec)
            if _captured(capture, weights) > best + 1e-12:
                best_sites, best_capture, best = sites, capture, _captured(capture, weights)

        # Root cuts: separate route cuts at the relaxation's fractional solutions first. Each
        # relaxation bound is itself a valid bound (a relaxation of a relaxation).
        # Budget: half the time left once the model is built (building can take long on a
        # busy machine, and the cuts are what make the MIP rounds short).
        root_budget = 0.5 * left()
        while evasive and root_cuts and left() > root_budget:
            rounds += 1
            try:
                outcome = mip.solve(model.prob, time_limit=left(), control=control, relax=True)
            except mip.SolverError:
                break  # the relaxation ran out of time: go on with the cuts found so far
            bound = min(bound, model.upper_bound(outcome.bound, weights))
            values = {v.name: float(v.value() or 0.0) for v in model.prob.variables()}
            note(control, f"relaxation round {rounds}: bound {bound:.4g}")
            if model.separate(values, thresholds=(0.5, 0.1, 1e-6)) == 0:
                break
        while True:
            rounds += 1
            if left() <= 0:
                break
            hint = model.start_values(best_sites, best_capture)
            outcome = mip.solve(
                model.prob, solver=solver, time_limit=left(), control=control, start=hint
            )
            bound = min(bound, model.upper_bound(outcome.bound, weights))
            if not math.isfinite(outcome.objective):
                break  # the time ran out before the solver found a plan this round
            sites = model.chosen()
            keep(sites)
            added = model.add_evasion_cuts(sites)
            for found in outcome.incumbents:
                keep(tuple(s for s, v in model.x.items() if found.get(v.name, 0.0) > 0.5))
                added += model.separate(found)
            note(control, f"MIP round {rounds}: {len(sites)} sites, bound {bound:.4g}")
            if closed():
                break
            if added == 0:
                break
    optimal = bound - best <= _PROVEN * max(bound, total) + 1e-12
    if optimal:
        bound = best  # proven within the solver's tolerance
    return scored_plan(
        network,
        spec,
        best_sites,
        weights,
        method=Method.EXACT,
        status=PlanStatus.OPTIMAL if optimal else PlanStatus.TIME_LIMIT,
        seconds=time.perf_counter() - started,
        iterations=rounds,
        bound=max(bound, best),
        solver=solver,
    )


def _captured(capture: Mapping[str, float], weights: Mapping[str, float]) -> float:
    return float(sum(weights[fid] * share for fid, share in capture.items()))


def relaxation_bound(
    network: FlowNetwork,
    spec: PlanSpec,
    *,
    weights: Mapping[str, float] | None = None,
    time_limit: float = 10.0,
    control: SolveControl | None = None,
) -> float | None:
    """Captured flow no plan can exceed, from the linear relaxation (with route cuts).

    Used to bound greedy plans without an exact solve. Under evasive capture route cuts are
    separated at the relaxation's solutions for up to ``time_limit`` seconds; every round's
    value is a valid bound, so stopping early only makes the bound looser. None when not even
    the first relaxation could be solved within ``time_limit``.
    """
    started = time.perf_counter()
    weights = dict(weights or network.point_weights())
    model = CaptureModel(network, spec)
    fixed = sum(weights[fid] * share for fid, share in model.constant.items())
    if not (model.candidates and model.groups and (spec.k is None or spec.k > 0)):
        return float(fixed)
    model.set_objective(weights)
    bound = network.total_weight(weights)
    solved = False
    while True:
        left = time_limit - (time.perf_counter() - started)
        try:
            outcome = mip.solve(model.prob, time_limit=max(left, 1.0), control=control, relax=True)
        except mip.SolverError:
            # Out of time: earlier rounds' bounds stand; with none, there is no bound.
            return float(bound) if solved else None
        solved = True
        bound = min(bound, model.upper_bound(outcome.bound, weights))
        if left <= 0 or spec.objective is not Objective.EVASIVE:
            return float(bound)
        values = {v.name: float(v.value() or 0.0) for v in model.prob.variables()}
        if model.separate(values, thresholds=(0.5, 0.1, 1e-6)) == 0:
            return float(bound)
