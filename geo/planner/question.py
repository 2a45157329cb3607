"""The planner page's question in domain terms: objective choices, limits, the solve deadline.

The page draws widgets; the rules that turn their values into a ``PlanSpec`` and a deadline
live here so they can be tested without a page and read in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from geo.planner.objectives import Objective, PlanSpec


class PageObjective(StrEnum):
    """What the planner asks for: a capture rule, optionally planned over sampled weights."""

    STATIC = "static"
    EVASIVE = "evasive"
    ROBUST_STATIC = "robust-static"
    ROBUST_EVASIVE = "robust-evasive"

    @property
    def label(self) -> str:
        """Label on the page."""
        return _LABELS[self]

    @property
    def capture(self) -> Objective:
        """The capture rule plans are scored by."""
        return Objective(self.value.removeprefix("robust-"))

    @property
    def robust(self) -> bool:
        """True when the plan is solved over sampled flow weights (SAA)."""
        return self.value.startswith("robust-")


_LABELS = {
    PageObjective.STATIC: "Static capture",
    PageObjective.EVASIVE: "Evasive capture (flows reroute)",
    PageObjective.ROBUST_STATIC: "Robust (static, sampled weights)",
    PageObjective.ROBUST_EVASIVE: "Robust (evasive, sampled weights)",
}


class Limit(StrEnum):
    """What limits the plan: a number of new sites, or a budget."""

    K = "number of sites (k)"
    BUDGET = "budget"


def solve_deadline(time_limit: float, curve_k: int) -> float:
    """Overall seconds allowed for one request: the plan, its checks and the coverage curve.

    Each exact solve may use ``time_limit``; the request makes at most three of them (the plan,
    the greedy check and a fallback) plus two per point of the coverage curve (static and
    evasive), so the job stops itself after that long whatever happens.
    """
    if time_limit <= 0:
        raise ValueError(f"time limit must be positive, got {time_limit!r}")
    if curve_k < 0:
        raise ValueError(f"coverage curve size must be >= 0, got {curve_k!r}")
    return float(time_limit) * (2 * int(curve_k) + 3)


def plan_spec(
    objective: PageObjective,
    *,
    limit: Limit,
    k: int,
    budget: float,
    site_cost: Mapping[str, float],
    detection: Mapping[str, float],
    existing: Iterable[str],
    tolerance: float,
) -> PlanSpec:
    """The ``PlanSpec`` for the page's inputs.

    Detection probabilities apply to static capture only (evasive capture treats every
    checkpoint as certain), and only those below 1 are kept. Raises ``PlanInputError`` (a
    ``UserInputError``) for values a plan cannot use.
    """
    capture = PageObjective(objective).capture
    probabilities = {}
    if capture is Objective.STATIC:
        probabilities = {s: float(p) for s, p in detection.items() if float(p) < 1}
    return PlanSpec(
        objective=capture,
        k=int(k) if Limit(limit) is Limit.K else None,
        budget=float(budget) if Limit(limit) is Limit.BUDGET else None,
        site_cost={s: float(c) for s, c in site_cost.items()},
        detection=probabilities,
        existing=frozenset(existing),
        tolerance=float(tolerance),
    )
