"""What a checkpoint plan is asked to achieve, and how much flow a given plan captures.

Two capture rules are implemented, both evaluated exactly for any set of sites:

* **static** (the flow-capturing location model, Hodgson 1990): a flow follows its nominal route
  and is captured when that route passes a checkpoint. With a detection probability ``p`` per site,
  a flow passing several checkpoints escapes all of them with probability ``prod(1 - p)``, so the
  expected captured share is ``1 - prod(1 - p)``.
* **evasive** (Marković et al. 2015): a flow is captured only when every acceptable route (within
  the detour tolerance) passes a checkpoint; detection at a checkpoint is taken as certain.

The solvers (``exact``, ``greedy``, ``robust``) optimise these rules; this module is the referee
that tests and reports use to score any plan independently of how it was found.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from geo.planner.errors import PlanInputError
from geo.planner.evasion import evasion_routes
from geo.planner.network import FlowNetwork, NetworkError


class Objective(StrEnum):
    """Capture rule a plan is scored by."""

    STATIC = "static"
    EVASIVE = "evasive"

    @property
    def label(self) -> str:
        """Label used on the page and in exports."""
        return _LABELS[self]


_LABELS = {
    Objective.STATIC: "Static capture (flows keep their routes)",
    Objective.EVASIVE: "Evasive capture (flows reroute within the detour tolerance)",
}


@dataclass(frozen=True)
class PlanSpec:
    """The question a planner asks: how many sites, at what cost, scored by which rule.

    Parameters
    ----------
    objective
        Capture rule.
    k
        Maximum number of new sites (existing checkpoints do not count). None: no count limit.
    budget
        Maximum total cost of new sites (``site_cost``, default 1 per site). None: no budget.
    site_cost
        Cost per candidate site; sites not listed cost 1.
    detection
        Detection probability per site in (0, 1]; sites not listed detect with certainty.
        Static capture only.
    existing
        Checkpoints already in place; they capture flow but are not chosen.
    tolerance
        Detour tolerance for evasive capture (0.2 = routes up to 20% longer are acceptable).
    candidates
        Sites the solver may choose from; default: the network's candidate nodes.
    """

    objective: Objective = Objective.STATIC
    k: int | None = None
    budget: float | None = None
    site_cost: Mapping[str, float] = field(default_factory=dict)
    detection: Mapping[str, float] = field(default_factory=dict)
    existing: frozenset[str] = frozenset()
    tolerance: float = 0.0
    candidates: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "objective", Objective(self.objective))
        object.__setattr__(self, "existing", frozenset(self.existing))
        if self.k is None and self.budget is None:
            raise PlanInputError("give a number of sites k, a budget, or both")
        if self.k is not None and (not isinstance(self.k, int) or self.k < 0):
            raise PlanInputError(f"k must be a non-negative integer, got {self.k!r}")
        if self.budget is not None and not (math.isfinite(self.budget) and self.budget >= 0):
            raise PlanInputError(f"budget must be a non-negative number, got {self.budget!r}")
        for site, cost in self.site_cost.items():
            if not (math.isfinite(cost) and cost > 0):
                raise PlanInputError(
                    f"cost of site {site!r} must be a positive number, got {cost!r}"
                )
        for site, p in self.detection.items():
            if not (0 < p <= 1):
                raise PlanInputError(
                    f"detection probability of {site!r} must be in (0, 1], got {p!r}"
                )
        if not (math.isfinite(self.tolerance) and self.tolerance >= 0):
            raise PlanInputError(f"detour tolerance must be >= 0, got {self.tolerance!r}")
        if self.objective is Objective.EVASIVE and any(p < 1 for p in self.detection.values()):
            raise PlanInputError(
                "detection probabilities apply to static capture only; evasive capture treats "
                "each checkpoint as certain"
            )

    def cost(self, site: str) -> float:
        """Cost of one site (1 unless set)."""
        return float(self.site_cost.get(site, 1.0))

    def probability(self, site: str) -> float:
        """Detection probability of one site (1 unless set)."""
        return float(self.detection.get(site, 1.0))

    @property
    def uses_probabilities(self) -> bool:
        """True when some site detects with probability below 1."""
        return any(p < 1 for p in self.detection.values())

    def candidate_sites(self, network: FlowNetwork) -> tuple[str, ...]:
        """Candidate sites, checked against the network, minus existing checkpoints."""
        pool = network.candidates if self.candidates is None else self.candidates
        for site in (*pool, *self.existing):
            if site not in network.graph:
                raise NetworkError(f"unknown site {site!r}")
        return tuple(s for s in dict.fromkeys(pool) if s not in self.existing)

    def feasible(self, sites: Iterable[str]) -> bool:
        """True when the new ``sites`` respect ``k`` and ``budget``."""
        sites = [s for s in sites if s not in self.existing]
        if self.k is not None and len(sites) > self.k:
            return False
        if self.budget is not None and sum(self.cost(s) for s in sites) > self.budget + 1e-9:
            return False
        return True


def capture_by_flow(network: FlowNetwork, sites: Iterable[str], spec: PlanSpec) -> dict[str, float]:
    """Captured share (0–1) of each flow when checkpoints stand at ``sites`` and ``existing``."""
    placed = set(sites) | set(spec.existing)
    if spec.objective is Objective.EVASIVE:
        routes = evasion_routes(network, placed, spec.tolerance)
        return {fid: 0.0 if route is not None else 1.0 for fid, route in routes.items()}
    result: dict[str, float] = {}
    for flow in network.flows:
        escape = 1.0
        for node in flow.path:
            if node in placed:
                escape *= 1.0 - spec.probability(node)
        result[flow.flow_id] = 1.0 - escape
    return result


def captured_flow(
    network: FlowNetwork,
    sites: Iterable[str],
    spec: PlanSpec,
    *,
    weights: Mapping[str, float] | None = None,
) -> float:
    """Total captured flow (in the flows' weight units) for a plan."""
    weights = weights or network.point_weights()
    shares = capture_by_flow(network, sites, spec)
    return float(sum(weights[fid] * share for fid, share in shares.items()))
