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
place and not counted against either limit.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulp

from geo.planner import mip
from geo.planner.control import SolveControl, checker, note
from geo.planner.evasion import detour_bound, disjoint_detours, evasion_routes
from geo.planner.network import Flow, FlowNetwork
from geo.planner.objectives import Objective, PlanSpec
from geo.planner.plan import Plan, scored_plan

_TIE_PENALTY = 1e-7
"""Objective penalty per chosen site (relative to the largest group weight): never pick sites
that add nothing."""


@dataclass
class _Group:
    flow_ids: list[str]
    expr: pulp.LpAffineExpression | pulp.LpVariable
    y: pulp.LpVariable | None = None
    representative: Flow | None = None
    cuts: set[frozenset[str]] = field(default_factory=set)


class CaptureModel:
    """The MIP for one network, plan question and candidate set; objective set separately."""

    def __init__(self, network: FlowNetwork, spec: PlanSpec, *, detour_limit: int = 2) -> None:
        self.network = network
        self.detour_limit = detour_limit
        self.spec = spec
        self.candidates = spec.candidate_sites(network)
        self._cand = set(self.candidates)
        self.prob = pulp.LpProblem("checkpoints", pulp.LpMaximize)
        self.x = {
            s: self.prob.add_variable(f"x_{i}", cat="Binary") for i, s in enumerate(self.candidates)
        }
        self.constant: dict[str, float] = {}
        self.groups: list[_Group] = []
        if spec.k is not None:
            self.prob += pulp.lpSum(self.x.values()) <= spec.k, "count"
        if spec.budget is not None:
            self.prob += (
                pulp.lpSum(spec.cost(s) * v for s, v in self.x.items()) <= spec.budget,
                "budget",
            )
        if spec.objective is Objective.EVASIVE:
            self._build_evasive()
        elif spec.uses_probabilities:
            self._build_static_probabilistic()
        else:
            self._build_static()

    # -- model building -------------------------------------------------------------------------

    def _build_static(self) -> None:
        groups: dict[frozenset[str], list[str]] = {}
        for flow in self.network.flows:
            if any(n in self.spec.existing for n in flow.path):
                self.constant[flow.flow_id] = 1.0
                continue
            on = frozenset(n for n in flow.path if n in self._cand)
            if not on:
                self.constant[flow.flow_id] = 0.0
                continue
            groups.setdefault(on, []).append(flow.flow_id)
        for j, (sites, flow_ids) in enumerate(groups.items()):
            y = self.prob.add_variable(f"y_{j}", lowBound=0, upBound=1)
            self.prob += y <= pulp.lpSum(self.x[s] for s in sorted(sites)), f"cover_{j}"
            self.groups.append(_Group(flow_ids, y, y))

    def _build_static_probabilistic(self) -> None:
        groups: dict[tuple[tuple[str, ...], float], list[str]] = {}
        for flow in self.network.flows:
            base = 1.0
            for n in flow.path:
                if n in self.spec.existing:
                    base *= 1.0 - self.spec.probability(n)
            on = tuple(sorted({n for n in flow.path if n in self._cand}))
            if not on or base == 0.0:
                self.constant[flow.flow_id] = 1.0 - base
                continue
            groups.setdefault((on, round(base, 12)), []).append(flow.flow_id)
        for j, ((sites, base), flow_ids) in enumerate(groups.items()):
            previous: float | pulp.LpVariable = base
            for m, site in enumerate(sites):
                z = self.prob.add_variable(f"z_{j}_{m}", lowBound=0, upBound=1)
                keep = 1.0 - self.spec.probability(site)
                self.prob += z >= previous - self.x[site], f"pass_{j}_{m}"
                self.prob += z >= keep * previous, f"detect_{j}_{m}"
                previous = z
            self.groups.append(_Group(flow_ids, 1 - previous))

    def _build_evasive(self) -> None:
        tolerance = self.spec.tolerance
        around_existing = evasion_routes(self.network, self.spec.existing, tolerance)
        groups: dict[tuple[str, str, float], list[Flow]] = {}
        for flow in self.network.flows:
            if around_existing[flow.flow_id] is None:
                self.constant[flow.flow_id] = 1.0
                continue
            key = (
                flow.origin,
                flow.destination,
                round(detour_bound(self.network, flow, tolerance), 6),
            )
            groups.setdefault(key, []).append(flow)
        for j, flows in enumerate(groups.values()):
            y = self.prob.add_variable(f"y_{j}", lowBound=0, upBound=1)
            group = _Group([f.flow_id for f in flows], y, y, representative=flows[0])
            self.groups.append(group)
            for flow in flows:
                if not any(n in self.spec.existing for n in flow.path):
                    self._cut(j, group, flow.path)
                route = around_existing[flow.flow_id]
                if route is not None:
                    self._cut(j, group, route)
            self._detours(j, group, self.spec.existing, flows[0].path)

    def _detours(self, j: int, group: _Group, blocked, avoid: Sequence[str]) -> int:
        """Add routes avoiding ``blocked`` with candidate sites disjoint from ``avoid``'s."""
        assert group.representative is not None
        added = 0
        for route in disjoint_detours(
            self.network,
            group.representative,
            blocked,
            self.spec.tolerance,
            avoid=avoid,
            candidates=self._cand,
            limit=self.detour_limit,
        ):
            added += self._cut(j, group, route)
        return added

    def _cut(self, j: int, group: _Group, route: Sequence[str]) -> bool:
        """Add ``y_g <= sum of x on route``; return False when the cut was already there."""
        sites = frozenset(n for n in route if n in self._cand)
        if sites in group.cuts or any(c <= sites for c in group.cuts):
            return False
        group.cuts.add(sites)
        assert group.y is not None
        if not sites:
            group.y.upBound = 0
        else:
            self.prob += (
                group.y <= pulp.lpSum(self.x[s] for s in sorted(sites)),
                (f"route_{j}_{len(group.cuts)}"),
            )
        return True

    # -- solving --------------------------------------------------------------------------------

    def set_objective(self, weights: Mapping[str, float]) -> None:
        """Maximise captured flow under ``weights`` (flow id → weight)."""
        totals = [sum(weights[fid] for fid in g.flow_ids) for g in self.groups]
        scale = max(totals, default=0.0) or 1.0
        terms = [(w / scale) * g.expr for w, g in zip(totals, self.groups, strict=True) if w > 0]
        penalty = _TIE_PENALTY * pulp.lpSum(self.x.values())
        self.prob.setObjective(pulp.lpSum(terms) - penalty)

    def chosen(self) -> tuple[str, ...]:
        """Sites with ``x = 1`` in the current solution, in candidate order."""
        return tuple(s for s, v in self.x.items() if (v.value() or 0.0) > 0.5)

    def add_evasion_cuts(self, sites: Sequence[str]) -> int:
        """Add routes by which flows counted as captured still evade ``sites``; return count."""
        if self.spec.objective is not Objective.EVASIVE:
            return 0
        counted = [
            (j, g)
            for j, g in enumerate(self.groups)
            if g.y is not None and (g.y.value() or 0) > 0.5
        ]
        if not counted:
            return 0
        reps = [g.representative for _, g in counted if g.representative is not None]
        placed = set(sites) | set(self.spec.existing)
        routes = evasion_routes(self.network, placed, self.spec.tolerance, flows=reps)
        added = 0
        for j, group in counted:
            assert group.representative is not None
            route = routes[group.representative.flow_id]
            if route is not None:
                added += self._cut(j, group, route)
                added += self._detours(j, group, placed, route)
        return added


