"""The checkpoint plan as the pack states it: sites by name, captured share, status, method.

:class:`PlanSummary` is what the pack's plan page and slide need and nothing else. The planner
page hands over a summary made by :func:`summary_from_result` from its ``PlanningResult`` (and
the what-if closure on screen, if any); :func:`plan_summary` also reads a bare result or, as
older pages did, the site table as a DataFrame, defensively: whatever it cannot find it leaves
unstated (and the page says so) rather than inventing it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from geo.errors import UserInputError
from geo.planner.kinds import Method, PlanStatus, Solver

if TYPE_CHECKING:
    from geo.planner.plan import Plan
    from geo.planner.run import PlanningResult
    from geo.planner.whatif import WhatIf

MODEL_NOTE = (
    "Model output under the stated flow assumptions (Assumption made here), not a finding of "
    "UNODC 2011."
)

STATUS_WORDS: dict[str, str] = {
    PlanStatus.OPTIMAL: "optimal",
    PlanStatus.TIME_LIMIT: "best found at the time limit",
    PlanStatus.HEURISTIC: "best found by the greedy heuristic",
}
"""How the pack words each ``PlanStatus`` (keys are the enum's values)."""

METHOD_WORDS: dict[str, str] = {
    Method.EXACT: "exact (mixed-integer programme)",
    Method.GREEDY: "greedy heuristic (adds the site that gains most, one at a time)",
}
"""How the pack words the method behind the plan shown."""

SOLVER_WORDS: dict[str, str] = {Solver.HIGHS: "HiGHS", Solver.CBC: "CBC"}
"""Solver names as their projects spell them."""

MAX_NAMED_CLOSURES = 6
"""Closed legs and places named one by one; the rest are counted."""


class PlanFormatError(UserInputError, ValueError):
    """The checkpoint plan handed to the pack is in a form it cannot read."""


@dataclass(frozen=True)
class PlanSite:
    """One checkpoint of the plan, named as a reader knows it."""

    name: str
    kind: str = ""
    existing: bool = False
    lon: float | None = None
    lat: float | None = None
    cost: float | None = None
    gain_share: float | None = None
    through_share: float | None = None


@dataclass(frozen=True)
class RobustSpread:
    """Captured share of the robust plan across sampled flow weights."""

    draws: int
    seed: int | None
    p10: float
    p50: float
    p90: float


@dataclass(frozen=True)
class PlanSummary:
    """A solved checkpoint plan, ready to be stated.

    Shares are 0–1 shares of the modelled flow (model outputs). ``None`` means the planner did
    not hand the value over; the pack then says it is not stated.
    """

    sites: tuple[PlanSite, ...]
    objective: str = ""
    captured_share: float | None = None
    status: str | None = None
    gap: float | None = None
    """How far the plan may be below the best possible, from the proven bound (0–1)."""
    method: str | None = None
    tolerance: float | None = None
    assumptions: tuple[str, ...] = ()
    robust: RobustSpread | None = None
    within: str | None = None
    """The planner's "within X% of the best possible" text (or why there is no bound)."""
    bound_share: float | None = None
    """Share no plan for the same question can exceed (proved bound / total)."""
    greedy_share: float | None = None
    """Captured share of the greedy plan solved beside an exact one, if any."""
    greedy_gap: float | None = None
    """Relative shortfall of that greedy plan from the exact one (0–1)."""


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _names() -> dict[str, str]:
    try:
        from geo.gazetteer import load_gazetteer

        return {place.place_id: place.name for place in load_gazetteer()}
    except Exception:  # a missing gazetteer must not stop the pack: ids are then prettified
        return {}


def display_name(site_id: str, names: dict[str, str]) -> str:
    """The gazetteer name of ``site_id``, or the id made readable ('islamabad_airport' →
    'Islamabad airport') when the gazetteer does not know it."""
    if site_id in names:
        return names[site_id]
    text = str(site_id).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _site_from_row(row: dict[str, Any], names: dict[str, str]) -> PlanSite:
    site_id = str(row.get("site", "") or "")
    name = str(row.get("name", "") or "").strip()
    if not name or name == site_id:
        name = display_name(site_id or name, names)
    status = str(row.get("status", "new")).strip().lower()
    return PlanSite(
        name=name,
        kind=str(row.get("kind", "") or "").replace("_", " "),
        existing=status == "existing",
        lon=_number(row.get("lon")),
        lat=_number(row.get("lat")),
        cost=_number(row.get("cost")),
        gain_share=_number(row.get("marginal_gain_share")),
        through_share=_number(row.get("flow_through_share")),
    )


def _from_frame(frame: pd.DataFrame) -> PlanSummary:
    if not ({"name", "site", "place"} & set(frame.columns)):
        raise PlanFormatError(
            "The checkpoint plan names no sites, so it cannot go into the pack; solve it again "
            "on the Checkpoint planner."
        )
    names = _names()
    rows = frame.rename(columns={"place": "name"}).to_dict("records")
    sites = tuple(_site_from_row(row, names) for row in rows)
    first = rows[0] if rows else {}
    objective = _objective_label(str(first.get("objective", "") or ""))
    notes = {str(r.get("model_note", "")).strip() for r in rows} - {"", "nan"}
    return PlanSummary(
        sites=sites,
        objective=objective,
        captured_share=_number(frame.attrs.get("captured_share")),
        status=frame.attrs.get("status"),
        gap=_number(frame.attrs.get("gap")),
        method=frame.attrs.get("method"),
        assumptions=tuple(sorted(notes)),
        within=frame.attrs.get("within"),
    )


def _objective_label(value: str) -> str:
    try:
        from geo.planner.objectives import Objective

        return Objective(value).label
    except ValueError:
        return value


def _robust(robust: Any) -> RobustSpread | None:
    if robust is None:
        return None
    shares = np.asarray(getattr(robust, "saa_shares", ()), dtype=float)
    if shares.size == 0:
        return None
    p10, p50, p90 = (float(np.percentile(shares, p)) for p in (10, 50, 90))
    seed = getattr(robust, "seed", None)
    draws = int(getattr(robust, "n_scenarios", shares.size))
    return RobustSpread(draws, None if seed is None else int(seed), p10, p50, p90)


def _method_text(plan: Plan, robust: bool) -> str:
    method = str(plan.method)
    text = METHOD_WORDS.get(method, method)
    solver = getattr(plan, "solver", None)
    if solver is not None and method == Method.EXACT:
        text = text.removesuffix(")") + f", solver {SOLVER_WORDS.get(str(solver), str(solver))})"
    if robust:
        text += ", solved for the mean of the sampled flow weights (sample average approximation)"
    return text


def _network_assumptions(network: Any) -> list[str]:
    graph = network.graph
    notes = [str(n).strip() for n in getattr(network, "notes", ()) if str(n).strip()]
    roads = [n for n in notes if n.startswith("Road network:")]
    lines: list[str] = []
    if roads:
        lines.append("Planned on a road network the user brought, not the atlas legs. " + roads[0])
    elif any(d.get("alternative") for _u, _v, d in graph.edges(data=True)):
        added = [n for n in notes if n.startswith("Alternatives added")]
        lines.append(
            "Diversion alternatives on (closures and checkpoints push flow onto them). "
            + (added[0] if added else "Crossings, coast launches and mode switches added.")
        )
    else:
        lines.append(
            "Diversion alternatives off: only the atlas legs are routes, so flow with no route "
            "left within the detour tolerance counts as stopped"
        )
    return lines


def _closure_text(result: PlanningResult, closure: WhatIf) -> str:
    from geo.planner.whatif import Fate, rescore

    network = result.network
    named = [f"{network.name(u)} → {network.name(v)}" for u, v in closure.closed_edges]
    named += [network.name(n) for n in closure.closed_nodes]
    shown = ", ".join(named[:MAX_NAMED_CLOSURES])
    if len(named) > MAX_NAMED_CLOSURES:
        shown += f" and {len(named) - MAX_NAMED_CLOSURES} more"
    after = rescore(result.plan, closure).share
    fates = closure.weight_by_status()
    total = sum(fates.values()) or 1.0
    moved = sum(fates.get(f.value, 0.0) for f in (Fate.REROUTED, Fate.DIVERTED)) / total
    stopped = sum(v for f, v in fates.items() if Fate(f).stopped) / total
    return (
        f"What-if on screen: closed {shown}; {moved:.1%} of modelled flow reroutes within the "
        f"detour tolerance, {stopped:.1%} is stopped, and this plan then captures {after:.1%} "
        "of modelled flow"
    )


def summary_from_result(result: PlanningResult, *, closure: WhatIf | None = None) -> PlanSummary:
    """The pack's summary of a ``PlanningResult`` (and the what-if ``closure`` on screen).

    Parameters
    ----------
    result
        ``geo.planner.run.PlanningResult``: the plan, its network, the greedy check, robustness.
    closure
        ``geo.planner.whatif.WhatIf`` of the closure shown with the plan, or None.
    """
    from geo.planner.plan import site_table, within_text

    plan, network = result.plan, result.network
    robust = getattr(result, "robust", None)
    names = _names()
    table = site_table(network, plan)
    sites = tuple(_site_from_row(row, names) for row in table.to_dict("records"))
    spec = plan.spec
    objective = str(getattr(spec.objective, "label", spec.objective))
    if robust is not None:
        objective += ", robust over sampled flow weights"
    assumptions = [
        "Flow weights are assumptions made here from the report's statements, not counts.",
    ]
    if str(spec.objective) == "evasive":
        assumptions.append(
            f"Smugglers reroute onto any path up to {spec.tolerance:.0%} longer than their own "
            "(detour tolerance)."
        )
    if getattr(spec, "detection", None):
        assumptions.append("Detection probabilities per site as set on the planner.")
    if getattr(spec, "existing", None):
        assumptions.append(f"{len(spec.existing)} existing checkpoint(s) kept in place.")
    assumptions.extend(_network_assumptions(network))
    assumptions.extend(str(n) for n in getattr(plan, "notes", ()) if str(n).strip())
    if closure is not None and (closure.closed_edges or closure.closed_nodes):
        assumptions.append(_closure_text(result, closure))
    greedy = getattr(result, "greedy", None)
    bound = getattr(plan, "bound", None)
    return PlanSummary(
        sites=sites,
        objective=objective,
        captured_share=_number(plan.share),
        status=str(plan.status),
        gap=_number(plan.gap),
        method=_method_text(plan, robust is not None),
        tolerance=_number(getattr(spec, "tolerance", None)),
        assumptions=tuple(assumptions),
        robust=_robust(robust),
        within=within_text(plan),
        bound_share=None if bound is None or plan.total <= 0 else _number(bound / plan.total),
        greedy_share=None if greedy is None else _number(greedy.share),
        greedy_gap=_number(getattr(result, "gap", None)) if greedy is not None else None,
    )


def plan_summary(value: object) -> PlanSummary | None:
    """Read whatever the planner left in the shared state as a :class:`PlanSummary`.

    Accepts ``None`` (no plan yet), a ``PlanSummary``, a planning result (an object with
    ``plan`` and ``network``) or a site table (DataFrame with ``name`` or ``site``). Anything
    else raises :class:`PlanFormatError` with a sentence for the page.
    """
    if value is None:
        return None
    if isinstance(value, PlanSummary):
        return value
    if isinstance(value, pd.DataFrame):
        return None if value.empty else _from_frame(value)
    if hasattr(value, "plan") and hasattr(value, "network"):
        try:
            return summary_from_result(cast("PlanningResult", value))
        except (AttributeError, KeyError, TypeError, ValueError) as err:
            raise PlanFormatError(
                "The checkpoint plan could not be read; solve it again on the Checkpoint planner."
            ) from err
    raise PlanFormatError(
        "The checkpoint plan is in a form the pack does not read; solve it again on the "
        "Checkpoint planner."
    )


def status_sentence(plan: PlanSummary) -> str:
    """'Captured share of modelled flow: 41.0% (optimal). It is the best possible (proven).'

    The closeness comes from the bound the planner proved ("within X% of the best possible");
    a greedy plan solved beside an exact one is stated with its shortfall.
    """
    if plan.captured_share is None:
        return "Captured share of modelled flow: not handed over by the planner."
    status = STATUS_WORDS.get(plan.status or "", plan.status or "status not stated")
    text = f"Captured share of modelled flow: {plan.captured_share:.1%} ({status})."
    if plan.gap is not None and plan.within:
        text += f" It is {plan.within}"
        if plan.gap > 0 and plan.bound_share is not None:
            text += f": no plan for the same question captures more than {plan.bound_share:.1%}"
        text += "."
    elif plan.within:
        text += f" How close to the best possible: {plan.within}."
    else:
        text += " How close it is to the best possible: not handed over by the planner."
    if plan.greedy_share is not None and plan.greedy_gap is not None:
        text += (
            f" The greedy heuristic's plan captures {plan.greedy_share:.1%}, "
            f"{plan.greedy_gap:.1%} less than this plan."
        )
    return text


def robust_sentence(spread: RobustSpread) -> str:
    """Draws, seed and P10/P50/P90 of the captured share, in one sentence."""
    seed = "no fixed seed" if spread.seed is None else f"seed {spread.seed}"
    return (
        f"Robust plan over {spread.draws:,} sampled sets of flow weights ({seed}): captured "
        f"share P10 {spread.p10:.1%}, P50 {spread.p50:.1%}, P90 {spread.p90:.1%}."
    )


def site_names(plan: PlanSummary) -> Iterable[str]:
    """The plan's site names in plan order."""
    return (site.name for site in plan.sites)
