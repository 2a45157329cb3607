"""A solved checkpoint plan: the sites chosen, what they capture, and how the plan was found.

A plan's numbers are model outputs under stated assumptions, never findings of the source report.
The ``Plan`` keeps the question (``PlanSpec``), the weights it was scored with and the per-flow
capture, so that every figure shown next to it can be traced back to its inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from geo.planner.kinds import Method, PlanStatus, Solver
from geo.planner.network import FlowNetwork
from geo.planner.objectives import PlanSpec, capture_by_flow, captured_flow

MODEL_NOTE = (
    "Model output under the stated flow assumptions (Assumption made here), "
    "not a finding of UNODC 2011"
)


@dataclass(frozen=True)
class Plan:
    """The result of one solve.

    Attributes
    ----------
    sites
        New sites, in the order they were chosen (greedy) or by decreasing marginal gain (exact).
    captured, total
        Captured and total flow in the flows' weight units, under ``weights``.
    method
        ``Method.EXACT`` (MIP) or ``Method.GREEDY``.
    status
        ``PlanStatus``: optimal, best found at time limit, or heuristic.
    capture
        Flow id → captured share 0–1, scored independently of the solver.
    bound
        Captured flow no plan for the same question can exceed: proved by the MIP solver
        (exact) or by a relaxation (greedy). ``None`` when no bound was computed.
    gains_when_added
        Greedy only: flow gained when each site was added, in order.
    """

    spec: PlanSpec
    sites: tuple[str, ...]
    captured: float
    total: float
    method: Method
    status: PlanStatus
    seconds: float
    capture: Mapping[str, float]
    weights: Mapping[str, float]
    iterations: int = 1
    gains_when_added: tuple[float, ...] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    bound: float | None = None
    solver: Solver | None = None

    @property
    def gap(self) -> float | None:
        """How far this plan may be below the best possible: ``(bound - captured) / bound``.

        0 for a proven optimum; None without a bound. "Within X% of the best possible" means
        no plan for the same question captures more than ``captured / (1 - X)``.
        """
        if self.bound is None:
            return None
        if self.bound <= 1e-12:
            return 0.0
        return max(0.0, (self.bound - self.captured) / self.bound)

    @property
    def share(self) -> float:
        """Captured share of the total flow (0–1); 0 when there is no flow."""
        return self.captured / self.total if self.total > 0 else 0.0

    @property
    def placed(self) -> tuple[str, ...]:
        """Existing checkpoints followed by the new sites."""
        return (*sorted(self.spec.existing), *self.sites)


def scored_plan(
    network: FlowNetwork,
    spec: PlanSpec,
    sites: tuple[str, ...],
    weights: Mapping[str, float],
    *,
    method: Method,
    status: PlanStatus,
    seconds: float,
    iterations: int = 1,
    gains_when_added: tuple[float, ...] | None = None,
    bound: float | None = None,
    solver: Solver | None = None,
) -> Plan:
    """A plan for ``sites``, its capture scored independently of the solver that chose them."""
    capture = capture_by_flow(network, sites, spec)
    captured = sum(weights[fid] * share for fid, share in capture.items())
    return Plan(
        spec=spec,
        sites=sites,
        captured=float(captured),
        total=network.total_weight(weights),
        method=method,
        status=status,
        seconds=seconds,
        capture=capture,
        weights=weights,
        iterations=iterations,
        gains_when_added=gains_when_added,
        bound=None if bound is None else max(float(bound), float(captured)),
        solver=solver,
    )


def site_table(network: FlowNetwork, plan: Plan) -> pd.DataFrame:
    """One row per checkpoint of the plan with its marginal gain.

    The marginal gain of a site is the flow the plan would lose without it (``capture(plan) -
    capture(plan without the site)``). Under evasive capture two sites that close each other's
    detours can both show a small marginal gain although together they capture much: the column
    ``flow_through`` (flow whose nominal route passes the site) is shown beside it for that reason.
    """
    rows = []
    total = plan.total if plan.total > 0 else 1.0
    for site in plan.placed:
        existing = site in plan.spec.existing
        without = [s for s in plan.sites if s != site]
        spec = plan.spec
        if existing:
            spec = PlanSpec(
                objective=spec.objective,
                k=spec.k,
                budget=spec.budget,
                site_cost=spec.site_cost,
                detection=spec.detection,
                existing=spec.existing - {site},
                tolerance=spec.tolerance,
                candidates=spec.candidates,
            )
        loss = plan.captured - captured_flow(network, without, spec, weights=plan.weights)
        through = sum(plan.weights[f.flow_id] for f in network.flows if site in f.path)
        node = network.graph.nodes[site]
        rows.append(
            {
                "site": site,
                "name": node.get("name", site),
                "kind": node.get("kind", ""),
                "lat": node.get("lat"),
                "lon": node.get("lon"),
                "status": "existing" if existing else "new",
                "cost": 0.0 if existing else plan.spec.cost(site),
                "detection": plan.spec.probability(site),
                "marginal_gain": loss,
                "marginal_gain_share": loss / total,
                "flow_through": through,
                "flow_through_share": through / total,
            }
        )
    frame = pd.DataFrame(rows)
    if plan.gains_when_added is not None and not frame.empty:
        added = dict(zip(plan.sites, plan.gains_when_added, strict=True))
        frame["gain_when_added"] = frame["site"].map(added)
    return frame


def build_up(network: FlowNetwork, plan: Plan) -> pd.DataFrame:
    """The plan's sites added one at a time, each step adding the most; the steps add up.

    Under evasive capture a site's marginal gain (what the plan loses without it) need not add
    up to the plan's capture: two sites that close each other's detours each lose the pair's
    whole capture when removed, and a site added alone may capture nothing because flow detours
    around it. This table avoids both: it starts from the existing checkpoints and adds the
    plan's sites in the order that gains most at each step, so ``added_share`` sums exactly to
    the plan's captured share. A step that adds nothing is explained in ``note``.
    """
    total = plan.total if plan.total > 0 else 1.0
    spec = plan.spec
    left = list(plan.sites)
    chosen: list[str] = []
    current = captured_flow(network, (), spec, weights=plan.weights)
    rows = [
        {
            "step": 0,
            "site": "",
            "name": "Existing checkpoints" if spec.existing else "No checkpoint",
            "added_share": current / total,
            "captured_share": current / total,
            "note": "",
        }
    ]
    while left:
        scores = [
            (captured_flow(network, (*chosen, s), spec, weights=plan.weights), -i, s)
            for i, s in enumerate(left)
        ]
        value, _, site = max(scores)
        chosen.append(site)
        left.remove(site)
        added = value - current
        note = ""
        if added <= 1e-12 and left:
            note = "adds nothing alone: flow still detours around it until a later site closes it"
        rows.append(
            {
                "step": len(chosen),
                "site": site,
                "name": network.name(site),
                "added_share": added / total,
                "captured_share": value / total,
                "note": note,
            }
        )
        current = value
    return pd.DataFrame(rows)


CAPTURED, PARTLY, ESCAPES = "captured", "partly captured", "escapes"


def flow_outcomes(network: FlowNetwork, plan: Plan) -> pd.DataFrame:
    """One row per flow: captured share, status and the route it is drawn along.

    Captured flows are drawn along their nominal route. Under evasive capture an escaping flow is
    drawn along the route by which it avoids the checkpoints (which may be its nominal route).
    """
    from geo.planner.evasion import evasion_routes
    from geo.planner.objectives import Objective

    detours: dict[str, tuple[str, ...] | None] = {}
    if plan.spec.objective is Objective.EVASIVE:
        detours = evasion_routes(network, plan.placed, plan.spec.tolerance)
    rows = []
    for flow in network.flows:
        share = float(plan.capture.get(flow.flow_id, 0.0))
        status = CAPTURED if share >= 1 - 1e-9 else ESCAPES if share <= 1e-9 else PARTLY
        route = detours.get(flow.flow_id) or flow.path
        rows.append(
            {
                "flow_id": flow.flow_id,
                "label": flow.label or flow.flow_id,
                "group": flow.group,
                "corridor_id": flow.corridor_id,
                "weight": float(plan.weights[flow.flow_id]),
                "captured_share": share,
                "status": status,
                "rerouted": route != flow.path,
                "route": tuple(route),
                "coords": [
                    (network.graph.nodes[n]["lat"], network.graph.nodes[n]["lon"]) for n in route
                ],
            }
        )
    return pd.DataFrame(rows)


def within_text(plan: Plan) -> str:
    """ "within X% of the best possible" for a plan with a bound (or why there is none)."""
    gap = plan.gap
    if gap is None:
        return "no bound computed"
    if gap <= 0:
        return "the best possible (proven)"
    return f"within {gap:.1%} of the best possible"


def greedy_gap(exact: Plan, greedy: Plan) -> float:
    """Relative shortfall of the greedy plan: ``(exact - greedy) / exact`` (0 when exact is 0)."""
    if exact.captured <= 0:
        return 0.0
    return max(0.0, (exact.captured - greedy.captured) / exact.captured)
