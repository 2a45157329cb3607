"""The planner's named states: how a plan ended, how it was found, which solver, job states.

These values cross modules (solvers, the page, exports, the benchmark), so they are enums
rather than bare strings; each is a ``StrEnum`` so exports and saved plans keep the same text.
"""

from __future__ import annotations

from enum import StrEnum


class PlanStatus(StrEnum):
    """How a solve ended."""

    OPTIMAL = "optimal"
    """The solver proved that no plan captures more (within its tolerance of 1e-6)."""
    TIME_LIMIT = "best found at time limit"
    """The time limit ended the search; the plan's bound says how far it can be from the best."""
    HEURISTIC = "heuristic"
    """A greedy plan; its bound comes from a relaxation."""


class Method(StrEnum):
    """How the page asks for a plan."""

    EXACT = "exact"
    GREEDY = "greedy"
    BOTH = "exact and greedy"

    @property
    def core(self) -> Method:
        """The solver behind the shown plan (``BOTH`` shows the exact plan)."""
        return Method.GREEDY if self is Method.GREEDY else Method.EXACT


class Solver(StrEnum):
    """Mixed-integer solver behind exact plans."""

    HIGHS = "highs"
    """HiGHS through ``highspy`` (default): reports its dual bound, stops on request."""
    CBC = "cbc"
    """COIN-OR CBC, the binary bundled with PuLP."""


class JobState(StrEnum):
    """State of a background solve."""

    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
