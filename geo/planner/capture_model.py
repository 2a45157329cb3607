"""The mixed-integer model of a checkpoint plan: variables, capture constraints, route cuts.

:class:`CaptureModel` builds the formulations described in ``geo.planner.exact`` (static with
certain detection, static with detection probabilities, evasive with lazily added route cuts)
and answers what the solving loop needs from it: the objective for given flow weights, the sites
chosen, the route cuts a solution violates, a valid upper bound and a start solution. Solving
itself lives in ``geo.planner.exact``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pulp

from geo.planner.evasion import detour_bound, disjoint_detours, evasion_routes
from geo.planner.network import Flow, FlowNetwork
from geo.planner.objectives import Objective, PlanSpec

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