def solve_exact(
    network: FlowNetwork,
    spec: PlanSpec,
    *,
    weights: Mapping[str, float] | None = None,
    time_limit: float = 60.0,
    control: SolveControl | None = None,
) -> Plan:
    """The plan that captures the most flow, by MIP.

    Parameters
    ----------
    weights
        Flow id → weight; default: the flows' point weights.
    time_limit
        Seconds allowed in total (over all lazy-route rounds). When it runs out the best plan
        found is returned with status ``"best found at time limit"``.
    control
        Progress and cancellation; see ``geo.planner.control``.
    """
    started = time.perf_counter()
    check = checker(control)
    weights = dict(weights or network.point_weights())
    model = CaptureModel(network, spec)
    check()
    sites: tuple[str, ...] = ()
    optimal = True
    rounds = 0
    if model.candidates and model.groups and (spec.k is None or spec.k > 0):
        model.set_objective(weights)
        while True:
            rounds += 1
            left = time_limit - (time.perf_counter() - started)
            if left <= 0:
                optimal = False
                break
            outcome = mip.solve(model.prob, time_limit=left, control=control)
            sites = model.chosen()
            optimal = optimal and outcome.optimal
            note(control, f"MIP round {rounds}: {len(sites)} sites")
            if model.add_evasion_cuts(sites) == 0:
                break
    return scored_plan(
        network,
        spec,
        sites,
        weights,
        method="exact",
        status="optimal" if optimal else "best found at time limit",
        seconds=time.perf_counter() - started,
        iterations=rounds,
    )
