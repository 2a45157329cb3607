"""Coverage curves: the share of flow captured for k = 1…K, static and evasive side by side.

The curve shows where extra checkpoints stop paying off, and the gap between the static and the
evasive curve shows how much of a plan's apparent capture depends on smugglers not rerouting
(UNODC 2011, §6.2: networks adapt as interdiction improves). Each point is a separate optimal (or
greedy) plan, so sites at k need not be a subset of those at k + 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from geo.planner.control import SolveControl
from geo.planner.errors import PlanInputError
from geo.planner.exact import solve_exact
from geo.planner.greedy import solve_greedy
from geo.planner.kinds import Method
from geo.planner.network import FlowNetwork
from geo.planner.objectives import Objective, PlanSpec

CURVE_COLUMNS = ("k", "objective", "method", "share", "captured", "sites", "status", "seconds")


def coverage_curve(
    network: FlowNetwork,
    base: PlanSpec,
    *,
    k_max: int,
    method: Method = Method.EXACT,
    weights: Mapping[str, float] | None = None,
    time_limit: float = 30.0,
    control: SolveControl | None = None,
) -> pd.DataFrame:
    """Solve k = 1…``k_max`` for static and evasive capture; one row per solve.

    ``base`` supplies existing checkpoints, candidates, detour tolerance and (for static capture)
    detection probabilities; its ``k`` and ``budget`` are replaced.
    """
    if k_max < 1:
        raise PlanInputError(f"k_max must be >= 1, got {k_max!r}")
    method = Method(method).core
    rows = []
    total = 2 * k_max
    step = 0
    for objective in (Objective.STATIC, Objective.EVASIVE):
        detection = base.detection if objective is Objective.STATIC else {}
        for k in range(1, k_max + 1):
            spec = replace(base, objective=objective, k=k, budget=None, detection=detection)
            if method is Method.EXACT:
                plan = solve_exact(
                    network, spec, weights=weights, time_limit=time_limit, control=control
                )
            else:
                plan = solve_greedy(network, spec, weights=weights, control=control, bound=False)
            step += 1
            if control is not None:
                control.report(step / total, f"{objective.value} capture, k = {k}")
            rows.append(
                {
                    "k": k,
                    "objective": objective.value,
                    "method": method.value,
                    "share": plan.share,
                    "captured": plan.captured,
                    "sites": ", ".join(network.name(s) for s in plan.sites),
                    "status": plan.status.value,
                    "seconds": plan.seconds,
                }
            )
    return pd.DataFrame(rows, columns=list(CURVE_COLUMNS))
