"""One planning request as the page makes it: a plan with its bound, the curve, robustness.

The page hands this function to a background ``SolveJob``. It solves the requested plan (exact,
greedy, or both), the coverage curve for static and evasive capture, and, for the robust
objective, the SAA plan with its spread of capture across sampled weights. Every plan carries
the bound proved for it, so the page can say how far each one can be from the best possible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geo.planner.control import SolveControl
from geo.planner.coverage import coverage_curve
from geo.planner.exact import solve_exact
from geo.planner.greedy import solve_greedy
from geo.planner.kinds import Method, PlanStatus
from geo.planner.network import FlowNetwork
from geo.planner.objectives import PlanSpec
from geo.planner.plan import Plan, greedy_gap
from geo.planner.robust import RobustResult, solve_robust

METHODS = tuple(Method)


@dataclass(frozen=True)
class PlanningResult:
    """Everything one planning request produced."""

    network: FlowNetwork
    plan: Plan
    greedy: Plan | None
    gap: float | None
    curve: pd.DataFrame | None
    robust: RobustResult | None


def run_planning(
    network: FlowNetwork,
    spec: PlanSpec,
    *,
    method: Method = Method.EXACT,
    robust: bool = False,
    sampler: Callable[[int, int], np.ndarray] | None = None,
    n_scenarios: int = 200,
    seed: int = 0,
    curve_k: int = 0,
    time_limit: float = 30.0,
    control: SolveControl | None = None,
) -> PlanningResult:
    """Solve a planning request; see the module docstring.

    Parameters
    ----------
    method
        ``Method.EXACT``, ``Method.GREEDY`` or ``Method.BOTH`` (the exact plan, with the
        greedy plan beside it and its shortfall from the exact one).
    robust
        Plan for sampled weights (SAA) instead of point estimates.
    curve_k
        Largest k of the coverage curve; 0 for no curve.
    """
    method = Method(method)

    def report(fraction: float, message: str) -> None:
        if control is not None:
            control.report(fraction, message)

    core = method.core
    robust_result = None
    report(0.02, "solving the plan")
    if robust:
        robust_result = solve_robust(
            network,
            spec,
            sampler=sampler,
            n=n_scenarios,
            seed=seed,
            method=core,
            time_limit=time_limit,
            control=control,
        )
        plan = robust_result.saa_plan
    elif core is Method.EXACT:
        plan = solve_exact(network, spec, time_limit=time_limit, control=control)
        if plan.status is PlanStatus.TIME_LIMIT:
            plan = better_of_time_limited(plan, solve_greedy(network, spec, control=control))
    else:
        plan = solve_greedy(network, spec, control=control)
    greedy = gap = None
    if method is Method.BOTH:
        report(0.4, "checking the greedy heuristic")
        greedy = solve_greedy(network, spec, weights=plan.weights, control=control)
        if plan.bound is not None:
            greedy = replace(greedy, bound=min(plan.bound, greedy.bound or plan.bound))
        gap = greedy_gap(plan, greedy)
    curve = None
    if curve_k > 0:
        report(0.5, "coverage curve")
        weights = plan.weights if robust else None
        curve = coverage_curve(
            network,
            spec,
            k_max=curve_k,
            method=core,
            weights=weights,
            time_limit=time_limit,
            control=None if control is None else _Scaled(control, 0.5, 1.0),
        )
    report(1.0, "done")
    return PlanningResult(network, plan, greedy, gap, curve, robust_result)


def better_of_time_limited(exact: Plan, greedy: Plan) -> Plan:
    """When the exact solve stopped at its time limit, keep whichever plan captures more.

    A MIP stopped early may hold a weak incumbent; the greedy plan is then the better answer,
    the note says why it was chosen, and it keeps the (tighter) bound the MIP proved.
    """
    if greedy.captured <= exact.captured:
        return exact
    note = (
        f"the exact solve stopped at its time limit with {exact.share:.1%} captured; "
        f"the greedy plan captures {greedy.share:.1%} and is shown instead"
    )
    bounds = [b for b in (exact.bound, greedy.bound) if b is not None]
    return replace(greedy, notes=(*greedy.notes, note), bound=min(bounds) if bounds else None)


class _Scaled(SolveControl):
    """Forward progress of a sub-task into a slice [start, end] of the parent's progress."""

    def __init__(self, parent: SolveControl, start: float, end: float) -> None:
        super().__init__()
        self._parent, self._start, self._end = parent, start, end

    @property
    def cancelled(self) -> bool:
        return self._parent.cancelled

    def remaining(self) -> float | None:
        return self._parent.remaining()

    def say(self, message: str) -> None:
        self._parent.say(message)

    def report(self, fraction: float, message: str) -> None:
        self._parent.report(self._start + (self._end - self._start) * fraction, message)
