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

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pulp

from geo.planner import mip
from geo.planner.control import SolveControl, checker, note
from geo.planner.errors import PlanInputError
from geo.planner.evasion import detour_bound, disjoint_detours, evasion_routes
from geo.planner.kinds import Method, PlanStatus, Solver
from geo.planner.network import Flow, FlowNetwork
from geo.planner.objectives import Objective, PlanSpec, capture_by_flow
from geo.planner.plan import Plan, scored_plan

_TIE_PENALTY = 1e-7
"""Objective penalty per chosen site (relative to the largest group weight): never pick sites
that add nothing."""
_PROVEN = 1e-5
"""Distance between bound and plan, relative to the total flow, below which a plan is reported
optimal (the solver's own tolerance and the tie penalty sit well inside it)."""


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
        self.scale = 1.0
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

    def _detours(self, j: int, group: _Group, blocked: Iterable[str], avoid: Sequence[str]) -> int:
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
        self.scale = scale
        terms = [(w / scale) * g.expr for w, g in zip(totals, self.groups, strict=True) if w > 0]
        penalty = _TIE_PENALTY * pulp.lpSum(self.x.values())
        self.prob.setObjective(pulp.lpSum(terms) - penalty)

    def chosen(self) -> tuple[str, ...]:
        """Sites with ``x = 1`` in the current solution, in candidate order."""
        return tuple(s for s, v in self.x.items() if (v.value() or 0.0) > 0.5)

    def add_evasion_cuts(self, sites: Sequence[str]) -> int:
        """Add routes by which flows counted as captured still evade ``sites``; return count."""
        chosen = set(sites)
        values = {v.name: 1.0 for s, v in self.x.items() if s in chosen}
        for group in self.groups:
            if group.y is not None:
                values[group.y.name] = group.y.value() or 0.0
        return self.separate(values)

    def separate(
        self,
        values: Mapping[str, float],
        *,
        thresholds: Sequence[float] = (0.5,),
        detours: bool = True,
    ) -> int:
        """Add route cuts that a (possibly fractional) solution ``values`` violates.

        For each threshold ``t`` the sites with ``x >= t`` are treated as closed and every
        group counted as (partly) captured is asked for an acceptable route around them; the
        route becomes a cut when the solution's ``x`` along it sums to less than the group's
        ``y``. At an integer solution with ``t = 0.5`` this is the exact evasion test; at a
        fractional one it is the heuristic separation of branch-and-cut (Arslan, Jabali and
        Laporte 2018 separate the same inequalities at fractional points). Returns the count.
        """
        if self.spec.objective is not Objective.EVASIVE:
            return 0
        xs = {s: float(values.get(v.name, 0.0)) for s, v in self.x.items()}
        active = []
        for j, group in enumerate(self.groups):
            if group.y is None or group.representative is None:
                continue
            y = float(values.get(group.y.name, 0.0))
            if y > 1e-6:
                active.append((j, group, y))
        if not active:
            return 0
        reps = [g.representative for _, g, _ in active if g.representative is not None]
        added = 0
        for t in thresholds:
            placed = {s for s, v in xs.items() if v >= t} | set(self.spec.existing)
            routes = evasion_routes(self.network, placed, self.spec.tolerance, flows=reps)
            for j, group, y in active:
                assert group.representative is not None
                route = routes[group.representative.flow_id]
                if route is None:
                    continue
                through = sum(xs.get(n, 0.0) for n in route if n in self._cand)
                if through < y - 1e-6 and self._cut(j, group, route):
                    added += 1
                    if detours:
                        added += self._detours(j, group, placed, route)
        return added

    def upper_bound(self, bound: float, weights: Mapping[str, float]) -> float:
        """Captured flow that no plan can exceed, from a solver's bound on this model.

        The model holds only some of each flow's acceptable routes, so it is a relaxation of the
        evasive problem and its bound holds for the full problem too. The tie penalty is added
        back at its largest possible value.
        """
        fixed = sum(weights[fid] * share for fid, share in self.constant.items())
        most = len(self.candidates) if self.spec.k is None else min(self.spec.k, len(self.x))
        return fixed + self.scale * (bound + _TIE_PENALTY * most)

    def start_values(self, sites: Sequence[str], capture: Mapping[str, float]) -> dict[str, float]:
        """Variable values for a plan, feasible for every route the model holds or will hold.

        A group counts as captured only when the independent referee says all its flows are,
        so every valid route cut holds; used to hand HiGHS the best plan known so far.
        """
        chosen = set(sites)
        values = {v.name: 1.0 if s in chosen else 0.0 for s, v in self.x.items()}
        for group in self.groups:
            if group.y is not None:
                caught = all(capture.get(fid, 0.0) >= 1 - 1e-9 for fid in group.flow_ids)
                values[group.y.name] = 1.0 if caught else 0.0
        return values


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
