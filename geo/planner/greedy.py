"""Greedy checkpoint plans for networks too large to solve exactly in the time available.

Static capture is a coverage function, so adding the site with the largest gain (or gain per unit
cost under a budget, then comparing with the best single affordable site) is the classic
heuristic with a ``1 - 1/e`` guarantee for ``k`` sites. Evasive capture has no such guarantee: a
single site often captures nothing because flows detour around it, and only a pair (for example
both crossings of one border) closes the detour. The evasive greedy therefore ranks sites by the
flow they capture outright and breaks ties by how much not-yet-blocked route weight they cut, and
then checks its plan with the exact evasion test, learning any route it missed and starting over.
Every greedy plan carries an upper bound from the linear relaxation, so its distance from the best
possible plan is known even when no exact solve is run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import numpy as np

from geo.planner.control import SolveControl, checker, note
from geo.planner.evasion import detour_bound, disjoint_detours, evasion_routes
from geo.planner.kinds import Method, PlanStatus
from geo.planner.network import Flow, FlowNetwork
from geo.planner.objectives import Objective, PlanSpec, captured_flow
from geo.planner.plan import Plan, scored_plan

_EXACT_PREFIX_LIMIT = 5000
"""Above this many flows the evasive greedy does not re-score each prefix of its plan."""


def solve_greedy(
    network: FlowNetwork,
    spec: PlanSpec,
    *,
    weights: Mapping[str, float] | None = None,
    control: SolveControl | None = None,
    bound: bool = True,
    bound_time_limit: float = 10.0,
) -> Plan:
    """A good plan found quickly, with a bound on how far it can be from the best.

    Parameters
    ----------
    bound
        Compute an upper bound on the best possible capture from the linear relaxation (with
        route cuts under evasive capture; see ``exact.relaxation_bound``), so the plan can say
        "within X% of the best possible". Off, the plan carries no bound.
    bound_time_limit
        Seconds allowed for the bound.
    """
    started = time.perf_counter()
    weights = dict(weights or network.point_weights())
    if spec.objective is Objective.EVASIVE:
        sites, gains, rounds = _evasive(network, spec, weights, control)
    else:
        sites, gains = _static(network, spec, weights, control)
        rounds = 1
    upper = None
    if bound:
        from geo.planner.exact import relaxation_bound

        upper = relaxation_bound(
            network, spec, weights=weights, time_limit=bound_time_limit, control=control
        )
    return scored_plan(
        network,
        spec,
        sites,
        weights,
        method=Method.GREEDY,
        status=PlanStatus.HEURISTIC,
        seconds=time.perf_counter() - started,
        iterations=rounds,
        gains_when_added=gains,
        bound=upper,
    )


def _room(spec: PlanSpec, chosen: list[str], spent: float, cost: float) -> bool:
    if spec.k is not None and len(chosen) >= spec.k:
        return False
    return spec.budget is None or spent + cost <= spec.budget + 1e-9


def _static(
    network: FlowNetwork,
    spec: PlanSpec,
    weights: Mapping[str, float],
    control: SolveControl | None,
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    check = checker(control)
    candidates = spec.candidate_sites(network)
    index = {s: i for i, s in enumerate(candidates)}
    prob = np.array([spec.probability(s) for s in candidates])
    costs = np.array([spec.cost(s) for s in candidates])
    w = np.array([weights[f.flow_id] for f in network.flows], dtype=float)
    escape = np.ones(len(network.flows))
    pairs_f: list[int] = []
    pairs_s: list[int] = []
    for q, flow in enumerate(network.flows):
        for n in flow.path:
            if n in spec.existing:
                escape[q] *= 1.0 - spec.probability(n)
            elif n in index:
                pairs_f.append(q)
                pairs_s.append(index[n])
    inc_f, inc_s = np.array(pairs_f, dtype=int), np.array(pairs_s, dtype=int)
    order = np.argsort(inc_s, kind="stable")
    starts = np.searchsorted(inc_s[order], np.arange(len(candidates) + 1))
    flows_of = [inc_f[order[starts[i] : starts[i + 1]]] for i in range(len(candidates))]

    def gains_now() -> np.ndarray:
        values = w[inc_f] * escape[inc_f] * prob[inc_s]
        return np.bincount(inc_s, weights=values, minlength=len(candidates))

    single = gains_now()
    chosen: list[str] = []
    gains: list[float] = []
    spent = 0.0
    taken = np.zeros(len(candidates), dtype=bool)
    while candidates:
        check()
        gain = gains_now()
        allowed = ~taken & np.array([_room(spec, chosen, spent, c) for c in costs])
        if not allowed.any():
            break
        score = np.where(allowed, gain / costs if spec.budget is not None else gain, -np.inf)
        best = int(np.argmax(score))
        if gain[best] <= 1e-12 or not allowed[best]:
            break
        chosen.append(candidates[best])
        gains.append(float(gain[best]))
        taken[best] = True
        spent += costs[best]
        escape[flows_of[best]] *= 1.0 - prob[best]
    if spec.budget is not None and candidates and (spec.k is None or spec.k >= 1):
        # Ratio greedy can miss one expensive, valuable site: compare with the best single site.
        affordable = costs <= spec.budget + 1e-9
        if affordable.any():
            best = int(np.argmax(np.where(affordable, single, -np.inf)))
            if single[best] > sum(gains) + 1e-12:
                chosen, gains = [candidates[best]], [float(single[best])]
    return tuple(chosen), tuple(gains)


def _evasive(
    network: FlowNetwork,
    spec: PlanSpec,
    weights: Mapping[str, float],
    control: SolveControl | None,
) -> tuple[tuple[str, ...], tuple[float, ...] | None, int]:
    check = checker(control)
    candidates = spec.candidate_sites(network)
    cand = set(candidates)
    around = evasion_routes(network, spec.existing, spec.tolerance)
    groups: dict[tuple[str, str, float], list[Flow]] = {}
    for flow in network.flows:
        if around[flow.flow_id] is not None:
            key = (
                flow.origin,
                flow.destination,
                round(detour_bound(network, flow, spec.tolerance), 6),
            )
            groups.setdefault(key, []).append(flow)
    members = list(groups.values())
    weight = [sum(weights[f.flow_id] for f in g) for g in members]
    routes: list[set[frozenset[str]]] = []
    for g in members:
        known: set[frozenset[str]] = set()
        for flow in g:
            if not any(n in spec.existing for n in flow.path):
                known.add(frozenset(n for n in flow.path if n in cand))
            route = around[flow.flow_id]
            if route is not None:
                known.add(frozenset(n for n in route if n in cand))
        routes.append(known)
    rounds = 0
    while True:
        rounds += 1
        chosen = _evasive_pass(spec, candidates, routes, weight, check)
        counted = [j for j, r in enumerate(routes) if all(s & set(chosen) for s in r)]
        reps = [members[j][0] for j in counted]
        found = evasion_routes(network, set(chosen) | spec.existing, spec.tolerance, flows=reps)
        learned = 0
        placed = set(chosen) | spec.existing
        for j in counted:
            route = found[members[j][0].flow_id]
            if route is not None:
                routes[j].add(frozenset(n for n in route if n in cand))
                for extra in disjoint_detours(
                    network, members[j][0], placed, spec.tolerance, avoid=route, candidates=cand
                ):
                    routes[j].add(frozenset(n for n in extra if n in cand))
                learned += 1
        note(control, f"greedy round {rounds}")
        if learned == 0:
            break
    gains: tuple[float, ...] | None = None
    if len(network.flows) <= _EXACT_PREFIX_LIMIT:
        values = [
            captured_flow(network, chosen[:i], spec, weights=weights)
            for i in range(len(chosen) + 1)
        ]
        gains = tuple(float(b - a) for a, b in zip(values, values[1:], strict=False))
    return tuple(chosen), gains, rounds


def _evasive_pass(
    spec: PlanSpec,
    candidates: tuple[str, ...],
    routes: list[set[frozenset[str]]],
    weight: list[float],
    check: Callable[[], None],
) -> list[str]:
    chosen: list[str] = []
    placed: set[str] = set()
    spent = 0.0
    while True:
        check()
        primary = dict.fromkeys(candidates, 0.0)
        secondary = dict.fromkeys(candidates, 0.0)
        for j, known in enumerate(routes):
            open_routes = [r for r in known if not (r & placed)]
            if not open_routes:
                continue
            for site in frozenset.intersection(*open_routes):
                primary[site] += weight[j]
            share = weight[j] / len(open_routes)
            for r in open_routes:
                for site in r:
                    secondary[site] += share
        best, best_key = None, None
        for site in candidates:
            cost = spec.cost(site)
            if site in placed or not _room(spec, chosen, spent, cost) or secondary[site] <= 0:
                continue
            divisor = cost if spec.budget is not None else 1.0
            key = (primary[site] / divisor, secondary[site] / divisor)
            if best_key is None or key > best_key:
                best, best_key = site, key
        if best is None:
            return chosen
        chosen.append(best)
        placed.add(best)
        spent += spec.cost(best)
