"""Robust plans: flow weights are uncertain, so plan for their whole range, not one guess.

Every flow weight is a range (``geo.planner.ranges.Range``). A *scenario* draws one weight per flow
within the ranges; ``geo.planner.assumptions`` draws them jointly (shares that must add up stay
consistent), and ``triangular_scenarios`` draws each flow independently for plain networks.

Sample average approximation (SAA) chooses the plan with the best *expected captured share* over
the scenarios. Because captured share is linear in the weights once a plan is fixed, the SAA
problem equals one solve with each flow weighted by its mean normalised weight over the scenarios;
it is solved that way, exactly (or greedily). The result reports the 10th, 50th and 90th
percentiles of the captured share across the scenarios for the SAA plan and for the plan
optimised at the point estimates, so a planner sees how much the choice depends on the guesses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.planner.control import SolveControl
from geo.planner.errors import PlanInputError
from geo.planner.exact import solve_exact
from geo.planner.greedy import solve_greedy
from geo.planner.kinds import Method
from geo.planner.network import FlowNetwork
from geo.planner.objectives import PlanSpec, capture_by_flow
from geo.planner.plan import Plan

PERCENTILES = (10, 50, 90)


def triangular_scenarios(network: FlowNetwork, *, n: int = 200, seed: int = 0) -> np.ndarray:
    """Independent triangular draws within each flow's (low, point, high); shape ``(n, flows)``."""
    if n < 1:
        raise PlanInputError(f"need at least one scenario, got {n!r}")
    rng = np.random.default_rng(seed)
    out = np.empty((n, len(network.flows)))
    for j, flow in enumerate(network.flows):
        w = flow.weight
        out[:, j] = w.point if w.is_exact else rng.triangular(w.low, w.point, w.high, size=n)
    return out


def normalised(scenarios: np.ndarray) -> np.ndarray:
    """Each scenario divided by its total flow (rows with no flow stay zero)."""
    totals = scenarios.sum(axis=1, keepdims=True)
    return np.divide(scenarios, totals, out=np.zeros_like(scenarios), where=totals > 0)


def share_distribution(
    network: FlowNetwork, plan_sites: tuple[str, ...], spec: PlanSpec, scenarios: np.ndarray
) -> np.ndarray:
    """Captured share of total flow in each scenario for a plan; shape ``(n,)``."""
    capture = capture_by_flow(network, plan_sites, spec)
    vector = np.array([capture[f.flow_id] for f in network.flows])
    return normalised(scenarios) @ vector


@dataclass(frozen=True)
class RobustResult:
    """The SAA plan, the point-estimate plan, and their capture across the scenarios."""

    saa_plan: Plan
    point_plan: Plan
    saa_shares: np.ndarray
    point_shares: np.ndarray
    n_scenarios: int
    seed: int | None

    def summary(self, names: Mapping[str, str] | None = None) -> pd.DataFrame:
        """One row per plan: mean and P10/P50/P90 of captured share (0–1) over scenarios.

        ``names`` maps site ids to the names shown (``FlowNetwork.name``); ids are kept for
        sites it does not name.
        """
        names = names or {}
        rows = []
        for label, plan, shares in (
            ("Plan for sampled weights (SAA)", self.saa_plan, self.saa_shares),
            ("Plan for point estimates", self.point_plan, self.point_shares),
        ):
            row = {
                "plan": label,
                "sites": ", ".join(names.get(s, s) for s in plan.sites),
                "mean": float(shares.mean()),
            }
            for p in PERCENTILES:
                row[f"p{p}"] = float(np.percentile(shares, p))
            rows.append(row)
        return pd.DataFrame(rows)


def solve_robust(
    network: FlowNetwork,
    spec: PlanSpec,
    *,
    scenarios: np.ndarray | None = None,
    sampler: Callable[[int, int], np.ndarray] | None = None,
    n: int = 200,
    seed: int = 0,
    method: Method = Method.EXACT,
    time_limit: float = 60.0,
    control: SolveControl | None = None,
) -> RobustResult:
    """Solve the SAA plan and the point-estimate plan and compare them over scenarios.

    Parameters
    ----------
    scenarios
        Weights per scenario and flow, shape ``(n, flows)`` in ``network.flows`` order. When
        None they are drawn by ``sampler(n, seed)``, or by ``triangular_scenarios``.
    method
        ``Method.EXACT`` (MIP) or ``Method.GREEDY``.
    """
    method = Method(method)
    if method is Method.BOTH:
        raise PlanInputError("a robust plan is solved either exactly or greedily")
    if scenarios is None:
        draw = sampler or (lambda size, s: triangular_scenarios(network, n=size, seed=s))
        scenarios = draw(n, seed)
        used_seed: int | None = seed
    else:
        used_seed = None
    scenarios = np.asarray(scenarios, dtype=float)
    if scenarios.ndim != 2 or scenarios.shape[1] != len(network.flows):
        raise PlanInputError(
            f"scenarios must have shape (n, {len(network.flows)}), got {scenarios.shape}"
        )
    if (scenarios < 0).any() or not np.isfinite(scenarios).all():
        raise PlanInputError("scenario weights must be finite and non-negative")
    ids = [f.flow_id for f in network.flows]
    mean = normalised(scenarios).mean(axis=0)
    saa_weights = dict(zip(ids, mean.tolist(), strict=True))
    point = network.point_weights()
    total = sum(point.values()) or 1.0
    point_weights = {k: v / total for k, v in point.items()}

    def solve(weights: dict[str, float]) -> Plan:
        if method is Method.EXACT:
            return solve_exact(
                network, spec, weights=weights, time_limit=time_limit, control=control
            )
        return solve_greedy(network, spec, weights=weights, control=control)

    if control is not None:
        control.report(0.05, "solving the plan for sampled weights")
    saa_plan = solve(saa_weights)
    if control is not None:
        control.report(0.5, "solving the plan for point estimates")
    point_plan = solve(point_weights)
    return RobustResult(
        saa_plan=saa_plan,
        point_plan=point_plan,
        saa_shares=share_distribution(network, saa_plan.sites, spec, scenarios),
        point_shares=share_distribution(network, point_plan.sites, spec, scenarios),
        n_scenarios=int(scenarios.shape[0]),
        seed=used_seed,
    )
